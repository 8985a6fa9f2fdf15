using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using OpenRouterSaaS.Application.Common;
using OpenRouterSaaS.BrowserTests.Infrastructure;
using OpenRouterSaaS.Domain.Credentials;
using OpenRouterSaaS.Domain.Usage;
using OpenRouterSaaS.Infrastructure.Persistence;
using OpenRouterSaaS.Infrastructure.Tenancy;
using static Microsoft.Playwright.Assertions;

namespace OpenRouterSaaS.BrowserTests;

/// <summary>In Chromium: an admin reads the tenant's usage chart for a range of days and downloads it as CSV; a member reads their own month.</summary>
public sealed class UsageBrowserTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task An_admin_sees_the_spend_chart_for_a_range_and_downloads_it_as_csv()
    {
        var (page, slug) = await BrowserSteps.OwnerOfNewTenantAsync(fixture);
        await AddCallsAsync(slug,
            (new DateTimeOffset(2026, 3, 2, 10, 0, 0, TimeSpan.Zero), "openai/gpt-4o-mini", CredentialKind.Personal, 1.20m),
            (new DateTimeOffset(2026, 3, 2, 11, 0, 0, TimeSpan.Zero), "anthropic/claude-3.5-haiku", CredentialKind.Shared, 0.80m),
            (new DateTimeOffset(2026, 3, 20, 9, 0, 0, TimeSpan.Zero), "openai/gpt-4o-mini", CredentialKind.Shared, 0.50m));

        await page.ClickAsync("#admin-menu");
        await page.ClickAsync("#nav-admin-usage");
        await Expect(page.Locator("h1")).ToHaveTextAsync("Usage");
        await page.FillAsync("#filter-from", "2026-03-01");
        await page.FillAsync("#filter-to", "2026-03-31");
        await page.ClickAsync("#usage-filter-submit");

        await Expect(page).ToHaveURLAsync(new Regex("from=2026-03-01&to=2026-03-31"));
        await Expect(page.Locator("#total-cost")).ToHaveTextAsync("$2.50");
        var chart = page.Locator("#spend-by-day svg");
        await Expect(chart).ToBeVisibleAsync();
        await Expect(chart).ToHaveAttributeAsync("role", "img");
        await Expect(page.Locator("#spend-by-day .bar-chart-column")).ToHaveCountAsync(31);
        await Expect(page.Locator("#spend-by-day .bar-chart-bar")).ToHaveCountAsync(2);
        await Expect(page.Locator("#spend-by-day .bar-chart-column").Nth(1).Locator("title")).ToHaveTextAsync("2 March 2026: $2.00 (2 calls)");
        var box = await page.Locator("#spend-by-day .bar-chart-bar").First.BoundingBoxAsync();
        Assert.True(box is { Height: > 50, Width: > 5 }, $"The tallest bar is drawn {box?.Width} by {box?.Height}.");
        await Expect(page.Locator("#by-model .usage-key")).ToHaveTextAsync(["openai/gpt-4o-mini", "anthropic/claude-3.5-haiku"]);
        await Screenshots.SaveAsync(page, "usage-admin-march");

        var download = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("#usage-export"));

        Assert.Equal($"usage-{slug}-2026-03-01-2026-03-31.csv", download.SuggestedFilename);
        var lines = (await File.ReadAllTextAsync((await download.PathAsync())!)).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(4, lines.Length);
        Assert.StartsWith("time,member_email,requested_model,", lines[0], StringComparison.Ordinal);
        Assert.StartsWith("2026-03-02T10:00:00.000Z,owner-", lines[1], StringComparison.Ordinal);
        Assert.Contains(",openai/gpt-4o-mini,openai/gpt-4o-mini,OpenAI,Completed,Personal,", lines[1], StringComparison.Ordinal);
        Assert.StartsWith("2026-03-20T09:00:00.000Z,", lines[3], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_member_finds_their_own_month_in_the_navigation()
    {
        var (page, slug) = await BrowserSteps.OwnerOfNewTenantAsync(fixture);
        var now = fixture.App.Clock.GetUtcNow().UtcDateTime;
        var monthStart = new DateTimeOffset(now.Year, now.Month, 1, 0, 0, 0, TimeSpan.Zero);
        await AddCallsAsync(slug, (monthStart.AddMinutes(5), "openai/gpt-4o-mini", CredentialKind.Personal, 0.30m));

        await page.ClickAsync("#nav-usage");

        await Expect(page.Locator("h1")).ToHaveTextAsync("My usage");
        await Expect(page.Locator("#month-total-cost")).ToHaveTextAsync("$0.30");
        await Expect(page.Locator("#allowance-limit")).ToHaveTextAsync("No limit: the tenant sets no monthly limit on your shared-key spend.");
        await Expect(page.Locator("#spend-by-day svg")).ToBeVisibleAsync();
        await Expect(page.Locator("#spend-by-day .bar-chart-column")).ToHaveCountAsync(now.Day);
        await Expect(page.Locator("#my-calls .call-status")).ToHaveTextAsync(["Completed"]);

        // The figures behind the chart, for anyone who cannot see it.
        await page.ClickAsync("#spend-by-day summary");
        await Expect(page.Locator("#spend-by-day .bar-chart-data tbody tr").First).ToBeVisibleAsync();
        await Screenshots.SaveAsync(page, "usage-member-month");
    }

    /// <summary>Completed calls written straight into the ledger, for the tenant's only member (its owner).</summary>
    private async Task AddCallsAsync(string slug, params (DateTimeOffset At, string Model, CredentialKind Kind, decimal Cost)[] calls)
    {
        await using var scope = fixture.App.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var tenant = await db.Tenants.SingleAsync(row => row.Slug == slug);
        var owner = await db.Memberships.IgnoreQueryFilters([QueryFilters.Tenant]).Where(row => row.TenantId == tenant.Id).Select(row => row.UserId).SingleAsync();
        scope.ServiceProvider.GetRequiredService<TenantContext>().Enter(tenant.Id, tenant.Slug, role: null);
        foreach (var (at, model, kind, cost) in calls)
        {
            var record = UsageRecord.Start(tenant.Id, owner, kind, Guid.NewGuid(), null, model, streamed: false, reservationId: null, at);
            record.Complete(model, "OpenAI", "gen-" + Guid.NewGuid().ToString("N"), 100, 50, 0, 0, cost, at.AddSeconds(1));
            db.UsageRecords.Add(record);
        }

        await db.SaveChangesAsync();
    }
}
