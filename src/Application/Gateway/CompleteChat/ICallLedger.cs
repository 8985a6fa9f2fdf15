using OpenRouterSaaS.Application.Budgets;
using OpenRouterSaaS.Domain.Usage;

namespace OpenRouterSaaS.Application.Gateway.CompleteChat;

/// <summary>
/// The two writes of a gateway call, each one round trip to the database: opening (the budget reservation and the Pending
/// row) and closing (settling or releasing the reservation, and the ended row). Each ends with a durable commit.
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
}

/// <summary>How opening a call went: opened, refused by a budget, or refused because the tenant's settings moved on.</summary>
public sealed record CallOpening(bool Opened, BudgetRefusal? Refusal)
{
    public static readonly CallOpening Open = new(true, null);

    public static readonly CallOpening SettingsChanged = new(false, null);

    public static CallOpening Refused(BudgetRefusal refusal) => new(false, refusal);
}
