using OpenRouterSaaS.FunctionalTests.Infrastructure;
using static OpenRouterSaaS.FunctionalTests.Budgets.BudgetSteps;

namespace OpenRouterSaaS.FunctionalTests.Budgets;

/// <summary>
/// The budget banner on tenant pages: admins see it when the tenant's or any member's budget this month reached the
/// alert threshold (stronger once used up), a member when their own did; nobody sees it below the threshold.
/// </summary>
public sealed class BudgetAlertTests(AppFixture fixture) : IClassFixture<AppFixture>
{
    [Fact]
    public async Task Below_the_threshold_nobody_sees_a_banner()
    {
        var people = await fixture.TenantWithPeopleAsync();
        await people.Owner.SetLimitsAsync(people.Slug, tenant: "10", member: "5");
        await fixture.SeedSpendAsync(people.Slug, null, spent: 7.99m, reserved: 1.5m);
        await fixture.SeedSpendAsync(people.Slug, people.Member.Email, spent: 3.99m);

        foreach (var person in new[] { people.Owner, people.Admin, people.Member })
        {
            Assert.False((await person.GetAsync($"/t/{people.Slug}")).Has("#budget-alert"), $"{person.Email} sees a budget banner below the threshold.");
        }
    }

    [Fact]
    public async Task Admins_see_the_tenant_budget_at_the_threshold_and_a_stronger_banner_once_it_is_used_up_members_do_not()
    {
        var people = await fixture.TenantWithPeopleAsync();
        await people.Owner.SetLimitsAsync(people.Slug, tenant: "10");
        await fixture.SeedSpendAsync(people.Slug, null, spent: 8m);

        var warned = await people.Admin.GetAsync($"/t/{people.Slug}/models");

        Assert.Equal("threshold", warned.Get("#budget-alert").GetAttribute("data-level"));
        Assert.Contains("alert-warning", warned.Get("#budget-alert").ClassName, StringComparison.Ordinal);
        Assert.StartsWith("The tenant has spent 80% of its shared-key budget for ", warned.Text("#budget-alert-tenant"), StringComparison.Ordinal);
        Assert.EndsWith("($8.00 of $10.00).", warned.Text("#budget-alert-tenant"), StringComparison.Ordinal);
        Assert.Equal(BudgetsPath(people.Slug), warned.Href("#budget-alert-link"));
        Assert.False((await people.Member.GetAsync($"/t/{people.Slug}")).Has("#budget-alert"));

        await fixture.SeedSpendAsync(people.Slug, null, spent: 10.02m);
        var exhausted = await people.Owner.GetAsync($"/t/{people.Slug}");

        Assert.Equal("exhausted", exhausted.Get("#budget-alert").GetAttribute("data-level"));
        Assert.Contains("alert-danger", exhausted.Get("#budget-alert").ClassName, StringComparison.Ordinal);
        Assert.Contains("is used up ($10.02 of $10.00): calls paid with the shared key are refused", exhausted.Text("#budget-alert-tenant"), StringComparison.Ordinal);
        Assert.False((await people.Member.GetAsync($"/t/{people.Slug}")).Has("#budget-alert"));

        // The threshold is the tenant's: raised to 90%, the 80% of before no longer warns.
        await people.Owner.SetLimitsAsync(people.Slug, tenant: "20", percent: "90");
        Assert.False((await people.Owner.GetAsync($"/t/{people.Slug}")).Has("#budget-alert"));
    }

    [Fact]
    public async Task A_member_sees_their_own_budget_at_the_threshold_and_used_up_and_admins_see_how_many_members()
    {
        var people = await fixture.TenantWithPeopleAsync();
        var other = await fixture.AddMemberAsync(people.Owner, people.Slug);
        await people.Owner.SetLimitsAsync(people.Slug, member: "5");
        await fixture.SeedSpendAsync(people.Slug, people.Member.Email, spent: 4.25m);

        var member = await people.Member.GetAsync($"/t/{people.Slug}/keys");

        Assert.Equal("threshold", member.Get("#budget-alert").GetAttribute("data-level"));
        Assert.StartsWith("You have spent 85% of your monthly budget on the tenant's shared key ($4.25 of $5.00 in ", member.Text("#budget-alert-own"), StringComparison.Ordinal);
        Assert.False(member.Has("#budget-alert-link"), "A member is sent to a page only admins may open.");
        Assert.False((await other.GetAsync($"/t/{people.Slug}")).Has("#budget-alert"), "Another member sees someone else's budget.");
        var admin = await people.Admin.GetAsync($"/t/{people.Slug}");
        Assert.Equal("1 member has spent 80% or more of their monthly budget.", admin.Text("#budget-alert-members-threshold"));
        Assert.False(admin.Has("#budget-alert-tenant"));

        await fixture.SeedSpendAsync(people.Slug, people.Member.Email, spent: 5m);
        await fixture.SeedSpendAsync(people.Slug, other.Email, spent: 4.5m);
        member = await people.Member.GetAsync($"/t/{people.Slug}");
        admin = await people.Owner.GetAsync($"/t/{people.Slug}");

        Assert.Equal("exhausted", member.Get("#budget-alert").GetAttribute("data-level"));
        Assert.StartsWith("Your monthly budget on the tenant's shared key is used up ($5.00 of $5.00 in ", member.Text("#budget-alert-own"), StringComparison.Ordinal);
        Assert.EndsWith("Calls with your own OpenRouter key are not limited.", member.Text("#budget-alert-own"), StringComparison.Ordinal);
        Assert.Equal("exhausted", admin.Get("#budget-alert").GetAttribute("data-level"));
        Assert.Equal("1 member has used up their monthly budget: their calls paid with the shared key are refused.", admin.Text("#budget-alert-members-exhausted"));
        Assert.Equal("1 member has spent 80% or more of their monthly budget.", admin.Text("#budget-alert-members-threshold"));

        // An own limit high enough takes the member out of the alert.
        await people.Owner.TryOverrideAsync(people.Slug, people.Member.Email, "50");
        Assert.False((await people.Member.GetAsync($"/t/{people.Slug}")).Has("#budget-alert"));
    }

    [Fact]
    public async Task A_zero_limit_is_a_choice_not_an_alert_and_pages_outside_a_tenant_have_no_banner()
    {
        var people = await fixture.TenantWithPeopleAsync();
        await people.Owner.SetLimitsAsync(people.Slug, tenant: "0", member: "0");
        await fixture.SeedSpendAsync(people.Slug, null, spent: 0m);
        await fixture.SeedSpendAsync(people.Slug, people.Member.Email, spent: 0m);

        Assert.False((await people.Owner.GetAsync($"/t/{people.Slug}")).Has("#budget-alert"));
        Assert.False((await people.Member.GetAsync($"/t/{people.Slug}")).Has("#budget-alert"));

        await people.Owner.SetLimitsAsync(people.Slug, tenant: "1");
        await fixture.SeedSpendAsync(people.Slug, null, spent: 1m);
        Assert.True((await people.Owner.GetAsync($"/t/{people.Slug}")).Has("#budget-alert"));
        Assert.False((await people.Owner.GetAsync("/tenants")).Has("#budget-alert"));
    }
}
