using System.Net;
using OpenRouterSaaS.Application.UsageReports;
using OpenRouterSaaS.FunctionalTests.Infrastructure;
using OpenRouterSaaS.Web.Pages.Tenant.Admin;
using static OpenRouterSaaS.FunctionalTests.Usage.MarchLedger;

namespace OpenRouterSaaS.FunctionalTests.Usage;

/// <summary>The tenant's usage for admins: totals and breakdowns over a range of days, narrowed by member, model and key; only this tenant's calls.</summary>
public sealed class TenantUsageTests(MarchLedgerAppFixture fixture) : IClassFixture<MarchLedgerAppFixture>
{
    [Fact]
    public async Task An_admin_sees_the_ranges_totals_and_its_spend_by_day_member_model_and_key()
    {
        var ledger = await MarchLedger.CreateAsync(fixture);
        var people = ledger.People;

        var page = await people.Admin.GetAsync($"/t/{ledger.Slug}/admin/usage?{MarchQuery}");

        Assert.Equal("Usage", page.Heading);
        Assert.Equal("1 March 2026 to 31 March 2026 (31 days)", page.Text("#usage-range"));
        Assert.Equal("$4.25", page.Text("#total-cost"));
        Assert.Equal("1 of 6 calls reconciled", page.Text("#total-reconciled"));
        Assert.Equal("6", page.Text("#total-calls"));
        Assert.Equal("3 completed, 1 failed, 1 cancelled, 1 pending", page.Text("#total-statuses"));
        Assert.Equal("800", page.Text("#total-tokens"));
        Assert.Equal("3", page.Text("#total-members"));

        Assert.Equal([people.Admin.Email, people.Owner.Email, people.Member.Email], page.Texts("#by-member .usage-key"));
        Assert.Equal(["$2.50", "$1.00", "$0.75"], page.Texts("#by-member .usage-cost"));
        Assert.Equal(["1", "1", "4"], page.Texts("#by-member .usage-calls"));
        Assert.Equal([Haiku, Mini, Llama], page.Texts("#by-model .usage-key"));
        Assert.Equal(["$2.50", "$1.50", "$0.25"], page.Texts("#by-model .usage-cost"));
        Assert.Equal(["Tenant shared", "Personal"], page.Texts("#by-key-kind .usage-key"));
        Assert.Equal(["$3.00", "$1.25"], page.Texts("#by-key-kind .usage-cost"));
        Assert.Equal(["2", "4"], page.Texts("#by-key-kind .usage-calls"));

        var days = page.Attributes("#spend-by-day .bar-chart-column", "data-value");
        Assert.Equal(31, days.Count);
        Assert.Equal(("$0.00", "$3.50", "$0.50", "$0.25"), (days[0], days[1], days[4], days[30]));
        Assert.Equal(4.25m - 3.50m - 0.50m - 0.25m, days.Where((_, index) => index is not (0 or 1 or 4 or 30)).Sum(value => decimal.Parse(value.TrimStart('$'), System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Contains("2 March 2026: $3.50 (2 calls)", page.Texts("#spend-by-day .bar-chart-column title"));

        Assert.Equal(
            [people.Member.Email, people.Member.Email, people.Member.Email, people.Admin.Email, people.Owner.Email, people.Member.Email],
            page.Texts("#tenant-calls .call-member"));
        Assert.Equal(["Cancelled", "Failed", "Completed", "Completed", "Completed", "Pending"], page.Texts("#tenant-calls .call-status"));
        Assert.Equal(["OpenRouter is unavailable; try again in a minute."], page.Texts("#tenant-calls .call-error"));

        // Nothing from outside the range or from the other tenant.
        foreach (var foreign in new[] { "$100.00", "$200.00", "$50.00", OtherTenantsModel, ledger.OtherOwner.Email })
        {
            Assert.DoesNotContain(foreign, page.Source, StringComparison.Ordinal);
        }

        Assert.Equal("Reconciliation with OpenRouter", page.Text("#reconciliation-heading"));
    }

    [Fact]
    public async Task The_filters_narrow_every_figure_keep_their_choices_and_stay_in_the_address_and_the_export_link()
    {
        var ledger = await MarchLedger.CreateAsync(fixture);
        var people = ledger.People;
        var memberId = (await fixture.Stored.UserAsync(people.Member.Email))!.Id.ToString();
        var march = await people.Owner.GetAsync($"/t/{ledger.Slug}/admin/usage?{MarchQuery}");

        var byMember = await people.Owner.SubmitAsync(march, "#usage-filter", ("member", memberId));
        var byModel = await people.Owner.SubmitAsync(march, "#usage-filter", ("model", Haiku));
        var byKey = await people.Owner.SubmitAsync(march, "#usage-filter", ("kind", "Shared"));
        var memberPersonal = await people.Owner.SubmitAsync(march, "#usage-filter", ("member", memberId), ("kind", "Personal"));

        Assert.Equal(("$0.75", "4"), (byMember.Text("#total-cost"), byMember.Text("#total-calls")));
        Assert.Equal([people.Member.Email], byMember.Texts("#by-member .usage-key"));
        Assert.Equal(4, byMember.Texts("#tenant-calls .call-member").Count);
        Assert.Contains($"member={memberId}", byMember.Url.Query, StringComparison.Ordinal);
        Assert.Equal(memberId, byMember.FieldValue("member"));
        Assert.Contains($"member={memberId}", byMember.Href("#usage-export"), StringComparison.Ordinal);
        Assert.Contains("from=2026-03-01", byMember.Href("#usage-export"), StringComparison.Ordinal);
        // The choices stay whole, so another member or model is one change away.
        Assert.Equal([Haiku, Llama, Mini], byMember.Texts("#filter-model option").Skip(1).Order(StringComparer.Ordinal));
        Assert.Equal(
            new[] { people.Owner.Email, people.Admin.Email, people.Member.Email }.Order(StringComparer.OrdinalIgnoreCase),
            byMember.Texts("#filter-member option").Skip(1));

        Assert.Equal(("$2.50", "1"), (byModel.Text("#total-cost"), byModel.Text("#total-calls")));
        Assert.Equal([people.Admin.Email], byModel.Texts("#tenant-calls .call-member"));
        Assert.Equal(("$3.00", "2"), (byKey.Text("#total-cost"), byKey.Text("#total-calls")));
        Assert.Equal(["Tenant shared", "Tenant shared"], byKey.Texts("#tenant-calls .call-key"));
        Assert.Equal(("$0.25", "3"), (memberPersonal.Text("#total-cost"), memberPersonal.Text("#total-calls")));
        Assert.Equal($"/t/{ledger.Slug}/admin/usage", memberPersonal.Href("#usage-filter-clear"));
    }

    [Fact]
    public async Task Without_days_the_page_covers_this_month_so_far()
    {
        var people = await fixture.TenantWithPeopleAsync();
        var today = DateOnly.FromDateTime(fixture.Clock.GetUtcNow().UtcDateTime);

        var page = await people.Owner.GetAsync($"/t/{people.Slug}/admin/usage");

        Assert.Equal(new DateOnly(today.Year, today.Month, 1).ToString("yyyy-MM-dd"), page.FieldValue("from"));
        Assert.Equal(today.ToString("yyyy-MM-dd"), page.FieldValue("to"));
        Assert.Equal(today.Day, page.Attributes("#spend-by-day .bar-chart-column", "data-value").Count);
        Assert.Equal("$0.00", page.Text("#total-cost"));
        Assert.Equal("No calls in this period. Calls from the playground and the API appear here as they are made.", page.Text("#tenant-calls-empty"));
        Assert.False(page.Has("#usage-filter-clear"), "An unfiltered page offers to clear its filters.");
    }

    [Fact]
    public async Task A_range_with_nothing_in_it_says_so()
    {
        var ledger = await MarchLedger.CreateAsync(fixture);

        var page = await ledger.People.Owner.GetAsync($"/t/{ledger.Slug}/admin/usage?from=2026-03-03&to=2026-03-04");

        Assert.Equal("No calls match these filters.", page.Text("#tenant-calls-empty"));
        Assert.Equal(["$0.00", "$0.00"], page.Attributes("#spend-by-day .bar-chart-column", "data-value"));
        Assert.Equal("No calls.", page.Text("#by-model-empty"));
    }

    public static TheoryData<string, string> BadFilters => new()
    {
        { "from=2026-03-31&to=2026-03-01", UsageFilterValidator.ReversedMessage },
        { "from=2025-01-01&to=2026-03-01", UsageFilterValidator.TooLongMessage(425) },
        { "from=yesterday&to=2026-03-01", UsageModel.UnreadableDayMessage },
        { "from=2026-02-01&to=2026-02-30", UsageModel.UnreadableDayMessage },
        { "from=1999-12-31&to=2000-01-01", UsageFilterValidator.DayOutOfBoundsMessage },
        { "to=9999-12-31", UsageFilterValidator.DayOutOfBoundsMessage },
        { "member=someone", UsageModel.UnreadableMemberMessage },
        { "kind=Gold", UsageFilterValidator.KeyKindMessage },
        { "kind=Management", UsageFilterValidator.KeyKindMessage },
        { "p=0", UsageCalls.NoSuchPageMessage },
    };

    [Theory]
    [MemberData(nameof(BadFilters))]
    public async Task Filters_that_make_no_sense_are_explained_on_the_form(string query, string message)
    {
        var ledger = await MarchLedger.CreateAsync(fixture);

        var page = await ledger.People.Owner.GetAsync($"/t/{ledger.Slug}/admin/usage?{query}");

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Equal(message, page.Text("#usage-filter .alert-danger"));
        Assert.False(page.Has("#usage-totals"), "Figures were shown for filters that make no sense.");
        Assert.True(page.Has("#usage-filter-submit"), "The form to put the filters right is missing.");
    }

    [Fact]
    public async Task A_member_is_refused_the_tenants_usage_and_an_outsider_does_not_find_it()
    {
        var ledger = await MarchLedger.CreateAsync(fixture);

        var member = await ledger.People.Member.GetAsync($"/t/{ledger.Slug}/admin/usage?{MarchQuery}");
        var outsider = await ledger.People.Outsider.GetAsync($"/t/{ledger.Slug}/admin/usage?{MarchQuery}");
        var otherTenantsOwner = await ledger.OtherOwner.GetAsync($"/t/{ledger.Slug}/admin/usage?{MarchQuery}");

        Assert.Equal(HttpStatusCode.Forbidden, member.Status);
        Assert.DoesNotContain("$4.25", member.Source, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, outsider.Status);
        Assert.Equal(HttpStatusCode.NotFound, otherTenantsOwner.Status);
    }

    [Fact]
    public async Task Another_tenants_admin_sees_only_their_own_tenants_calls()
    {
        var ledger = await MarchLedger.CreateAsync(fixture);

        var page = await ledger.OtherOwner.GetAsync($"/t/{ledger.OtherSlug}/admin/usage?{MarchQuery}");

        Assert.Equal("$50.00", page.Text("#total-cost"));
        Assert.Equal([OtherTenantsModel], page.Texts("#by-model .usage-key"));
        Assert.Equal([ledger.OtherOwner.Email], page.Texts("#filter-member option").Skip(1));
        Assert.DoesNotContain(ledger.People.Member.Email, page.Source, StringComparison.Ordinal);
    }
}
