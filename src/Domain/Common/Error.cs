namespace OpenRouterSaaS.Domain.Common;

/// <summary>The kind of an expected failure; the web edge maps each kind to one status code.</summary>
public enum ErrorKind
{
    Invalid,
    NotFound,
    Forbidden,
    Conflict,
}

/// <summary>An expected failure: a message a person can act on, and field errors where input was at fault.</summary>
public sealed record Error(ErrorKind Kind, string Message, IReadOnlyDictionary<string, string[]>? FieldErrors = null)
{
    public static Error NotFound(string message) => new(ErrorKind.NotFound, message);

    public static Error Forbidden(string message) => new(ErrorKind.Forbidden, message);

    public static Error Conflict(string message) => new(ErrorKind.Conflict, message);

    public static Error Invalid(string message) => new(ErrorKind.Invalid, message);

    /// <summary>An input error tied to one field, so forms can show it next to that field.</summary>
    public static Error InvalidField(string field, string message) =>
        new(ErrorKind.Invalid, message, new Dictionary<string, string[]> { [field] = [message] });
}
