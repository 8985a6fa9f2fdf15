using OpenRouterSaaS.Domain.Common;

namespace OpenRouterSaaS.Domain.Tenants;

/// <summary>A person's place in a tenant, with the role that decides what they may do there.</summary>
public sealed class Membership : ITenantOwned
{
    private Membership() { }

    public Membership(Guid tenantId, Guid userId, TenantRole role, DateTimeOffset joinedAt)
    {
        Id = Guid.CreateVersion7();
        TenantId = tenantId;
        UserId = userId;
        Role = role;
        JoinedAt = joinedAt;
    }

    public Guid Id { get; private set; }

    public Guid TenantId { get; private set; }

    public Guid UserId { get; private set; }

    public TenantRole Role { get; private set; }

    public DateTimeOffset JoinedAt { get; private set; }

    public void ChangeRole(TenantRole role) => Role = role;
}
