using OpenRouterSaaS.Domain.Budgets;
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
        MayUseSharedKey = true;
    }

    public Guid Id { get; private set; }

    public Guid TenantId { get; private set; }

    public Guid UserId { get; private set; }

    public TenantRole Role { get; private set; }

    public DateTimeOffset JoinedAt { get; private set; }

    /// <summary>Whether the tenant's shared key may pay for this member's calls (when the key policy uses it).</summary>
    public bool MayUseSharedKey { get; private set; }

    /// <summary>This member's own shared-key limit per UTC month, instead of the tenant's default; null follows the default.</summary>
    public decimal? MonthlyLimitOverrideUsd { get; private set; }

    /// <summary>The member's month limit: the override, else the tenant's default (null: unlimited).</summary>
    public decimal? MonthlyLimitUsd(Tenant tenant) => MonthlyLimitOverrideUsd ?? tenant.MemberMonthlyLimitUsd;

    /// <summary>Gives the member a month limit of their own; null makes them follow the tenant's default again.</summary>
    public void OverrideMonthlyLimit(decimal? limitUsd)
    {
        if (!BudgetLimits.IsValidLimit(limitUsd))
        {
            throw new ArgumentOutOfRangeException(nameof(limitUsd), limitUsd, "Not a limit an admin may set.");
        }

        MonthlyLimitOverrideUsd = limitUsd;
    }

    public void ChangeRole(TenantRole role) => Role = role;

    public void AllowSharedKey(bool allowed) => MayUseSharedKey = allowed;
}
