using Microsoft.EntityFrameworkCore;
using OpenRouterSaaS.Domain.Credentials;
using OpenRouterSaaS.Domain.Usage;

namespace OpenRouterSaaS.Application.UsageReports;

/// <summary>
/// The calls of one UTC day by one member with one model through one kind of key, added up. The database groups the
/// ledger into these in one pass; every chart and table of a usage page is then added up from this small set.
/// </summary>
/// <param name="Model">The model that served the calls, or the one requested when none did (a call that failed early).</param>
public sealed record UsageGroup(DateOnly Day, Guid UserId, string Model, CredentialKind KeyKind, UsageTotals Totals);

/// <summary>One key of a breakdown (a day, a model, a member, a key kind) and what its calls added up to.</summary>
public sealed record UsageBy<TKey>(TKey Key, UsageTotals Totals);

internal static class UsageGroups
{
    /// <summary>Groups <paramref name="records"/> (already narrowed to a range) in the database, never row by row in memory.</summary>
    public static Task<List<UsageGroup>> ReadAsync(IQueryable<UsageRecord> records, CancellationToken cancellationToken) =>
        records
            .GroupBy(record => new
            {
                // CAST(created_at AT TIME ZONE 'UTC' AS date): the UTC day, whatever the session's time zone.
                Day = DateOnly.FromDateTime(record.CreatedAt.UtcDateTime),
                record.UserId,
                Model = record.ServedModel ?? record.RequestedModel,
                record.CredentialKind,
            })
            .Select(group => new UsageGroup(
                group.Key.Day,
                group.Key.UserId,
                group.Key.Model,
                group.Key.CredentialKind,
                new UsageTotals(
                    group.Count(),
                    group.Count(record => record.Status == UsageStatus.Failed),
                    group.Count(record => record.Status == UsageStatus.Cancelled),
                    group.Count(record => record.Status == UsageStatus.Pending),
                    group.Count(record => record.GenerationCostUsd != null),
                    group.Sum(record => (long)record.PromptTokens),
                    group.Sum(record => (long)record.CompletionTokens),
                    group.Sum(record => record.GenerationCostUsd ?? record.CostUsd ?? 0m))))
            .ToListAsync(cancellationToken);

    /// <summary>Every day of <paramref name="range"/>, in order, days without calls as zero.</summary>
    public static List<UsageBy<DateOnly>> ByDay(IEnumerable<UsageGroup> groups, UsageRange range)
    {
        var days = groups.GroupBy(group => group.Day).ToDictionary(day => day.Key, day => UsageTotals.Sum(day.Select(group => group.Totals)));
        return range.EachDay().Select(day => new UsageBy<DateOnly>(day, days.GetValueOrDefault(day, UsageTotals.None))).ToList();
    }

    /// <summary>The groups added up by <paramref name="key"/>, the costliest first (then the busiest).</summary>
    public static List<UsageBy<TKey>> By<TKey>(IEnumerable<UsageGroup> groups, Func<UsageGroup, TKey> key) =>
        groups
            .GroupBy(key)
            .Select(part => new UsageBy<TKey>(part.Key, UsageTotals.Sum(part.Select(group => group.Totals))))
            .OrderByDescending(line => line.Totals.CostUsd)
            .ThenByDescending(line => line.Totals.Calls)
            .ThenBy(line => line.Key?.ToString(), StringComparer.Ordinal)
            .ToList();

    public static UsageTotals Total(IEnumerable<UsageGroup> groups) => UsageTotals.Sum(groups.Select(group => group.Totals));
}
