using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using OpenRouterSaaS.Application.Common.Exceptions;
using OpenRouterSaaS.Application.Common.Interfaces;
using OpenRouterSaaS.Domain.Secrets;

namespace OpenRouterSaaS.Infrastructure.Secrets;

/// <summary>
/// AES-256-GCM with a fresh 96-bit nonce per secret. Stored form: <c>v1.&lt;masterKeyId&gt;.&lt;base64(nonce | ciphertext | tag)&gt;</c>;
/// the associated data binds the ciphertext to its tenant, owner and credential id.
/// </summary>
public sealed class SecretProtector : ISecretProtector
{
    private const string Version = "v1";
    private const int NonceSize = 12;
    private const int TagSize = 16;

    private readonly string _activeKeyId;
    private readonly Dictionary<string, byte[]> _keys;

    public SecretProtector(IOptions<SecretsOptions> options)
    {
        var settings = options.Value;
        var problems = settings.Problems();
        if (problems.Count > 0)
        {
            throw new InvalidOperationException("The master keys are not configured correctly: " + string.Join(" ", problems));
        }

        _activeKeyId = settings.ActiveKeyId!;
        _keys = settings.MasterKeys.ToDictionary(pair => pair.Key, pair => SecretsOptions.Decode(pair.Value)!, StringComparer.Ordinal);
    }

    public static bool IsValidKeyId(string id) =>
        id.Length is > 0 and <= 32 && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');

    public string Protect(string plaintext, SecretBinding binding)
    {
        var plain = Encoding.UTF8.GetBytes(plaintext);
        var sealedBytes = new byte[NonceSize + plain.Length + TagSize];
        var nonce = sealedBytes.AsSpan(0, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using (var aes = new AesGcm(_keys[_activeKeyId], TagSize))
        {
            aes.Encrypt(nonce, plain, sealedBytes.AsSpan(NonceSize, plain.Length), sealedBytes.AsSpan(NonceSize + plain.Length), AssociatedData(binding));
        }

        CryptographicOperations.ZeroMemory(plain);
        return $"{Version}.{_activeKeyId}.{Convert.ToBase64String(sealedBytes)}";
    }

    public string Unprotect(string stored, SecretBinding binding)
    {
        var (keyId, sealedBytes) = Parse(stored);
        if (!_keys.TryGetValue(keyId, out var key))
        {
            throw new SecretUnreadableException($"it was encrypted with master key \"{keyId}\", which is not configured");
        }

        var cipherLength = sealedBytes.Length - NonceSize - TagSize;
        var plain = new byte[cipherLength];
        try
        {
            using var aes = new AesGcm(key, TagSize);
            aes.Decrypt(sealedBytes.AsSpan(0, NonceSize), sealedBytes.AsSpan(NonceSize, cipherLength), sealedBytes.AsSpan(NonceSize + cipherLength), plain, AssociatedData(binding));
            return Encoding.UTF8.GetString(plain);
        }
        catch (AuthenticationTagMismatchException)
        {
            throw new SecretUnreadableException("it was altered, or belongs to another row");
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plain);
        }
    }

    public bool NeedsRotation(string stored) => Parse(stored).KeyId != _activeKeyId;

    private static (string KeyId, byte[] Sealed) Parse(string stored)
    {
        var parts = stored.Split('.');
        if (parts.Length != 3 || parts[0] != Version || !IsValidKeyId(parts[1]))
        {
            throw new SecretUnreadableException("it is not in the v1.<masterKeyId>.<data> form");
        }

        var buffer = new byte[Base64.GetMaxDecodedFromUtf8Length(parts[2].Length)];
        if (!Convert.TryFromBase64String(parts[2], buffer, out var written) || written < NonceSize + TagSize)
        {
            throw new SecretUnreadableException("its data is not valid base64 of a nonce, ciphertext and tag");
        }

        return (parts[1], buffer[..written]);
    }

    private static byte[] AssociatedData(SecretBinding binding) => Encoding.UTF8.GetBytes(binding.ToAssociatedData());
}
