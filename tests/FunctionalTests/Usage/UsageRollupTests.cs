using OpenRouterSaaS.Domain.Credentials;
using OpenRouterSaaS.FunctionalTests.Infrastructure;
using static OpenRouterSaaS.FunctionalTests.Usage.MarchLedger;
using static OpenRouterSaaS.FunctionalTests.Usage.UsageLedger;

namespace OpenRouterSaaS.FunctionalTests.Usage;

/// <summary>
/// The usage pages over days the roll-up holds: the same figures as from the ledger rows, whatever the filter, and a
/// change to a rolled-up day shows at once, before the roll-up catches up with it.
/// </summary>
public sealed class UsageRollupTests(UsageRollupAppFixture fixture) : IClassFixture<UsageRollupAppFixture>
{
    [Fact]
    public async Task Rolled_up_days_show_the_same_figures_as_the_ledger_rows_on_every_usage_page_and_filter()
    {
        var ledger = await MarchLedger.CreateAsync(fixture);
        var memberId = (await fixture.Stored.UserAsync(ledger.People.Member.Email))!.Id;
        // The app's today is the last day of March, so the member's page and the default range are March too.
        using var endOfMarch = fixture.Clock.Travel(Utc(2026, 3, 31, 12) - fixture.Clock.GetUtcNow());
        string[] addresses =
        [
            $"/t/{ledger.Slug}/admin/usage",
            $"/t/{ledger.Slug}/admin/usage?{MarchQuery}&p=1",
            $"/t/{ledger.Slug}/admin/usage?from=2026-02-28&to=2026-04-01",
            $"/t/{ledger.Slug}/admin/usage?{MarchQuery}&member={memberId}",
            $"/t/{ledger.Slug}/admin/usage?{MarchQuery}&model={Uri.EscapeDataString(Mini)}",
            $"/t/{ledger.Slug}/admin/usage?{MarchQuery}&kind=Shared",
            $"/t/{ledger.Slug}/admin/usage?{MarchQuery}&member={memberId}&kind=Personal",
            $"/t/{ledger.Slug}/admin/reconciliation?{MarchQuery}",
            $"/t/{ledger.Slug}/usage",
        ];
        var fromLedger = await FiguresAsync(ledger.People, addresses);

        await fixture.RollUpAsync();

        var days = await fixture.RollupDaysAsync(ledger.Slug);
        Assert.All([1, 2, 5, 31], day => Assert.True(days[new DateOnly(2026, 3, day)], $"March {day} is not rolled up."));
        var fromRollup = await FiguresAsync(ledger.People, addresses);
        Assert.Contains("$4.25", fromRollup[0], StringComparison.Ordinal);
        Assert.Equal(fromLedger, fromRollup);
    }

    [Fact]
    public async Task A_rolled_up_day_whose_call_is_reconciled_shows_the_billed_cost_at_once()
    {
        var ledger = await MarchLedger.CreateAsync(fixture);
        await fixture.RollUpAsync();
        var ownersCall = Utc(2026, 3, 2, 10);

        await fixture.ChangeCallAsync(ledger.Slug, ownersCall, call => call.Reconcile(1.40m, fixture.Clock.GetUtcNow()));

        Assert.False((await fixture.RollupDaysAsync(ledger.Slug))[new DateOnly(2026, 3, 2)], "The changed day still reads as rolled up.");
        var page = await ledger.People.Admin.GetAsync($"/t/{ledger.Slug}/admin/usage?{MarchQuery}");
        Assert.Equal(("$4.65", "2 of 6 calls reconciled"), (page.Text("#total-cost"), page.Text("#total-reconciled")));
        Assert.Contains("2 March 2026: $3.90 (2 calls)", page.Texts("#spend-by-day .bar-chart-column title"));

        // The next round rolls the day up again, with the same figures.
        await fixture.RollUpAsync();
        Assert.True((await fixture.RollupDaysAsync(ledger.Slug))[new DateOnly(2026, 3, 2)]);
        var again = await ledger.People.Admin.GetAsync($"/t/{ledger.Slug}/admin/usage?{MarchQuery}");
        Assert.Equal(page.Get("main").TextContent, again.Get("main").TextContent);
    }

    [Fact]
    public async Task A_range_of_rolled_up_days_a_changed_day_and_today_adds_up_every_call_once()
    {
        var people = await fixture.TenantWithPeopleAsync();
        var now = fixture.Clock.GetUtcNow();
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var (rolledUp, changed) = (At(today.AddDays(-10)), At(today.AddDays(-5)));
        await fixture.AddCallsAsync(people.Slug,
            new LedgerRow(people.Member.Email, rolledUp, Mini, Cost: 1.00m),
            new LedgerRow(people.Owner.Email, rolledUp.AddMinutes(1), Haiku, CredentialKind.Shared, Cost: 2.00m),
            new LedgerRow(people.Member.Email, changed, Mini, Cost: 0.30m));
        await fixture.RollUpAsync();
        await fixture.ChangeCallAsync(people.Slug, changed, call => call.Reconcile(0.50m, now));
        await fixture.AddCallsAsync(people.Slug, new LedgerRow(people.Member.Email, now, Mini, Cost: 0.04m));

        var days = await fixture.RollupDaysAsync(people.Slug);
        Assert.Equal((true, false), (days[today.AddDays(-10)], days[today.AddDays(-5)]));
        Assert.False(days.ContainsKey(today), "Today's call marked its day for the roll-up.");
        var page = await people.Owner.GetAsync($"/t/{people.Slug}/admin/usage?from={today.AddDays(-10):yyyy-MM-dd}&to={today:yyyy-MM-dd}");
        Assert.Equal(("$3.54", "4"), (page.Text("#total-cost"), page.Text("#total-calls")));
        Assert.Equal([(Haiku, "$2.00"), (Mini, "$1.54")], page.Texts("#by-model .usage-key").Zip(page.Texts("#by-model .usage-cost")));
        Assert.Equal(
            ["$3.00", "$0.00", "$0.00", "$0.00", "$0.00", "$0.50", "$0.00", "$0.00", "$0.00", "$0.00", "$0.04"],
            page.Attributes("#spend-by-day .bar-chart-column", "data-value"));

        static DateTimeOffset At(DateOnly day) => Utc(day.Year, day.Month, day.Day);
    }

    /// <summary>What each page shows: its text, and the values its charts are drawn from.</summary>
    private static async Task<List<string>> FiguresAsync(TenantPeople people, string[] addresses)
    {
        var figures = new List<string>();
        foreach (var address in addresses)
        {
            var reader = address.Contains("/admin/", StringComparison.Ordinal) ? people.Owner : people.Member;
            var page = await reader.GetAsync(address);
            figures.Add(page.Get("main").TextContent + string.Join(", ", page.Attributes(".bar-chart-column", "data-value")));
        }

        return figures;
    }
}
