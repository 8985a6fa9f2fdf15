using OpenRouterSaaS.Domain.Common;

namespace OpenRouterSaaS.Domain.Budgets;

/// <summary>
/// One shared-key call's hold on its budgets: the same estimate is held on the member's and the tenant's month budget
/// until the call is settled with its real cost or released.
/// </summary>
public sealed class BudgetReservation : ITenantOwned
{
    private BudgetReservation() { }

    public Guid Id { get; private set; }

    public Guid TenantId { get; private set; }

    /// <summary>The member whose call this is.</summary>
    public Guid UserId { get; private set; }

    public Guid MemberBudgetId { get; private set; }

    public Guid TenantBudgetId { get; private set; }

    /// <summary>The amount held on each of the two budgets.</summary>
    public decimal EstimateUsd { get; private set; }

    /// <summary>The real cost once settled.</summary>
    public decimal? ActualCostUsd { get; private set; }

    public ReservationStatus Status { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset? SettledAt { get; private set; }

    public DateTimeOffset? ReleasedAt { get; private set; }
}
