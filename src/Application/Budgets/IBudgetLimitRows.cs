namespace OpenRouterSaaS.Application.Budgets;

/// <summary>
/// The current tenant's budget rows of one month, as a change of limits needs them. Both methods run in the caller's
/// transaction (one must be open), so that the rows follow the tenant's or the membership's new limit in the same
/// commit, or not at all.
/// </summary>
public interface IBudgetLimitRows
{
    /// <summary>
    /// Locks the current tenant's row until the transaction ends, so that changes of limits take turns, in a mode that
    /// does not stop calls (their foreign-key checks on the tenant share it); a full row lock there could deadlock
    /// with a call that holds a budget row.
    /// </summary>
    Task LockTenantAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Creates the month's rows that <paramref name="changes"/> name and that do not exist yet (with the new limit, so a
    /// call that starts the month meanwhile cannot write the old one), then locks them in the budget ledger's lock order,
    /// so no reservation moves them until the transaction ends, and returns how they stand.
    /// </summary>
    Task<IReadOnlyList<BudgetStanding>> LockAsync(DateOnly month, IReadOnlyList<BudgetLimitChange> changes, CancellationToken cancellationToken = default);

    /// <summary>Writes the new limits into the month's rows that <paramref name="changes"/> name (locked by <see cref="LockAsync"/>).</summary>
    Task SetLimitsAsync(DateOnly month, IReadOnlyList<BudgetLimitChange> changes, CancellationToken cancellationToken = default);
}

/// <summary>A budget row's new limit: the tenant's row when <see cref="MemberUserId"/> is null. A null limit is unlimited.</summary>
public sealed record BudgetLimitChange(Guid? MemberUserId, decimal? LimitUsd);

/// <summary>What a month's budget row holds: settled spend, and estimates held by calls in progress.</summary>
public sealed record BudgetStanding(Guid? MemberUserId, decimal SpentUsd, decimal ReservedUsd)
{
    /// <summary>What a new limit must at least allow: spend so far plus the calls still running.</summary>
    public decimal CommittedUsd => SpentUsd + ReservedUsd;
}
