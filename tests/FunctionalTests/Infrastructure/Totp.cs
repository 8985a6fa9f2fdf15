using System.Buffers.Binary;
using System.Security.Cryptography;

namespace OpenRouterSaaS.FunctionalTests.Infrastructure;

/// <summary>What an authenticator app computes from the key it was given: a time-based one-time code (RFC 6238).</summary>
public static class Totp
{
    private static readonly TimeSpan Step = TimeSpan.FromSeconds(30);

    /// <summary>The 6-digit code for <paramref name="sharedKey"/> (base32, as the page shows it, spaces allowed) at <paramref name="time"/>.</summary>
    public static string Code(string sharedKey, DateTimeOffset time)
    {
        Span<byte> counter = stackalloc byte[8];
        BinaryPrimitives.WriteInt64BigEndian(counter, time.ToUnixTimeSeconds() / (long)Step.TotalSeconds);
#pragma warning disable CA5350 // RFC 6238 and every authenticator app use HMAC-SHA1 here; it is what the server checks.
        var hash = HMACSHA1.HashData(Base32Decode(sharedKey), counter);
#pragma warning restore CA5350
        var offset = hash[^1] & 0x0F;
        var number = ((hash[offset] & 0x7F) << 24) | (hash[offset + 1] << 16) | (hash[offset + 2] << 8) | hash[offset + 3];
        return (number % 1_000_000).ToString("D6", System.Globalization.CultureInfo.InvariantCulture);
    }

    private static byte[] Base32Decode(string text)
    {
        const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        var bytes = new List<byte>();
        int buffer = 0, bits = 0;
        foreach (var character in text.Replace(" ", "", StringComparison.Ordinal).TrimEnd('=').ToUpperInvariant())
        {
            buffer = (buffer << 5) | Alphabet.IndexOf(character, StringComparison.Ordinal);
            bits += 5;
            if (bits >= 8)
            {
                bits -= 8;
                bytes.Add((byte)(buffer >> bits));
                buffer &= (1 << bits) - 1;
            }
        }

        return [.. bytes];
    }
}
