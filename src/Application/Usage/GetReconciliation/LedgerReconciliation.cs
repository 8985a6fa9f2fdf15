namespace OpenRouterSaaS.Application.Usage.GetReconciliation;

/// <summary>
/// The ledger's side of a reconciliation report: its shared-key calls per UTC day and model, and how many calls of the
/// range (of any key) still wait for their generation record, or never got it.
/// </summary>
public sealed record LedgerReconciliation(IReadOnlyList<LedgerDayModel> Lines, int AwaitingReconciliation, int NeverReconciled);

/// <summary>The shared-key calls of one UTC day and model that have ended (Pending ones aside), added up.</summary>
/// <param name="Model">The model that served the calls, or the one requested when none did.</param>
/// <param name="ReconciledCalls">Those whose generation record was read.</param>
/// <param name="ResponseCostUsd">What the responses said the calls cost.</param>
/// <param name="ReconciledResponseCostUsd">What the responses said the <paramref name="ReconciledCalls"/> cost.</param>
/// <param name="GenerationCostUsd">What the generation records say the <paramref name="ReconciledCalls"/> cost.</param>
/// <param name="BilledUsd">The generation record's cost where there is one, else the response's.</param>
public sealed record LedgerDayModel(
    DateOnly Day,
    string Model,
    int Calls,
    int ReconciledCalls,
    decimal ResponseCostUsd,
    decimal ReconciledResponseCostUsd,
    decimal GenerationCostUsd,
    decimal BilledUsd);
