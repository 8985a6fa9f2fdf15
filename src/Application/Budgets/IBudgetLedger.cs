namespace OpenRouterSaaS.Application.Budgets;

/// <summary>
/// Holds, settles and releases shared-key spend on the current tenant's month budgets (the member's and the tenant's),
/// with conditional updates in the database so that concurrent calls can never together exceed a limit.
/// </summary>
public interface IBudgetLedger
{
    /// <summary>
    /// Holds <paramref name="estimateUsd"/> on the member's and then the tenant's budget of <paramref name="now"/>'s UTC month,
    /// both or neither; refused, naming the first budget it would not fit. The reservation's commit does not wait for the
    /// disk: the caller writes its Pending ledger row, durably, before anything is spent, and that commit makes this one
    /// durable too (PostgreSQL flushes its log in order). Lost in a crash before then, it held nothing that was spent.
    /// </summary>
    Task<BudgetReservationOutcome> ReserveAsync(Guid userId, decimal estimateUsd, DateTimeOffset now, CancellationToken cancellationToken = default);

    /// <summary>
    /// Turns a reservation into spend of <paramref name="actualCostUsd"/> (more or less than the estimate). Idempotent: a
    /// settled reservation is left alone. A released one (swept while its call still ran) still records the cost.
    /// Returns whether this call changed anything.
    /// </summary>
    Task<bool> SettleAsync(Guid reservationId, decimal actualCostUsd, DateTimeOffset now, CancellationToken cancellationToken = default);

    /// <summary>Gives a held reservation back (the call failed and cost nothing). Idempotent; returns whether this call released it.</summary>
    Task<bool> ReleaseAsync(Guid reservationId, DateTimeOffset now, CancellationToken cancellationToken = default);

    /// <summary>
    /// Brings a settled reservation's spend to <paramref name="authoritativeCostUsd"/>, the cost OpenRouter billed (its
    /// generation record), moving both budgets' spent by the difference. Idempotent: a reservation already at that cost,
    /// or one not settled, is left alone. Returns whether this call changed anything.
    /// </summary>
    Task<bool> CorrectAsync(Guid reservationId, decimal authoritativeCostUsd, DateTimeOffset now, CancellationToken cancellationToken = default);

}
