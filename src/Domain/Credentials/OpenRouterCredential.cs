using OpenRouterSaaS.Domain.Common;
using OpenRouterSaaS.Domain.Secrets;

namespace OpenRouterSaaS.Domain.Credentials;

/// <summary>
/// An OpenRouter key stored for a tenant: a member's own key, the shared key or the management key. The key itself is
/// kept only encrypted (bound to this row: its tenant, owner and id); a mask and a fingerprint are all that is shown again.
/// </summary>
public sealed class OpenRouterCredential : IHoldsSecrets
{
    /// <summary>Room for the encrypted form of a key of <see cref="OpenRouterKeyFormat.MaxLength"/> characters.</summary>
    public const int EncryptedKeyMaxLength = 512;

    /// <summary>OpenRouter's label is kept up to this length; a longer one is cut.</summary>
    public const int LabelMaxLength = 200;

    private OpenRouterCredential() { }

    /// <summary>
    /// A new credential. <paramref name="id"/> is chosen before the key is encrypted, because the encryption binds the
    /// ciphertext to it.
    /// </summary>
    public OpenRouterCredential(Guid id, Guid tenantId, CredentialKind kind, Guid? ownerUserId, string encryptedKey, string mask, string fingerprint, KeyCheck check, DateOnly? expiresOn, DateTimeOffset now)
    {
        if ((kind == CredentialKind.Personal) != ownerUserId.HasValue)
        {
            throw new ArgumentException("A personal key has an owner; the shared and management keys have none.", nameof(ownerUserId));
        }

        Id = id;
        TenantId = tenantId;
        Kind = kind;
        OwnerUserId = ownerUserId;
        CreatedAt = now;
        Replace(encryptedKey, mask, fingerprint, check, expiresOn, now);
    }

    public Guid Id { get; private set; }

    public Guid TenantId { get; private set; }

    public CredentialKind Kind { get; private set; }

    /// <summary>The member a personal key belongs to; null for the shared and management keys.</summary>
    public Guid? OwnerUserId { get; private set; }

    /// <summary>The key encrypted for this row (<c>v1.&lt;masterKeyId&gt;.&lt;base64&gt;</c>); never the key itself.</summary>
    public string EncryptedKey { get; private set; } = "";

    /// <summary><c>sk-or-v1-…a1b2</c>.</summary>
    public string Mask { get; private set; } = "";

    /// <summary>First 12 hex of the key's SHA-256.</summary>
    public string Fingerprint { get; private set; } = "";

    public KeyStatus Status { get; private set; }

    /// <summary>OpenRouter's label for the key at the last check.</summary>
    public string? Label { get; private set; }

    /// <summary>The key's spending limit in USD at the last check; null when it has none.</summary>
    public decimal? Limit { get; private set; }

    /// <summary>What was left of the limit at the last check.</summary>
    public decimal? LimitRemaining { get; private set; }

    /// <summary>What the key had spent in all, in USD, at the last check.</summary>
    public decimal? Usage { get; private set; }

    /// <summary>When OpenRouter last answered about the key; null when it never has (saved unverified).</summary>
    public DateTimeOffset? CheckedAt { get; private set; }

    /// <summary>The day from which the key is no longer used (UTC), as its owner chose; null for no expiry.</summary>
    public DateOnly? ExpiresOn { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    /// <summary>Whether the key has expired by <paramref name="now"/>: from the start (UTC) of its expiry day on.</summary>
    public bool IsExpiredAt(DateTimeOffset now) => HasExpired(ExpiresOn, now);

    public static bool HasExpired(DateOnly? expiresOn, DateTimeOffset now) =>
        expiresOn is { } day && DateOnly.FromDateTime(now.UtcDateTime) >= day;

    /// <summary>Puts another key in this row, in one change: the old key is gone only when the row is saved with the new one.</summary>
    public void Replace(string encryptedKey, string mask, string fingerprint, KeyCheck check, DateOnly? expiresOn, DateTimeOffset now)
    {
        ArgumentException.ThrowIfNullOrEmpty(encryptedKey);
        EncryptedKey = encryptedKey;
        Mask = mask;
        Fingerprint = fingerprint;
        ExpiresOn = expiresOn;
        Label = null;
        Limit = null;
        LimitRemaining = null;
        Usage = null;
        CheckedAt = null;
        RecordCheck(check, now);
    }

    /// <summary>Keeps what OpenRouter said about the key just now.</summary>
    public void RecordCheck(KeyCheck check, DateTimeOffset now)
    {
        Status = check.Status;
        if (check.Status == KeyStatus.Verified)
        {
            Label = check.Label is { Length: > LabelMaxLength } label ? label[..LabelMaxLength] : check.Label;
            Limit = check.Limit;
            LimitRemaining = check.LimitRemaining;
            Usage = check.Usage;
        }

        CheckedAt = check.CheckedAt ?? CheckedAt;
        UpdatedAt = now;
    }

    /// <summary>The row the ciphertext is bound to: its tenant, its owner (none for tenant keys) and its id.</summary>
    public SecretBinding Binding => new(TenantId, OwnerUserId, Id);

    public IEnumerable<StoredSecret> StoredSecrets => [new StoredSecret(nameof(EncryptedKey), EncryptedKey, Binding)];
}
