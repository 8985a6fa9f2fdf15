namespace OpenRouterSaaS.Application.Usage.GetReconciliation;

/// <param name="HasManagementKey">Without one, OpenRouter's activity cannot be imported.</param>
/// <param name="ImportedFrom">The first day any import covered; null before the first import.</param>
/// <param name="ImportedTo">The last day the latest import covered.</param>
/// <param name="AwaitingReconciliation">Calls of the range whose generation record is still to be read.</param>
/// <param name="NeverReconciled">Calls of the range with a generation id whose record was given up on.</param>
public sealed record ReconciliationReport(
    DateOnly From,
    DateOnly To,
    bool HasManagementKey,
    DateTimeOffset? LastImportedAt,
    DateOnly? ImportedFrom,
    DateOnly? ImportedTo,
    IReadOnlyList<ReconciliationLine> Lines,
    int AwaitingReconciliation,
    int NeverReconciled)
{
    public bool HasDrift => Lines.Any(line => line.HasDrift);
}

/// <summary>
/// One model on one UTC day. The ledger side counts calls paid with the tenant's shared key (members' own keys are billed
/// to their own OpenRouter accounts, which the tenant's management key does not see).
/// </summary>
/// <param name="ResponseCostUsd">What the responses said the calls cost.</param>
/// <param name="ReconciledResponseCostUsd">What the responses said the <paramref name="ReconciledCalls"/> cost.</param>
/// <param name="GenerationCostUsd">What OpenRouter's generation records say the <paramref name="ReconciledCalls"/> cost; null when none is reconciled.</param>
/// <param name="LedgerCostUsd">The ledger's best figure: the generation record's cost where there is one, else the response's.</param>
/// <param name="OpenRouterUsd">OpenRouter's activity figure; null when the day was not imported.</param>
public sealed record ReconciliationLine(
    DateOnly Date,
    string Model,
    int Calls,
    int ReconciledCalls,
    decimal ResponseCostUsd,
    decimal ReconciledResponseCostUsd,
    decimal? GenerationCostUsd,
    decimal LedgerCostUsd,
    decimal? OpenRouterUsd,
    int? OpenRouterRequests)
{
    /// <summary>Below this much (USD, or 0.1% of the larger figure) the two sides count as equal: sums of many tiny costs round differently.</summary>
    public const decimal ToleranceUsd = 0.00001m;

    /// <summary>What the generation records billed beyond (or below) the responses of the reconciled calls; null when none is reconciled.</summary>
    public decimal? CorrectionUsd => GenerationCostUsd - ReconciledResponseCostUsd;

    /// <summary>OpenRouter's figure minus the ledger's; null when the day was not imported.</summary>
    public decimal? DriftUsd => OpenRouterUsd - LedgerCostUsd;

    public bool HasDrift => DriftUsd is { } drift && IsBeyondTolerance(drift, Math.Max(LedgerCostUsd, OpenRouterUsd ?? 0m));

    public static bool IsBeyondTolerance(decimal difference, decimal scale) => Math.Abs(difference) > Math.Max(ToleranceUsd, scale * 0.001m);
}
