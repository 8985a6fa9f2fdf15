using OpenRouterSaaS.Application.UsageReports;
using OpenRouterSaaS.Domain.Credentials;

namespace OpenRouterSaaS.UnitTests.Application.UsageReports;

/// <summary>The breakdowns the usage pages show, added up from the groups the database returns.</summary>
public sealed class UsageGroupsTests
{
    private static readonly Guid Ann = Guid.CreateVersion7();
    private static readonly Guid Bob = Guid.CreateVersion7();

    private static readonly UsageGroup[] Groups =
    [
        Group(new DateOnly(2027, 3, 2), Ann, "openai/gpt-4o-mini", CredentialKind.Personal, calls: 2, cost: 0.50m),
        Group(new DateOnly(2027, 3, 2), Bob, "openai/gpt-4o-mini", CredentialKind.Shared, calls: 1, cost: 1.50m, failed: 1),
        Group(new DateOnly(2027, 3, 4), Ann, "anthropic/claude-3.5-haiku", CredentialKind.Shared, calls: 3, cost: 0.25m),
    ];

    [Fact]
    public void Every_day_of_the_range_has_a_line_and_days_without_calls_are_zero()
    {
        var days = UsageGroups.ByDay(Groups, new UsageRange(new DateOnly(2027, 3, 1), new DateOnly(2027, 3, 5)));

        Assert.Equal(
            [(1, 0m, 0), (2, 2.00m, 3), (3, 0m, 0), (4, 0.25m, 3), (5, 0m, 0)],
            days.Select(day => (day.Key.Day, day.Totals.CostUsd, day.Totals.Calls)));
    }

    [Fact]
    public void A_breakdown_adds_up_by_its_key_costliest_first()
    {
        var byModel = UsageGroups.By(Groups, group => group.Model);
        var byMember = UsageGroups.By(Groups, group => group.UserId);

        Assert.Equal([("openai/gpt-4o-mini", 2.00m, 3), ("anthropic/claude-3.5-haiku", 0.25m, 3)], byModel.Select(line => (line.Key, line.Totals.CostUsd, line.Totals.Calls)));
        Assert.Equal([(Bob, 1.50m), (Ann, 0.75m)], byMember.Select(line => (line.Key, line.Totals.CostUsd)));
    }

    [Fact]
    public void Totals_add_every_count_and_completed_calls_are_what_is_left()
    {
        var total = UsageGroups.Total(Groups);

        Assert.Equal((6, 1, 5, 2.25m, 600L, 300L, 900L), (total.Calls, total.Failed, total.Completed, total.CostUsd, total.PromptTokens, total.CompletionTokens, total.Tokens));
        Assert.Equal(UsageTotals.None, UsageGroups.Total([]));
    }

    private static UsageGroup Group(DateOnly day, Guid user, string model, CredentialKind kind, int calls, decimal cost, int failed = 0) =>
        new(day, user, model, kind, new UsageTotals(calls, failed, 0, 0, 0, calls * 100, calls * 50, cost));
}
