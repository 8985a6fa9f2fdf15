using System.Text;

namespace OpenRouterSaaS.Application.Common.Interfaces;

/// <summary>
/// Minting and managing OpenRouter API keys with a management key (<c>/keys</c>): each key gets its own spending limit.
/// A key of another account, or one that does not exist, is <c>NotFound</c>.
/// </summary>
public interface IKeyProvisioning
{
    Task<IReadOnlyList<ProvisionedKey>> ListKeysAsync(
        string managementKey, bool includeDisabled = false, int offset = 0, CancellationToken cancellationToken = default);

    /// <summary>Creates a key. The returned secret is shown by OpenRouter this once only.</summary>
    Task<MintedKey> CreateKeyAsync(string managementKey, NewKey key, CancellationToken cancellationToken = default);

    Task<ProvisionedKey> GetKeyAsync(string managementKey, string keyHash, CancellationToken cancellationToken = default);

    Task<ProvisionedKey> UpdateKeyAsync(string managementKey, string keyHash, KeyChanges changes, CancellationToken cancellationToken = default);

    Task DeleteKeyAsync(string managementKey, string keyHash, CancellationToken cancellationToken = default);
}

/// <summary>A key to mint: its name, and its spending limit in USD (none when null) with the window the limit applies to.</summary>
public sealed record NewKey(
    string Name,
    decimal? Limit = null,
    KeyLimitReset LimitReset = KeyLimitReset.Never,
    bool IncludeByokInLimit = false,
    DateTimeOffset? ExpiresAt = null);

/// <summary>Changes to a key; a null property is left as it is. <see cref="Limit"/> set with a null amount removes the limit.</summary>
public sealed record KeyChanges(
    string? Name = null,
    bool? Disabled = null,
    KeyLimitChange? Limit = null,
    KeyLimitReset? LimitReset = null,
    bool? IncludeByokInLimit = null);

/// <summary>A new spending limit in USD; null removes the limit.</summary>
public sealed record KeyLimitChange(decimal? Amount);

/// <summary>A key minted through the management API, as <c>/keys</c> shows it (never its secret).</summary>
/// <param name="Hash">The key's identifier on OpenRouter: lowercase hex SHA-256 of the key.</param>
public sealed record ProvisionedKey(
    string Hash,
    string Name,
    string Label,
    bool Disabled,
    decimal? Limit,
    decimal? LimitRemaining,
    KeyLimitReset LimitReset,
    bool IncludeByokInLimit,
    KeySpend Usage,
    DateTimeOffset? CreatedAt,
    DateTimeOffset? UpdatedAt,
    DateTimeOffset? ExpiresAt);

/// <summary>A freshly minted key with its secret. Its text form masks the secret, so logging it leaks nothing.</summary>
public sealed record MintedKey(ProvisionedKey Key, string Secret)
{
    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append("Key = ").Append(Key).Append(", Secret = (hidden)");
        return true;
    }
}
