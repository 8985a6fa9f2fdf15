using OpenRouterSaaS.Domain.Credentials;

namespace OpenRouterSaaS.Application.Keys;

/// <summary>A stored key as pages show it: mask, fingerprint and what OpenRouter last said; never the key.</summary>
public sealed record StoredKey(
    Guid Id,
    CredentialKind Kind,
    string Mask,
    string Fingerprint,
    KeyStatus Status,
    string? Label,
    decimal? Limit,
    decimal? LimitRemaining,
    decimal? Usage,
    DateTimeOffset? CheckedAt,
    DateOnly? ExpiresOn,
    bool IsExpired,
    DateTimeOffset UpdatedAt)
{
    public static StoredKey From(OpenRouterCredential credential, DateTimeOffset now) => new(
        credential.Id, credential.Kind, credential.Mask, credential.Fingerprint, credential.Status, credential.Label, credential.Limit,
        credential.LimitRemaining, credential.Usage, credential.CheckedAt, credential.ExpiresOn, credential.IsExpiredAt(now), credential.UpdatedAt);
}
