using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OpenRouterSaaS.BrowserTests.Infrastructure;
using OpenRouterSaaS.Domain.Budgets;
using OpenRouterSaaS.Infrastructure.Persistence;
using static Microsoft.Playwright.Assertions;

namespace OpenRouterSaaS.BrowserTests;

/// <summary>In Chromium: an owner sets the tenant's monthly limit on the budgets page, and the banner appears once spend crosses the alert threshold.</summary>
public sealed class BudgetsBrowserTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task An_owner_sets_the_tenant_limit_and_sees_the_banner_once_spend_crosses_the_threshold()
    {
        var (page, slug) = await BrowserSteps.OwnerOfNewTenantAsync(fixture);
        var scriptErrors = new List<string>();
        page.PageError += (_, error) => scriptErrors.Add(error);

        await page.ClickAsync("#admin-menu");
        await page.ClickAsync("#nav-budgets");
        await Expect(page.Locator("h1")).ToHaveTextAsync("Budgets");
        await Expect(page.Locator("#tenant-limit")).ToHaveTextAsync("No limit");
        await Expect(page.Locator("#Limits_AlertPercent")).ToHaveValueAsync("80");

        await page.FillAsync("#Limits_MonthlyLimitUsd", "10");
        await page.ClickAsync("#save-limits");

        await Expect(page.Locator("#status-message")).ToContainTextAsync("The budget limits were saved.");
        await Expect(page.Locator("#tenant-limit")).ToHaveTextAsync("$10.00");
        await Expect(page.Locator("#tenant-progress")).ToHaveAttributeAsync("max", "10");
        await Expect(page.Locator("#budget-alert")).ToHaveCountAsync(0);

        // A bad amount is refused next to its field, and the limit in force stays.
        await page.FillAsync("#Limits_MonthlyLimitUsd", "ten");
        await page.ClickAsync("#save-limits");
        await Expect(page.Locator("[data-valmsg-for=\"Limits.MonthlyLimitUsd\"]")).ToContainTextAsync("Enter the tenant's monthly limit in US dollars");
        await Expect(page.Locator("#tenant-limit")).ToHaveTextAsync("$10.00");

        // Calls through the shared key spend $8.50 of the $10.00: past the 80% threshold.
        await SeedTenantSpendAsync(slug, 8.50m);
        await page.GotoAsync($"/t/{slug}");
        await Expect(page.Locator("#budget-alert")).ToHaveAttributeAsync("data-level", "threshold");
        await Expect(page.Locator("#budget-alert-tenant")).ToContainTextAsync("The tenant has spent 85% of its shared-key budget");
        await Screenshots.SaveAsync(page, "budgets-banner-threshold");

        await page.ClickAsync("#budget-alert-link");
        await Expect(page).ToHaveURLAsync(new Regex($"/t/{slug}/admin/budgets$"));
        await Expect(page.Locator("#tenant-spent")).ToHaveTextAsync("$8.50");
        await Expect(page.Locator("#tenant-progress")).ToHaveClassAsync(new Regex("budget-threshold"));
        await Screenshots.SaveAsync(page, "budgets-page-threshold");

        // Used up: the banner turns to the stronger kind.
        await SeedTenantSpendAsync(slug, 10m);
        await page.ReloadAsync();
        await Expect(page.Locator("#budget-alert")).ToHaveAttributeAsync("data-level", "exhausted");
        await Expect(page.Locator("#budget-alert-tenant")).ToContainTextAsync("is used up ($10.00 of $10.00)");
        await Expect(page.Locator("#tenant-progress")).ToHaveClassAsync(new Regex("budget-exhausted"));
        await Screenshots.SaveAsync(page, "budgets-page-exhausted");
        Assert.Empty(scriptErrors);
    }

    /// <summary>Sets this month's spend on the tenant's budget row, as settled calls would have left it (the row exists once a limit was saved).</summary>
    private async Task SeedTenantSpendAsync(string slug, decimal spent)
    {
        var month = BudgetMonth.Of(fixture.App.Clock.GetUtcNow());
        await using var scope = fixture.App.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var updated = await db.Database.ExecuteSqlInterpolatedAsync($"""
            UPDATE budgets SET spent_usd = {spent}
            WHERE member_user_id IS NULL AND month = {month} AND tenant_id = (SELECT id FROM tenants WHERE slug = {slug})
            """);
        Assert.Equal(1, updated);
    }
}
