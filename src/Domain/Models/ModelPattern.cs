using OpenRouterSaaS.Domain.Common;

namespace OpenRouterSaaS.Domain.Models;

/// <summary>
/// An entry of a model allow- or deny-list: an exact model id (<c>openai/gpt-4o</c>) or a glob where <c>*</c>
/// stands for any run of characters, '/' included (<c>anthropic/*</c>, <c>*:free</c>, <c>openai/gpt-4o*</c>).
/// Stored in lowercase; it matches model ids case-insensitively.
/// </summary>
public sealed record ModelPattern
{
    public const int MaxLength = 150;

    public const char Wildcard = '*';

    public const string AllowedCharactersText = "lowercase letters, digits, '.', '_', ':', '/', '-', and '*' as a wildcard";

    private ModelPattern(string value) => Value = value;

    /// <summary>The pattern in lowercase, as stored.</summary>
    public string Value { get; }

    /// <summary>True for a glob; false for an exact model id.</summary>
    public bool HasWildcard => Value.Contains(Wildcard, StringComparison.Ordinal);

    /// <summary>Reads what a person typed: surrounding spaces are dropped and letters lowered before the rules are checked.</summary>
    public static Result<ModelPattern> Create(string? text)
    {
        var typed = text?.Trim() ?? "";
        if (Problem(typed) is { } problem)
        {
            return Error.Invalid(problem);
        }

        return new ModelPattern(typed.ToLowerInvariant());
    }

    /// <summary>For patterns already stored, which were checked when they were saved.</summary>
    public static ModelPattern Parse(string text) =>
        Create(text) is { IsSuccess: true } result
            ? result.Value
            : throw new FormatException($"\"{text}\" is not a valid model pattern.");

    /// <summary>Returns why <paramref name="text"/> (trimmed; any letter case) cannot be a pattern, or null when it can. The message names the pattern.</summary>
    public static string? Problem(string? text)
    {
        var typed = text?.Trim() ?? "";
        if (typed.Length == 0)
        {
            return "A pattern is empty; enter a model id such as openai/gpt-4o or a pattern such as anthropic/*.";
        }

        if (typed.Length > MaxLength)
        {
            return $"\"{typed[..40]}…\" is too long: a pattern can be at most {MaxLength} characters.";
        }

        var value = typed.ToLowerInvariant();
        if (!value.All(IsAllowed))
        {
            return $"\"{typed}\" is not a valid pattern: use only {AllowedCharactersText}.";
        }

        return value.Contains("**", StringComparison.Ordinal)
            ? $"\"{typed}\" contains \"**\": a single '*' already matches any run of characters."
            : null;
    }

    /// <summary>Whether the pattern matches <paramref name="modelId"/>, ignoring letter case.</summary>
    public bool Matches(string modelId)
    {
        // Classic wildcard matching with one backtrack point: linear for patterns without '*', never exponential.
        var pattern = Value;
        int p = 0, m = 0, star = -1, starMatch = 0;
        while (m < modelId.Length)
        {
            if (p < pattern.Length && pattern[p] != Wildcard && pattern[p] == char.ToLowerInvariant(modelId[m]))
            {
                p++;
                m++;
            }
            else if (p < pattern.Length && pattern[p] == Wildcard)
            {
                star = p++;
                starMatch = m;
            }
            else if (star >= 0)
            {
                p = star + 1;
                m = ++starMatch;
            }
            else
            {
                return false;
            }
        }

        while (p < pattern.Length && pattern[p] == Wildcard)
        {
            p++;
        }

        return p == pattern.Length;
    }

    public override string ToString() => Value;

    private static bool IsAllowed(char c) => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '.' or '_' or ':' or '/' or '-' or Wildcard;
}
