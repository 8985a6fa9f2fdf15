using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace OpenRouterSaaS.Domain.Credentials;

/// <summary>What a pasted OpenRouter key must look like, and the only forms in which a stored one is shown again.</summary>
public static class OpenRouterKeyFormat
{
    public const string Prefix = "sk-or-";
    public const int MaxLength = 200;

    private const int MaskedStart = 9;
    private const int MaskedEnd = 4;
    private const int FingerprintLength = 12;

    /// <summary>Why <paramref name="key"/> cannot be an OpenRouter key, or null when it can. Never repeats the key.</summary>
    public static string? Problem(string? key)
    {
        if (string.IsNullOrEmpty(key))
        {
            return "Enter an OpenRouter key.";
        }

        if (key.Length > MaxLength)
        {
            return $"An OpenRouter key is at most {MaxLength} characters long; this one has {key.Length}.";
        }

        if (key.Any(IsInvisible))
        {
            return "The key contains spaces, line breaks or other invisible characters; copy it again from OpenRouter.";
        }

        return key.StartsWith(Prefix, StringComparison.Ordinal)
            ? null
            : $"An OpenRouter key starts with {Prefix} (for example sk-or-v1-…); this does not look like one.";
    }

    /// <summary>
    /// The key with all but its first 9 and last 4 characters hidden (<c>sk-or-v1-…a1b2</c>). A key too short to hide
    /// enough of shows only its prefix.
    /// </summary>
    public static string Mask(string key) =>
        key.Length >= MaskedStart + MaskedEnd + 16
            ? string.Concat(key.AsSpan(0, MaskedStart), "…", key.AsSpan(key.Length - MaskedEnd))
            : Prefix + "…";

    /// <summary>The first 12 hex characters of the key's SHA-256: tells keys apart without revealing them.</summary>
    public static string Fingerprint(string key) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)))[..FingerprintLength];

    private static bool IsInvisible(char character) =>
        char.IsWhiteSpace(character) || char.IsControl(character) || char.GetUnicodeCategory(character) == UnicodeCategory.Format;
}
