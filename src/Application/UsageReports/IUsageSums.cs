using OpenRouterSaaS.Application.Usage.GetReconciliation;

namespace OpenRouterSaaS.Application.UsageReports;

/// <summary>
/// The current tenant's ledger added up in the database per UTC day, member, model and key kind. Infrastructure reads a
/// daily roll-up for the days it holds unchanged and the ledger rows for the others (today among them), in one
/// statement, so the sums are always those of the ledger as it stands.
/// </summary>
public interface IUsageSums
{
    /// <summary>The calls of <paramref name="range"/> that <paramref name="filter"/> keeps (its days aside), and who and what had calls in the range.</summary>
    Task<UsageBreakdown> AddUpAsync(UsageRange range, UsageFilter filter, CancellationToken cancellationToken = default);

    /// <summary>One member's calls of <paramref name="range"/>, reading only theirs.</summary>
    Task<UsageBreakdown> AddUpMemberAsync(UsageRange range, Guid userId, CancellationToken cancellationToken = default);

    /// <summary>The ledger's side of the reconciliation with OpenRouter's activity over <paramref name="range"/>.</summary>
    Task<LedgerReconciliation> ReconciliationAsync(UsageRange range, CancellationToken cancellationToken = default);
}
