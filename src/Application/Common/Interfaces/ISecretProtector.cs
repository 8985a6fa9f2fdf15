using OpenRouterSaaS.Domain.Secrets;

namespace OpenRouterSaaS.Application.Common.Interfaces;

/// <summary>
/// Encrypts secrets (OpenRouter keys) for storage, bound to the row that holds them, so a ciphertext
/// copied to another row or tenant does not decrypt.
/// </summary>
public interface ISecretProtector
{
    string Protect(string plaintext, SecretBinding binding);

    /// <summary>Decrypts a stored secret; throws <see cref="Exceptions.SecretUnreadableException"/> when it was tampered with, moved, or its master key is gone.</summary>
    string Unprotect(string stored, SecretBinding binding);

    /// <summary>Whether <paramref name="stored"/> was encrypted under a master key other than the active one.</summary>
    bool NeedsRotation(string stored);
}
