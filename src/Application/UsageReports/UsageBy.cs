namespace OpenRouterSaaS.Application.UsageReports;

/// <summary>One key of a breakdown (a day, a model, a member, a key kind) and what its calls added up to.</summary>
public sealed record UsageBy<TKey>(TKey Key, UsageTotals Totals);

/// <summary>How a usage page lists a breakdown.</summary>
public static class UsageBy
{
    /// <summary>The lines, the costliest first (then the busiest, then by key).</summary>
    public static List<UsageBy<TKey>> Costliest<TKey>(IEnumerable<UsageBy<TKey>> lines) =>
        lines
            .OrderByDescending(line => line.Totals.CostUsd)
            .ThenByDescending(line => line.Totals.Calls)
            .ThenBy(line => line.Key?.ToString(), StringComparer.Ordinal)
            .ToList();

    public static List<UsageBy<TKey>> Costliest<TKey>(IReadOnlyDictionary<TKey, UsageTotals> sums) =>
        Costliest(sums.Select(pair => new UsageBy<TKey>(pair.Key, pair.Value)));
}
