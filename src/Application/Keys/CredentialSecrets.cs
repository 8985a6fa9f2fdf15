using OpenRouterSaaS.Application.Common.Interfaces;
using OpenRouterSaaS.Domain.Credentials;

namespace OpenRouterSaaS.Application.Keys;

/// <summary>How a stored key is bound to its row, so that it decrypts only there.</summary>
public static class CredentialSecrets
{
    /// <summary>The key itself, for one call to OpenRouter; throws <see cref="Common.Exceptions.SecretUnreadableException"/> when it cannot be read.</summary>
    public static string Reveal(this ISecretProtector protector, OpenRouterCredential credential) =>
        protector.Unprotect(credential.EncryptedKey, credential.Binding);
}
