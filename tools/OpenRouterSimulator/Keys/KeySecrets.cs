using System.Security.Cryptography;
using System.Text;

namespace OpenRouterSimulator.Keys;

/// <summary>How OpenRouter-style key secrets look, are minted, hashed, masked and fingerprinted.</summary>
internal static class KeySecrets
{
    public const string Prefix = "sk-or-v1-";
    private const int HexLength = 64;

    public static string Mint() => Prefix + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));

    /// <summary>The demo keys are <c>sk-or-v1-</c> + hex(SHA-256("{seed}/{role}")), so scripts can compute them.</summary>
    public static string Derive(string seed, string role) =>
        Prefix + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{seed}/{role}")));

    public static bool IsWellFormed(string? secret)
    {
        if (secret is null || secret.Length != Prefix.Length + HexLength || !secret.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return false;
        }

        foreach (var c in secret.AsSpan(Prefix.Length))
        {
            if (!char.IsAsciiHexDigitLower(c) && !char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The key's public identifier in <c>/keys</c>: lowercase hex SHA-256 of the secret.</summary>
    public static string Hash(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    /// <summary>First 12 hex of SHA-256: safe to log, enough to tell keys apart.</summary>
    public static string Fingerprint(string secret) => Hash(secret)[..12];

    /// <summary>The masked form OpenRouter shows as a key's label, e.g. <c>sk-or-v1-0e6...1c96</c>.</summary>
    public static string Mask(string secret) =>
        secret.Length > Prefix.Length + 7
            ? string.Concat(secret.AsSpan(0, Prefix.Length + 3), "...", secret.AsSpan(secret.Length - 4))
            : "sk-or-v1-...";

    /// <summary>Reads the bearer token of a request, or null.</summary>
    public static string? ReadBearer(string? authorization)
    {
        const string scheme = "Bearer ";
        if (authorization is null || !authorization.StartsWith(scheme, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var token = authorization.AsSpan(scheme.Length).Trim();
        return token.IsEmpty ? null : token.ToString();
    }
}
