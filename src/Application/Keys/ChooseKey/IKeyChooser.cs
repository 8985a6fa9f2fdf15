using OpenRouterSaaS.Domain.Common;
using OpenRouterSaaS.Domain.Credentials;

namespace OpenRouterSaaS.Application.Keys.ChooseKey;

/// <summary>Decides which OpenRouter key pays for a member's call in the current tenant (see <see cref="KeyChoice"/>).</summary>
public interface IKeyChooser
{
    /// <summary>The decision alone, without reading any key: for pages that explain it.</summary>
    Task<Result<KeyDecision>> DecideAsync(Guid userId, CancellationToken cancellationToken = default);

    /// <summary>
    /// The key for one call: decided, then decrypted. Forbidden, with the rule in words, when no key may be used.
    /// Call it right before the call and drop the key after it.
    /// </summary>
    Task<Result<ChosenKey>> ChooseAsync(Guid userId, CancellationToken cancellationToken = default);

    /// <summary>What the choice reads about a member of the current tenant; NotFound when they are not one.</summary>
    Task<Result<KeySituation>> ReadSituationAsync(Guid userId, CancellationToken cancellationToken = default);

    /// <summary><see cref="ChooseAsync"/> on a situation already read: decided now, then decrypted.</summary>
    Result<ChosenKey> Choose(KeySituation situation);
}

/// <summary>What the key choice reads about one member: the tenant's policy, their personal key, the shared key, and whether they may use it.</summary>
public sealed record KeySituation(KeyPolicy Policy, OpenRouterCredential? Personal, OpenRouterCredential? Shared, bool MayUseSharedKey);

/// <summary>The key chosen for one call. <see cref="ToString"/> names it by mask and fingerprint only.</summary>
public sealed class ChosenKey(CredentialKind kind, Guid credentialId, string mask, string fingerprint, string apiKey)
{
    public CredentialKind Kind { get; } = kind;

    public Guid CredentialId { get; } = credentialId;

    public string Mask { get; } = mask;

    public string Fingerprint { get; } = fingerprint;

    /// <summary>The decrypted key: pass it to the one OpenRouter call; never log, store or show it.</summary>
    public string ApiKey { get; } = apiKey;

    public override string ToString() => $"{Kind} key {Mask} ({Fingerprint})";
}
