using System.Net;
using OpenRouterSaaS.Application.UsageReports;
using OpenRouterSaaS.Domain.Credentials;
using OpenRouterSaaS.Domain.Usage;
using OpenRouterSaaS.FunctionalTests.Infrastructure;
using static OpenRouterSaaS.FunctionalTests.Usage.UsageLedger;

namespace OpenRouterSaaS.FunctionalTests.Usage;

/// <summary>A member's own usage page: this month's spend against their limit, by day and by model, and their calls; nobody else's.</summary>
public sealed class MyUsageTests(AppFixture fixture) : IClassFixture<AppFixture>
{
    [Fact]
    public async Task A_member_sees_this_months_spend_by_day_and_by_model_and_only_their_own_calls()
    {
        var people = await fixture.TenantWithPeopleAsync();
        var (otherOwner, otherSlug) = await fixture.TenantWithOwnerAsync("other-owner");
        var month = MonthStart();
        await fixture.AddCallsAsync(people.Slug,
            new LedgerRow(people.Member.Email, month.AddMinutes(1), "openai/gpt-4o-mini", Cost: 0.25m, Prompt: 1000, Completion: 200),
            new LedgerRow(people.Member.Email, month.AddMinutes(2), "openai/gpt-4o-mini", CredentialKind.Shared, Cost: 0.50m, Reconciled: 0.75m, Prompt: 2000, Completion: 300, Streamed: true, Zdr: true),
            new LedgerRow(people.Member.Email, month.AddMinutes(3), "openrouter/auto", CredentialKind.Shared, Served: "anthropic/claude-3.5-haiku", Cost: 1.00m, Prompt: 10, Completion: 20),
            new LedgerRow(people.Member.Email, month.AddMinutes(4), "openai/gpt-4o-mini", Status: UsageStatus.Failed, ErrorCode: "402", ErrorMessage: "Your monthly budget is exhausted."),
            new LedgerRow(people.Member.Email, month.AddMinutes(5), "openai/gpt-4o-mini", Status: UsageStatus.Cancelled, Cost: null, Reconciled: 0.05m, Prompt: 5, Completion: 7),
            new LedgerRow(people.Member.Email, month.AddMinutes(6), "openai/gpt-4o-mini", Status: UsageStatus.Pending),
            // Last month's call counts in no total of this month, though it is listed; an admin's and another tenant's calls never show.
            new LedgerRow(people.Member.Email, month.AddDays(-1), "openai/gpt-4o-mini", Cost: 9m),
            new LedgerRow(people.Admin.Email, month.AddMinutes(7), "openai/gpt-4o-mini", Cost: 7m));
        await fixture.AddCallsAsync(otherSlug, new LedgerRow(otherOwner.Email, month.AddMinutes(8), "other/secret-model", Cost: 5m));

        var page = await people.Member.GetAsync($"/t/{people.Slug}/usage");

        Assert.Equal("My usage", page.Heading);
        Assert.Equal("$2.05", page.Text("#month-total-cost"));
        Assert.Equal("6 calls, 3,542 tokens", page.Text("#month-total-calls"));
        Assert.Equal("$0.30", page.Text("#month-personal"));
        Assert.Equal("$1.75", page.Text("#month-shared"));
        Assert.Equal(["openai/gpt-4o-mini", "anthropic/claude-3.5-haiku"], page.Texts("#by-model .usage-key"));
        Assert.Equal(["5", "1"], page.Texts("#by-model .usage-calls"));
        Assert.Equal(["3,005", "10"], page.Texts("#by-model .usage-prompt-tokens"));
        Assert.Equal(["$1.05", "$1.00"], page.Texts("#by-model .usage-cost"));

        // All their calls, newest first, each with its status, tokens, cost (reconciled where known) and key.
        Assert.Equal(["Pending", "Cancelled", "Failed", "Completed", "Completed", "Completed", "Completed"], page.Texts("#my-calls .call-status"));
        Assert.Equal(["—", "$0.05", "—", "$1.00", "$0.75", "$0.25", "$9.00"], page.Texts("#my-calls .call-cost"));
        Assert.Equal(2, page.Texts("#my-calls .call-reconciled").Count);
        Assert.Equal(["Your monthly budget is exhausted."], page.Texts("#my-calls .call-error"));
        Assert.Equal(["served by anthropic/claude-3.5-haiku"], page.Texts("#my-calls .call-served"));
        Assert.Equal(["Personal", "Personal", "Personal", "Tenant shared", "Tenant shared", "Personal", "Personal"], page.Texts("#my-calls .call-key"));
        Assert.Equal(["No", "No", "No", "No", "Yes", "No", "No"], page.Texts("#my-calls .call-streamed"));
        Assert.Equal(["No", "No", "No", "No", "Yes", "No", "No"], page.Texts("#my-calls .call-zdr"));
        Assert.Equal(["10 / 20", "2,000 / 300"], page.Texts("#my-calls .call-tokens").Skip(3).Take(2));

        // Nothing from the admin or from the other tenant.
        foreach (var foreign in new[] { "$7.00", "$5.00", "other/secret-model" })
        {
            Assert.DoesNotContain(foreign, page.Get("main").TextContent, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task The_chart_has_a_bar_for_every_day_of_the_month_so_far_with_days_without_calls_at_zero()
    {
        var people = await fixture.TenantWithPeopleAsync();
        var month = MonthStart();
        var today = DateOnly.FromDateTime(fixture.Clock.GetUtcNow().UtcDateTime);
        await fixture.AddCallsAsync(people.Slug,
            new LedgerRow(people.Member.Email, month.AddMinutes(1), "openai/gpt-4o-mini", Cost: 0.40m),
            new LedgerRow(people.Member.Email, month.AddMinutes(2), "openai/gpt-4o-mini", Cost: 0.20m));

        var page = await people.Member.GetAsync($"/t/{people.Slug}/usage");

        var values = page.Attributes("#spend-by-day .bar-chart-column", "data-value");
        Assert.Equal(today.Day, values.Count);
        Assert.Equal("$0.60", values[0]);
        Assert.All(values.Skip(1), value => Assert.Equal("$0.00", value));
        Assert.StartsWith("Spend by day", page.Text("#spend-by-day title"), StringComparison.Ordinal);
        Assert.Contains("$0.60 in total over 2 calls", page.Text("#spend-by-day desc"), StringComparison.Ordinal);
        Assert.Contains($"{Day(DateOnly.FromDateTime(month.UtcDateTime))}: $0.60 (2 calls)", page.Texts("#spend-by-day .bar-chart-column title"));
        Assert.Equal(today.Day, page.Texts("#spend-by-day .bar-chart-data tbody tr").Count);
        Assert.Contains("$0.60", page.Texts("#spend-by-day .bar-chart-tick").Last(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Shared_key_spend_is_shown_against_the_members_limit_the_tenants_default_or_their_own()
    {
        var people = await fixture.TenantWithPeopleAsync();
        await fixture.SetMemberLimitsAsync(people.Slug, memberDefault: 2m);
        await fixture.SpendOnSharedKeyAsync(people.Slug, people.Member.Email, 0.50m);

        var byDefault = await people.Member.GetAsync($"/t/{people.Slug}/usage");
        await fixture.SetMemberLimitsAsync(people.Slug, memberDefault: 2m, people.Member.Email, own: 0.625m);
        var ownLimit = await people.Member.GetAsync($"/t/{people.Slug}/usage");

        Assert.Equal("$0.50", byDefault.Text("#allowance-spent"));
        Assert.Equal("of your $2.00 monthly limit (the tenant's limit for each member)", byDefault.Text("#allowance-limit"));
        Assert.Equal("25% used; $1.50 left this month.", byDefault.Text("#allowance-remaining"));
        Assert.Equal("0.5", byDefault.Get("#allowance-bar").GetAttribute("value"));
        Assert.Equal("2", byDefault.Get("#allowance-bar").GetAttribute("max"));
        Assert.Equal("of your $0.63 monthly limit (set for you)", ownLimit.Text("#allowance-limit"));
        Assert.Equal("80% used; $0.13 left this month.", ownLimit.Text("#allowance-remaining"));
    }

    [Fact]
    public async Task Without_a_limit_the_page_says_so_plainly()
    {
        var people = await fixture.TenantWithPeopleAsync();

        var page = await people.Member.GetAsync($"/t/{people.Slug}/usage");

        Assert.Equal("$0.00", page.Text("#allowance-spent"));
        Assert.Equal("No limit: the tenant sets no monthly limit on your shared-key spend.", page.Text("#allowance-limit"));
        Assert.False(page.Has("#allowance-bar"), "A bar is drawn against no limit.");
    }

    [Fact]
    public async Task Someone_with_no_calls_is_told_how_to_make_one_and_the_chart_shows_zero_days()
    {
        var people = await fixture.TenantWithPeopleAsync();

        var page = await people.Member.GetAsync($"/t/{people.Slug}/usage");

        Assert.StartsWith("You have made no calls yet.", page.Text("#my-calls-empty"), StringComparison.Ordinal);
        Assert.Equal("$0.00", page.Text("#month-total-cost"));
        Assert.All(page.Attributes("#spend-by-day .bar-chart-column", "data-value"), value => Assert.Equal("$0.00", value));
        Assert.StartsWith("No calls on any of these", page.Text("#spend-by-day desc"), StringComparison.Ordinal);
        Assert.Equal("No calls.", page.Text("#by-model-empty"));
    }

    [Fact]
    public async Task Calls_are_listed_a_page_at_a_time_newest_first()
    {
        var people = await fixture.TenantWithPeopleAsync();
        var start = fixture.Clock.GetUtcNow().AddDays(-40);
        await fixture.AddCallsAsync(people.Slug, [.. Enumerable.Range(1, UsageCalls.PageSize + 5)
            .Select(i => new LedgerRow(people.Member.Email, start.AddMinutes(i), $"model/number-{i}"))]);

        var first = await people.Member.GetAsync($"/t/{people.Slug}/usage");
        var second = await people.Member.GetAsync(first.Href("#my-calls-older"));

        Assert.Equal(UsageCalls.PageSize, first.Texts("#my-calls .call-model").Count);
        Assert.Equal($"model/number-{UsageCalls.PageSize + 5}", first.Texts("#my-calls .call-model")[0]);
        Assert.False(first.Has("#my-calls-newer"), "The first page links to a newer one.");
        Assert.Equal(["model/number-5", "model/number-4", "model/number-3", "model/number-2", "model/number-1"], second.Texts("#my-calls .call-model"));
        Assert.Equal("Page 2", second.Text("#my-calls-page"));
        Assert.False(second.Has("#my-calls-older"), "The last page links to an older one.");
    }

    [Theory]
    [InlineData("?p=0")]
    [InlineData("?p=two")]
    [InlineData("?p=99999999")]
    public async Task A_page_number_that_makes_no_sense_is_explained(string query)
    {
        var people = await fixture.TenantWithPeopleAsync();

        var page = await people.Member.GetAsync($"/t/{people.Slug}/usage{query}");

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Equal(UsageCalls.NoSuchPageMessage, page.Text(".alert-danger"));
        Assert.False(page.Has("#my-calls"), "Calls were listed for a page that makes no sense.");
    }

    [Fact]
    public async Task Every_member_finds_the_page_in_the_navigation_and_only_admins_find_the_tenants()
    {
        var people = await fixture.TenantWithPeopleAsync();

        var member = await people.Member.GetAsync($"/t/{people.Slug}");
        var admin = await people.Admin.GetAsync($"/t/{people.Slug}");

        Assert.Equal($"/t/{people.Slug}/usage", member.Href("#nav-usage"));
        Assert.False(member.Has("#nav-admin-usage"), "A member is offered the tenant's usage.");
        Assert.Equal($"/t/{people.Slug}/admin/usage", admin.Href("#nav-admin-usage"));
    }

    [Fact]
    public async Task Someone_outside_the_tenant_gets_not_found()
    {
        var people = await fixture.TenantWithPeopleAsync();

        var page = await people.Outsider.GetAsync($"/t/{people.Slug}/usage");

        Assert.Equal(HttpStatusCode.NotFound, page.Status);
    }

    /// <summary>The first instant of the current UTC month: calls then are this month's whatever day the tests run.</summary>
    private DateTimeOffset MonthStart()
    {
        var now = fixture.Clock.GetUtcNow().UtcDateTime;
        return Utc(now.Year, now.Month, 1, hour: 0);
    }

    private static string Day(DateOnly day) => day.ToString("d MMMM yyyy", System.Globalization.CultureInfo.InvariantCulture);
}
