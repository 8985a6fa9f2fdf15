using System.Text.RegularExpressions;

namespace OpenRouterSaaS.Domain.ApiTokens;

/// <summary>What a personal API token looks like: <c>ors_</c> and the base64url form of 32 random bytes (43 characters).</summary>
public static partial class ApiTokenFormat
{
    public const string Prefix = "ors_";

    public const int Length = 47;

    /// <summary>Whether <paramref name="value"/> has the shape of a token; says nothing about whether it exists.</summary>
    public static bool IsWellFormed(string? value) => value is { Length: Length } && Shape().IsMatch(value);

    /// <summary>Whether <paramref name="text"/> contains something shaped like a token anywhere, such as in a message about to be stored.</summary>
    public static bool AppearsIn(string? text) => text is not null && Embedded().IsMatch(text);

    [GeneratedRegex("^ors_[A-Za-z0-9_-]{43}$", RegexOptions.CultureInvariant)]
    private static partial Regex Shape();

    [GeneratedRegex("ors_[A-Za-z0-9_-]{20,}", RegexOptions.CultureInvariant)]
    private static partial Regex Embedded();
}
