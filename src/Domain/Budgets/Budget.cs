using OpenRouterSaaS.Domain.Common;

namespace OpenRouterSaaS.Domain.Budgets;

/// <summary>
/// Shared-key spend of one UTC month: the tenant's (no <see cref="MemberUserId"/>) or one member's. Its amounts change
/// only through the budget ledger's conditional updates, never by loading and saving the row.
/// </summary>
public sealed class Budget : ITenantOwned
{
    private Budget() { }

    public Budget(Guid tenantId, Guid? memberUserId, DateOnly month, decimal? limitUsd)
    {
        Id = Guid.CreateVersion7();
        TenantId = tenantId;
        MemberUserId = memberUserId;
        Month = BudgetMonth.Normalise(month);
        LimitUsd = limitUsd;
    }

    public Guid Id { get; private set; }

    public Guid TenantId { get; private set; }

    /// <summary>The member this budget limits; null for the tenant's own budget.</summary>
    public Guid? MemberUserId { get; private set; }

    /// <summary>The first day of the UTC month.</summary>
    public DateOnly Month { get; private set; }

    /// <summary>Null means unlimited.</summary>
    public decimal? LimitUsd { get; private set; }

    /// <summary>Real cost of settled calls.</summary>
    public decimal SpentUsd { get; private set; }

    /// <summary>Estimates of calls still running.</summary>
    public decimal ReservedUsd { get; private set; }

    public bool IsTenantBudget => MemberUserId is null;
}
