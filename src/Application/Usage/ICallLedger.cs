using OpenRouterSaaS.Application.Budgets;
using OpenRouterSaaS.Domain.Usage;

namespace OpenRouterSaaS.Application.Usage;

/// <summary>
/// The writes of a call's ledger row with its budget reservation, each one round trip to the database: opening (the
/// reservation and the Pending row), closing (settling or releasing the reservation, and the ended row) and, later,
/// reconciling (the billed cost on both). Each ends with a durable commit.
/// </summary>
public interface ICallLedger
{
    /// <summary>
    /// Holds <paramref name="holdUsd"/> on the caller's budgets under the record's reservation id when given, then writes
    /// the Pending row, durably; neither when the tenant's settings have moved past <paramref name="configVersion"/>.
    /// </summary>
    Task<CallOpening> OpenAsync(UsageRecord record, decimal? holdUsd, long configVersion);

    /// <summary>
    /// Writes the ended row durably, after settling its reservation with <paramref name="settleUsd"/> (or releasing it
    /// without). Throws when the reservation could not be closed; the row then stays Pending for the sweeper.
    /// </summary>
    Task CloseAsync(UsageRecord record, decimal? settleUsd);

    /// <summary>
    /// Writes a reconciled row durably, after bringing its reservation to <paramref name="billedUsd"/>, what OpenRouter
    /// billed (settled, or corrected when already settled), in one round trip. Throws when the reservation could not be
    /// brought to it; the row is then reconciled again later.
    /// </summary>
    Task SaveBilledAsync(UsageRecord record, decimal billedUsd);
}

/// <summary>How opening a call went: opened, refused by a budget, or refused because the tenant's settings moved on.</summary>
public sealed record CallOpening(bool Opened, BudgetRefusal? Refusal)
{
    public static readonly CallOpening Open = new(true, null);

    public static readonly CallOpening SettingsChanged = new(false, null);

    public static CallOpening Refused(BudgetRefusal refusal) => new(false, refusal);
}
