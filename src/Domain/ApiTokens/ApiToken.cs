using OpenRouterSaaS.Domain.Common;

namespace OpenRouterSaaS.Domain.ApiTokens;

public enum ApiTokenStatus
{
    Active,
    Expired,
    Revoked,
}

/// <summary>
/// A personal token with which one member's programs call the gateway in one tenant. Only its SHA-256 is stored;
/// the token itself is shown once, when it is created.
/// </summary>
public sealed class ApiToken : ITenantOwned
{
    public const int NameMaxLength = 100;

    /// <summary>How many characters of the token are kept to tell tokens apart; too few to help anyone guess it.</summary>
    public const int HintLength = 4;

    private ApiToken() { }

    public ApiToken(Guid tenantId, Guid userId, string name, byte[] tokenHash, string hint, DateTimeOffset createdAt, DateTimeOffset? expiresAt)
    {
        Id = Guid.CreateVersion7();
        TenantId = tenantId;
        UserId = userId;
        Name = name.Trim();
        TokenHash = tokenHash;
        Hint = hint;
        CreatedAt = createdAt;
        ExpiresAt = expiresAt;
    }

    public Guid Id { get; private set; }

    public Guid TenantId { get; private set; }

    /// <summary>The member whose token it is; calls made with it are theirs.</summary>
    public Guid UserId { get; private set; }

    public string Name { get; private set; } = "";

    /// <summary>SHA-256 of the token; the token itself is never stored.</summary>
    public byte[] TokenHash { get; private set; } = [];

    /// <summary>The token's last few characters, shown as <c>ors_…abcd</c> so a person can tell their tokens apart.</summary>
    public string Hint { get; private set; } = "";

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset? ExpiresAt { get; private set; }

    public DateTimeOffset? RevokedAt { get; private set; }

    public Guid? RevokedByUserId { get; private set; }

    /// <summary>When the gateway last accepted the token, to the minute (it is not written more often).</summary>
    public DateTimeOffset? LastUsedAt { get; private set; }

    public string Masked => Mask(Hint);

    public static string Mask(string hint) => $"{ApiTokenFormat.Prefix}…{hint}";

    public ApiTokenStatus StatusAt(DateTimeOffset now) =>
        RevokedAt is not null ? ApiTokenStatus.Revoked
        : ExpiresAt is { } expiresAt && now >= expiresAt ? ApiTokenStatus.Expired
        : ApiTokenStatus.Active;

    public Result Revoke(Guid byUserId, DateTimeOffset now)
    {
        if (RevokedAt is not null)
        {
            return Error.Conflict($"The token \"{Name}\" was already revoked.");
        }

        RevokedAt = now;
        RevokedByUserId = byUserId;
        return Result.Success();
    }
}
