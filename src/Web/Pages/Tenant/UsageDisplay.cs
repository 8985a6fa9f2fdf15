using System.Globalization;
using OpenRouterSaaS.Application.UsageReports;
using OpenRouterSaaS.Domain.Credentials;
using OpenRouterSaaS.Domain.Usage;
using OpenRouterSaaS.Web.Charts;
using OpenRouterSaaS.Web.Pages.Shared;

namespace OpenRouterSaaS.Web.Pages.Tenant;

/// <summary>How the usage pages put the ledger into words, numbers and charts.</summary>
public static class UsageDisplay
{
    /// <summary>Which key paid, as the usage pages and the export name it.</summary>
    public static string KeyKindName(CredentialKind kind) => kind == CredentialKind.Shared ? "Tenant shared" : "Personal";

    public static string StatusBadge(UsageStatus status) => status switch
    {
        UsageStatus.Completed => "text-bg-success",
        UsageStatus.Failed => "text-bg-danger",
        UsageStatus.Cancelled => "text-bg-warning",
        _ => "text-bg-secondary",
    };

    public static string Count(long number) => number.ToString("#,0", CultureInfo.InvariantCulture);

    public static string Calls(int calls) => calls == 1 ? "1 call" : $"{Count(calls)} calls";

    public static string YesNo(bool value) => value ? "Yes" : "No";

    /// <summary>A breakdown's lines as a usage table shows them.</summary>
    public static IReadOnlyList<UsageTableRow> Rows<TKey>(IEnumerable<UsageBy<TKey>> lines, Func<TKey, string> name) =>
        lines.Select(line => new UsageTableRow(name(line.Key), line.Totals)).ToList();

    /// <summary>A bar per day of spend (reconciled cost where known), days without calls as zero.</summary>
    public static BarChart SpendByDay(string id, IReadOnlyList<UsageBy<DateOnly>> days)
    {
        var oneMonth = days.Count == 0 || (days[0].Key.Year == days[^1].Key.Year && days[0].Key.Month == days[^1].Key.Month);
        var bars = days.Select(day => new ChartBar(
            Money.Day(day.Key),
            day.Key.ToString(oneMonth ? "%d" : "d MMM", CultureInfo.InvariantCulture),
            day.Totals.CostUsd,
            Money.Usd(day.Totals.CostUsd),
            Calls(day.Totals.Calls))).ToList();
        var title = days.Count == 0 ? "Spend by day" : $"Spend by day, {Money.Day(days[0].Key)} to {Money.Day(days[^1].Key)} (UTC)";
        return new BarChart(id, title, Describe(days), "$", "Day", "Spend", bars);
    }

    /// <summary>The chart's text alternative: what a person would say on looking at it.</summary>
    private static string Describe(IReadOnlyList<UsageBy<DateOnly>> days)
    {
        var total = UsageTotals.Sum(days.Select(day => day.Totals));
        if (total.Calls == 0)
        {
            return $"No calls on any of these {days.Count} days: every bar is zero.";
        }

        var busiest = days.MaxBy(day => day.Totals.CostUsd)!;
        var active = days.Count(day => day.Totals.Calls > 0);
        return $"Spend in US dollars for each of {days.Count} days: {Money.Usd(total.CostUsd)} in total over {Calls(total.Calls)} on {active} of them. "
            + $"The highest was {Money.Usd(busiest.Totals.CostUsd)} on {Money.Day(busiest.Key)}.";
    }
}

/// <summary>One line of a usage table: a model, a member or a key kind, and what its calls added up to.</summary>
public sealed record UsageTableRow(string Name, UsageTotals Totals);

/// <summary>A usage table: its id, what it breaks usage down by, and its lines.</summary>
public sealed record UsageTable(string Id, string Heading, string KeyHeading, IReadOnlyList<UsageTableRow> Rows);

/// <summary>A list of calls, with the member column on the admin page.</summary>
public sealed record UsageCallList(string Id, UsageCallsPage Page, bool ShowMember, Func<int, string> LinkToPage, string EmptyText);
