using OpenRouterSaaS.Application.UsageReports;
using OpenRouterSaaS.Domain.Credentials;

namespace OpenRouterSaaS.UnitTests.Application.UsageReports;

/// <summary>The breakdowns the usage pages show, from the sums the database returns.</summary>
public sealed class UsageBreakdownTests
{
    private static readonly Guid Ann = Guid.CreateVersion7();
    private static readonly Guid Bob = Guid.CreateVersion7();

    private static readonly UsageBreakdown Breakdown = new(
        new Dictionary<DateOnly, UsageTotals> { [new DateOnly(2027, 3, 2)] = Totals(3, 2.00m, failed: 1), [new DateOnly(2027, 3, 4)] = Totals(3, 0.25m) },
        new Dictionary<Guid, UsageTotals> { [Ann] = Totals(5, 0.75m), [Bob] = Totals(1, 1.50m, failed: 1) },
        new Dictionary<string, UsageTotals> { ["openai/gpt-4o-mini"] = Totals(3, 2.00m, failed: 1), ["anthropic/claude-3.5-haiku"] = Totals(3, 0.25m) },
        new Dictionary<CredentialKind, UsageTotals> { [CredentialKind.Personal] = Totals(2, 0.50m), [CredentialKind.Shared] = Totals(4, 1.75m, failed: 1) },
        [Ann, Bob],
        ["openai/gpt-4o-mini", "anthropic/claude-3.5-haiku"]);

    [Fact]
    public void Every_day_of_the_range_has_a_line_and_days_without_calls_are_zero()
    {
        var days = Breakdown.EachDayOf(new UsageRange(new DateOnly(2027, 3, 1), new DateOnly(2027, 3, 5)));

        Assert.Equal(
            [(1, 0m, 0), (2, 2.00m, 3), (3, 0m, 0), (4, 0.25m, 3), (5, 0m, 0)],
            days.Select(day => (day.Key.Day, day.Totals.CostUsd, day.Totals.Calls)));
    }

    [Fact]
    public void A_breakdown_lists_the_costliest_first_then_the_busiest()
    {
        Assert.Equal(
            [("openai/gpt-4o-mini", 2.00m), ("anthropic/claude-3.5-haiku", 0.25m)],
            UsageBy.Costliest(Breakdown.ByModel).Select(line => (line.Key, line.Totals.CostUsd)));
        Assert.Equal([(Bob, 1.50m), (Ann, 0.75m)], UsageBy.Costliest(Breakdown.ByMember).Select(line => (line.Key, line.Totals.CostUsd)));
        Assert.Equal(
            ["busy", "quiet"],
            UsageBy.Costliest([new UsageBy<string>("quiet", Totals(1, 1m)), new UsageBy<string>("busy", Totals(2, 1m))]).Select(line => line.Key));
    }

    [Fact]
    public void The_total_adds_every_count_of_both_key_kinds_and_completed_calls_are_what_is_left()
    {
        var total = Breakdown.Total;

        Assert.Equal((6, 1, 5, 2.25m, 600L, 300L, 900L), (total.Calls, total.Failed, total.Completed, total.CostUsd, total.PromptTokens, total.CompletionTokens, total.Tokens));
        Assert.Equal(UsageTotals.None, UsageTotals.Sum([]));
    }

    private static UsageTotals Totals(int calls, decimal cost, int failed = 0) => new(calls, failed, 0, 0, 0, calls * 100, calls * 50, cost);
}
