using OpenRouterSaaS.Domain.Common;

namespace OpenRouterSaaS.Domain.Tenants;

public enum InvitationStatus
{
    Pending,
    Accepted,
    Revoked,
    Expired,
}

/// <summary>A single-use link that lets one person join a tenant with a given role.</summary>
public sealed class Invitation : ITenantOwned
{
    public static readonly TimeSpan DefaultLifetime = TimeSpan.FromDays(7);

    private Invitation() { }

    public Invitation(Guid tenantId, string email, TenantRole role, byte[] tokenHash, Guid invitedByUserId, DateTimeOffset now, TimeSpan lifetime)
    {
        Id = Guid.CreateVersion7();
        TenantId = tenantId;
        Email = email.Trim();
        Role = role;
        TokenHash = tokenHash;
        InvitedByUserId = invitedByUserId;
        CreatedAt = now;
        ExpiresAt = now + lifetime;
    }

    public Guid Id { get; private set; }

    public Guid TenantId { get; private set; }

    public string Email { get; private set; } = "";

    public TenantRole Role { get; private set; }

    /// <summary>SHA-256 of the token in the link; the token itself is never stored.</summary>
    public byte[] TokenHash { get; private set; } = [];

    public Guid InvitedByUserId { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset ExpiresAt { get; private set; }

    public DateTimeOffset? AcceptedAt { get; private set; }

    public Guid? AcceptedByUserId { get; private set; }

    public DateTimeOffset? RevokedAt { get; private set; }

    public InvitationStatus StatusAt(DateTimeOffset now) =>
        AcceptedAt is not null ? InvitationStatus.Accepted
        : RevokedAt is not null ? InvitationStatus.Revoked
        : now >= ExpiresAt ? InvitationStatus.Expired
        : InvitationStatus.Pending;

    /// <summary>Why an invitation in <paramref name="status"/> can no longer be used, or null when it can.</summary>
    public static string? Unusable(InvitationStatus status) => status switch
    {
        InvitationStatus.Accepted => "This invitation has already been used.",
        InvitationStatus.Revoked => "This invitation was revoked by an administrator of the tenant.",
        InvitationStatus.Expired => "This invitation has expired. Ask an administrator of the tenant for a new one.",
        _ => null,
    };

    /// <summary>Checks that the invitation can still be used by a person signed in with <paramref name="email"/>.</summary>
    public Result CanBeAcceptedBy(string email, DateTimeOffset now)
    {
        if (Unusable(StatusAt(now)) is { } problem)
        {
            return Error.Conflict(problem);
        }

        return string.Equals(email, Email, StringComparison.OrdinalIgnoreCase)
            ? Result.Success()
            : Error.Forbidden("This invitation was sent to another email address. Sign out and sign in as the invited person to accept it.");
    }

    public Result Accept(Guid userId, string email, DateTimeOffset now)
    {
        var check = CanBeAcceptedBy(email, now);
        if (!check.IsSuccess)
        {
            return check;
        }

        AcceptedAt = now;
        AcceptedByUserId = userId;
        return Result.Success();
    }

    public Result Revoke(DateTimeOffset now)
    {
        var status = StatusAt(now);
        if (status != InvitationStatus.Pending)
        {
            return Error.Conflict($"Only a pending invitation can be revoked; this one is {status.ToString().ToLowerInvariant()}.");
        }

        RevokedAt = now;
        return Result.Success();
    }
}
