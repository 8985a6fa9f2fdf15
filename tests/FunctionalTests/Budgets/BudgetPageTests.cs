using System.Net;
using OpenRouterSaaS.Application.Budgets.SetBudgetLimits;
using OpenRouterSaaS.Domain.Audit;
using OpenRouterSaaS.Domain.Budgets;
using OpenRouterSaaS.FunctionalTests.Infrastructure;
using static OpenRouterSaaS.FunctionalTests.Budgets.BudgetSteps;

namespace OpenRouterSaaS.FunctionalTests.Budgets;

/// <summary>
/// Admins set the tenant's limits on shared-key spend at /t/{slug}/admin/budgets: the current month follows at once,
/// a limit below this month's spend is refused naming the amounts, bad input changes nothing, and only admins get in.
/// </summary>
public sealed class BudgetPageTests(CatalogueAppFixture fixture) : IClassFixture<CatalogueAppFixture>
{
    [Fact]
    public async Task An_admin_sets_the_limits_and_the_page_shows_them_with_this_months_spend()
    {
        var (owner, slug) = await fixture.TenantWithOwnerAsync();
        var member = await fixture.AddMemberAsync(owner, slug);

        var empty = await owner.GetAsync(BudgetsPath(slug));
        Assert.Equal("Budgets", empty.Heading);
        Assert.Contains("own OpenRouter key are recorded in usage but never limited", empty.Text("#budgets-scope"), StringComparison.Ordinal);
        Assert.Equal(("$0.00", "No limit"), (empty.Text("#tenant-spent"), empty.Text("#tenant-limit")));
        Assert.Equal(("", "", "80", ""), (empty.FieldValue("Limits.MonthlyLimitUsd"), empty.FieldValue("Limits.MemberMonthlyLimitUsd"),
            empty.FieldValue("Limits.AlertPercent"), empty.FieldValue("Limits.DefaultMaxTokens")));

        var saved = await owner.SetLimitsAsync(slug, tenant: "$1,250.50", member: "40", percent: "90", maxTokens: "2000");

        Assert.True(saved.IsAt(BudgetsPath(slug)));
        Assert.Equal(("1250.50", "40.00", "90", "2000"), (saved.FieldValue("Limits.MonthlyLimitUsd"), saved.FieldValue("Limits.MemberMonthlyLimitUsd"),
            saved.FieldValue("Limits.AlertPercent"), saved.FieldValue("Limits.DefaultMaxTokens")));
        Assert.Equal("$1,250.50", saved.Text("#tenant-limit"));
        Assert.Equal(["$40.00", "$40.00"], saved.Texts("#member-budgets .member-limit"));
        Assert.Equal(["(default)", "(default)"], saved.Texts("#member-budgets .member-limit-source"));
        var tenant = (await fixture.Stored.TenantAsync(slug))!;
        Assert.Equal((1250.50m, 40m, 90, 2000), (tenant.MonthlyLimitUsd!.Value, tenant.MemberMonthlyLimitUsd!.Value, tenant.BudgetAlertPercent, tenant.DefaultMaxTokens!.Value));

        // This month's rows follow the settings (made now with the new limits), so enforcement does too.
        var rows = await fixture.BudgetsAsync(slug);
        Assert.Equal(3, rows.Count);
        Assert.Equal(1250.50m, rows.Single(row => row.IsTenantBudget).LimitUsd);
        Assert.All(rows.Where(row => !row.IsTenantBudget), row => Assert.Equal((40m, 0m, 0m), (row.LimitUsd!.Value, row.SpentUsd, row.ReservedUsd)));

        var entry = Assert.Single(await fixture.Stored.AuditEntriesAsync(slug), entry => entry.Action == AuditActions.BudgetLimitsUpdated);
        Assert.Equal("Changed the budget limits: tenant limit no limit → $1,250.50, member default no limit → $40.00, alert at 80% → 90%, "
            + "default max tokens the app's default → 2,000.", entry.Summary);

        // Saving again without a change writes nothing more.
        var again = await owner.TrySetLimitsAsync(slug);
        Assert.Equal("Nothing to save: the limits are as they were.", again.StatusMessage);
        Assert.Single(await fixture.Stored.AuditEntriesAsync(slug), entry => entry.Action == AuditActions.BudgetLimitsUpdated);

        // Blank fields mean no limit and the app's default max tokens again.
        await owner.SetLimitsAsync(slug, tenant: "", member: " ", maxTokens: "");
        tenant = (await fixture.Stored.TenantAsync(slug))!;
        Assert.Equal(((decimal?)null, (decimal?)null, (int?)null), (tenant.MonthlyLimitUsd, tenant.MemberMonthlyLimitUsd, tenant.DefaultMaxTokens));
        Assert.All(await fixture.BudgetsAsync(slug), row => Assert.Null(row.LimitUsd));
        Assert.True((await member.GetAsync($"/t/{slug}")).Status == HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_lowered_limit_refuses_the_very_next_call_of_this_month()
    {
        var (owner, slug, token) = await fixture.SharedKeyTenantAsync();
        await owner.SetLimitsAsync(slug, tenant: "10");
        using (var first = await fixture.ChatAsync(token))
        {
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        }

        var spent = (await fixture.BudgetAsync(slug))!.SpentUsd;
        Assert.True(spent > 0m);
        // The smallest limit the page accepts (a millionth of a dollar at most): what was spent, rounded up.
        var lowest = Math.Ceiling(spent * 1_000_000m) / 1_000_000m;
        await owner.SetLimitsAsync(slug, tenant: lowest.ToString(System.Globalization.CultureInfo.InvariantCulture));

        Assert.Equal(lowest, (await fixture.BudgetAsync(slug))!.LimitUsd);
        using var refused = await fixture.ChatAsync(token);
        Assert.Equal(HttpStatusCode.PaymentRequired, refused.StatusCode);
        var (code, message) = await ErrorOfAsync(refused);
        Assert.Equal(402, code);
        Assert.StartsWith("The tenant's monthly budget for", message, StringComparison.Ordinal);

        // Raising it lets calls through again at once.
        await owner.SetLimitsAsync(slug, tenant: "10");
        using var allowed = await fixture.ChatAsync(token);
        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
    }

    [Fact]
    public async Task A_members_own_limit_is_set_and_cleared_in_their_row_and_this_month_follows()
    {
        var (owner, slug, _) = await fixture.SharedKeyTenantAsync();
        var member = await fixture.AddMemberAsync(owner, slug);
        var (_, memberToken) = await member.CreateApiTokenAsync(slug);
        await owner.SetLimitsAsync(slug, member: "5");

        var set = await owner.TryOverrideAsync(slug, member.Email, "0");

        Assert.Equal("The member's monthly limit was saved; it applies to this month too.", set.StatusMessage);
        var row = $"tr[data-member=\"{member.Email}\"]";
        Assert.Equal(("$0.00", "(own limit)", "0.00"), (set.Text($"{row} .member-limit"), set.Text($"{row} .member-limit-source"), set.Get($"{row} input[name=limit]").GetAttribute("value")));
        Assert.Equal(0m, (await fixture.BudgetAsync(slug, member.Email))!.LimitUsd);
        Assert.Equal(0m, (await fixture.Stored.MembershipAsync(slug, member.Email))!.MonthlyLimitOverrideUsd);
        using (var refused = await fixture.ChatAsync(memberToken))
        {
            Assert.Equal(HttpStatusCode.PaymentRequired, refused.StatusCode);
            Assert.StartsWith("Your monthly budget for", (await ErrorOfAsync(refused)).Message, StringComparison.Ordinal);
        }

        var cleared = await owner.ClearOverrideAsync(slug, member.Email);

        Assert.Equal("The member follows the default monthly limit again.", cleared.StatusMessage);
        Assert.Equal(("$5.00", "(default)"), (cleared.Text($"{row} .member-limit"), cleared.Text($"{row} .member-limit-source")));
        Assert.False(cleared.Has($"{row} .clear-override-form"));
        Assert.Null((await fixture.Stored.MembershipAsync(slug, member.Email))!.MonthlyLimitOverrideUsd);
        Assert.Equal(5m, (await fixture.BudgetAsync(slug, member.Email))!.LimitUsd);
        using (var allowed = await fixture.ChatAsync(memberToken))
        {
            Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        }

        Assert.Equal(
            [$"Set the monthly limit of {member.Email} to $0.00", $"Made {member.Email} follow the default monthly limit ($5.00)"],
            (await fixture.Stored.AuditEntriesAsync(slug)).Where(entry => entry.Action == AuditActions.MemberBudgetLimitChanged).Select(entry => entry.Summary));
    }

    public static TheoryData<string, string, string> BadLimits => new()
    {
        { "Limits.MonthlyLimitUsd", "lots", "Enter the tenant's monthly limit in US dollars, such as 250 or 99.50, or leave it blank for no limit." },
        { "Limits.MonthlyLimitUsd", "-5", "The tenant's monthly limit cannot be negative: enter 0 or more." },
        { "Limits.MonthlyLimitUsd", "1000000.01", "The tenant's monthly limit can be at most $1,000,000.00." },
        { "Limits.MonthlyLimitUsd", "0.0000001", "The tenant's monthly limit can have at most 6 decimals." },
        { "Limits.MonthlyLimitUsd", "1e5", "Enter the tenant's monthly limit in US dollars, such as 250 or 99.50, or leave it blank for no limit." },
        { "Limits.MemberMonthlyLimitUsd", "ten dollars", "Enter the default monthly limit per member in US dollars, such as 250 or 99.50, or leave it blank for no limit." },
        { "Limits.MemberMonthlyLimitUsd", "99999999999999999999999", "The default monthly limit per member can be at most $1,000,000.00." },
        { "Limits.MemberMonthlyLimitUsd", "-0.01", "The default monthly limit per member cannot be negative: enter 0 or more." },
        { "Limits.AlertPercent", "0", SetBudgetLimitsValidator.AlertPercentMessage },
        { "Limits.AlertPercent", "101", SetBudgetLimitsValidator.AlertPercentMessage },
        { "Limits.AlertPercent", "eighty", SetBudgetLimitsValidator.AlertPercentMessage },
        { "Limits.AlertPercent", "", SetBudgetLimitsValidator.AlertPercentMessage },
        { "Limits.DefaultMaxTokens", "0", SetBudgetLimitsValidator.MaxTokensRangeMessage },
        { "Limits.DefaultMaxTokens", "-100", SetBudgetLimitsValidator.MaxTokensRangeMessage },
        { "Limits.DefaultMaxTokens", "1000001", SetBudgetLimitsValidator.MaxTokensRangeMessage },
        { "Limits.DefaultMaxTokens", "1.5", SetBudgetLimitsValidator.MaxTokensFormatMessage },
        { "Limits.DefaultMaxTokens", "many", SetBudgetLimitsValidator.MaxTokensFormatMessage },
    };

    [Theory]
    [MemberData(nameof(BadLimits))]
    public async Task Bad_input_is_refused_next_to_its_field_and_nothing_is_saved(string field, string value, string message)
    {
        var (owner, slug) = await fixture.TenantWithOwnerAsync();
        await owner.SetLimitsAsync(slug, tenant: "100", member: "10", percent: "75", maxTokens: "1000");
        var before = await SnapshotAsync(slug);

        // A good change to another field in the same post must not be saved either.
        var other = field == "Limits.AlertPercent" ? ("Limits.DefaultMaxTokens", "3000") : ("Limits.AlertPercent", "95");
        var page = await owner.SubmitAsync(await owner.GetAsync(BudgetsPath(slug)), "#budget-limits-form", (field, value), other);

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.True(page.IsAt(BudgetsPath(slug)));
        Assert.Equal(message, page.FieldError(field));
        Assert.Equal(value, page.FieldValue(field));
        Assert.Null(page.StatusMessage);
        Assert.Equal(before, await SnapshotAsync(slug));
    }

    [Fact]
    public async Task A_limit_below_this_months_spend_is_refused_naming_the_amounts_and_nothing_changes()
    {
        var (owner, slug) = await fixture.TenantWithOwnerAsync();
        var member = await fixture.AddMemberAsync(owner, slug);
        await owner.SetLimitsAsync(slug, tenant: "100", member: "10");
        await fixture.SeedSpendAsync(slug, null, spent: 3.20m, reserved: 0.40m);
        await fixture.SeedSpendAsync(slug, member.Email, spent: 2.50m);
        var before = await SnapshotAsync(slug);

        var tenantTooLow = await owner.TrySetLimitsAsync(slug, tenant: "3.50", percent: "95");
        var defaultTooLow = await owner.TrySetLimitsAsync(slug, member: "2");
        var bothTooLow = await owner.TrySetLimitsAsync(slug, tenant: "1", member: "1");
        var overrideTooLow = await owner.TryOverrideAsync(slug, member.Email, "2.49");

        const string tenantMessage = "The tenant has already spent $3.20 this month, and calls in progress hold $0.40 more; a limit below $3.60 is not possible. "
            + "Enter $3.60 or more, or leave it blank for no limit.";
        var defaultMessage = $"{member.Email} follows the default and has already spent $2.50 this month; a default below that is not possible. "
            + $"Enter $2.50 or more, or first give {member.Email} a limit of their own.";
        Assert.Equal((tenantMessage, ""), (tenantTooLow.FieldError("Limits.MonthlyLimitUsd"), tenantTooLow.FieldError("Limits.MemberMonthlyLimitUsd")));
        Assert.Equal(defaultMessage, defaultTooLow.FieldError("Limits.MemberMonthlyLimitUsd"));
        Assert.Equal((tenantMessage, defaultMessage), (bothTooLow.FieldError("Limits.MonthlyLimitUsd"), bothTooLow.FieldError("Limits.MemberMonthlyLimitUsd")));
        var row = $"tr[data-member=\"{member.Email}\"]";
        Assert.Equal($"{member.Email} has already spent $2.50 this month; a limit below that is not possible. Enter $2.50 or more.", overrideTooLow.Text($"{row} .override-error"));
        Assert.Equal("2.49", overrideTooLow.Get($"{row} input[name=limit]").GetAttribute("value"));
        Assert.Equal(before, await SnapshotAsync(slug));

        // Exactly what was spent (and held) is accepted.
        await owner.SetLimitsAsync(slug, tenant: "3.60", member: "2.50");
        Assert.Equal((3.60m, 2.50m), ((await fixture.BudgetAsync(slug))!.LimitUsd!.Value, (await fixture.BudgetAsync(slug, member.Email))!.LimitUsd!.Value));
    }

    [Fact]
    public async Task Clearing_an_own_limit_that_would_fall_back_below_this_months_spend_is_refused()
    {
        var (owner, slug) = await fixture.TenantWithOwnerAsync();
        var member = await fixture.AddMemberAsync(owner, slug);
        await owner.SetLimitsAsync(slug, member: "1");
        Assert.Equal("The member's monthly limit was saved; it applies to this month too.", (await owner.TryOverrideAsync(slug, member.Email, "20")).StatusMessage);
        await fixture.SeedSpendAsync(slug, member.Email, spent: 4m);
        var before = await SnapshotAsync(slug);

        var refused = await owner.ClearOverrideAsync(slug, member.Email);

        Assert.Equal($"{member.Email} has already spent $4.00 this month, more than the default of $1.00 they would follow. "
            + "Raise the default first, or keep a limit of their own of $4.00 or more.", refused.Text($"tr[data-member=\"{member.Email}\"] .override-error"));
        Assert.Equal(before, await SnapshotAsync(slug));
        Assert.Equal(20m, (await fixture.Stored.MembershipAsync(slug, member.Email))!.MonthlyLimitOverrideUsd);
    }

    [Theory]
    [InlineData("")]
    [InlineData("abc")]
    [InlineData("-1")]
    [InlineData("2000000")]
    public async Task A_bad_own_limit_is_refused_in_the_members_row(string value)
    {
        var (owner, slug) = await fixture.TenantWithOwnerAsync();
        var member = await fixture.AddMemberAsync(owner, slug);
        var before = await SnapshotAsync(slug);

        var page = await owner.TryOverrideAsync(slug, member.Email, value);

        Assert.Equal(HttpStatusCode.OK, page.Status);
        var error = page.Text($"tr[data-member=\"{member.Email}\"] .override-error");
        Assert.StartsWith(value switch
        {
            "-1" => "The member's monthly limit cannot be negative",
            "2000000" => "The member's monthly limit can be at most $1,000,000.00.",
            _ => "Enter the member's monthly limit in US dollars, such as 250 or 99.50.",
        }, error, StringComparison.Ordinal);
        Assert.Equal(before, await SnapshotAsync(slug));
    }

    [Fact]
    public async Task Members_are_refused_the_budgets_page_and_its_forms_and_outsiders_do_not_find_it()
    {
        var people = await fixture.TenantWithPeopleAsync();
        var slug = people.Slug;
        var membershipId = (await people.Owner.GetAsync(BudgetsPath(slug)))
            .Get($"tr[data-member=\"{people.Member.Email}\"] input[name=membershipId]").GetAttribute("value")!;
        var before = await SnapshotAsync(slug);
        var posts = new (string Url, (string, string)[] Fields)[]
        {
            ($"{BudgetsPath(slug)}?handler=Limits", [("Limits.MonthlyLimitUsd", "1"), ("Limits.AlertPercent", "50")]),
            ($"{BudgetsPath(slug)}?handler=Override", [("membershipId", membershipId), ("limit", "1000")]),
            ($"{BudgetsPath(slug)}?handler=ClearOverride", [("membershipId", membershipId)]),
        };

        var memberPage = await people.Member.GetAsync(BudgetsPath(slug));
        Assert.Equal(HttpStatusCode.Forbidden, memberPage.Status);
        Assert.False((await people.Member.GetAsync($"/t/{slug}")).Has("#nav-budgets"));
        Assert.Equal(HttpStatusCode.NotFound, (await people.Outsider.GetAsync(BudgetsPath(slug))).Status);
        foreach (var (url, fields) in posts)
        {
            Assert.Equal(HttpStatusCode.Forbidden, (await people.Member.PostAsync(url, fields, withAntiforgeryToken: true)).Status);
            Assert.Equal(HttpStatusCode.NotFound, (await people.Outsider.PostAsync(url, fields, withAntiforgeryToken: true)).Status);
        }

        Assert.Equal(before, await SnapshotAsync(slug));
        Assert.Equal(HttpStatusCode.OK, (await people.Admin.GetAsync(BudgetsPath(slug))).Status);
        Assert.Equal(BudgetsPath(slug), (await people.Admin.GetAsync($"/t/{slug}")).Href("#nav-budgets"));
    }

    [Fact]
    public async Task An_admin_of_one_tenant_can_neither_read_nor_change_anothers_budgets()
    {
        var (adminA, slugA) = await fixture.TenantWithOwnerAsync();
        var (ownerB, slugB) = await fixture.TenantWithOwnerAsync();
        var memberB = await fixture.AddMemberAsync(ownerB, slugB);
        await ownerB.SetLimitsAsync(slugB, tenant: "50", member: "5");
        var membershipB = (await ownerB.GetAsync(BudgetsPath(slugB)))
            .Get($"tr[data-member=\"{memberB.Email}\"] input[name=membershipId]").GetAttribute("value")!;
        var before = await SnapshotAsync(slugB);

        Assert.Equal(HttpStatusCode.NotFound, (await adminA.GetAsync(BudgetsPath(slugB))).Status);
        var posted = await adminA.PostAsync($"{BudgetsPath(slugB)}?handler=Limits", [("Limits.MonthlyLimitUsd", "1"), ("Limits.AlertPercent", "50")], withAntiforgeryToken: true);
        Assert.Equal(HttpStatusCode.NotFound, posted.Status);

        // B's membership id posted to A's own page is not found there either.
        var crossed = await adminA.PostAsync($"{BudgetsPath(slugA)}?handler=Override", [("membershipId", membershipB), ("limit", "999")], withAntiforgeryToken: true);
        Assert.Equal("That member was not found in this tenant.", crossed.StatusMessage);
        var cleared = await adminA.PostAsync($"{BudgetsPath(slugA)}?handler=ClearOverride", [("membershipId", membershipB)], withAntiforgeryToken: true);
        Assert.Equal("That member was not found in this tenant.", cleared.StatusMessage);

        Assert.Equal(before, await SnapshotAsync(slugB));
        Assert.DoesNotContain(memberB.Email, (await adminA.GetAsync(BudgetsPath(slugA))).Source, StringComparison.Ordinal);
    }

    /// <summary>The tenant's limits, its members' overrides, this month's rows and the audit count, as one line: to show that nothing changed.</summary>
    private async Task<string> SnapshotAsync(string slug)
    {
        var tenant = (await fixture.Stored.TenantAsync(slug))!;
        var rows = (await fixture.BudgetsAsync(slug)).OrderBy(row => row.MemberUserId).Select(row => $"{row.MemberUserId}:{row.LimitUsd}:{row.SpentUsd}:{row.ReservedUsd}");
        var audit = (await fixture.Stored.AuditEntriesAsync(slug)).Count;
        var overrides = await fixture.OverridesAsync(slug);
        return $"{tenant.MonthlyLimitUsd}|{tenant.MemberMonthlyLimitUsd}|{tenant.BudgetAlertPercent}|{tenant.DefaultMaxTokens}|{string.Join(",", rows)}|{overrides}|{audit}";
    }
}
