using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using OpenRouterSaaS.Application.Common;
using OpenRouterSaaS.Application.Common.Interfaces;
using OpenRouterSaaS.BrowserTests.Infrastructure;
using OpenRouterSaaS.Domain.Models;
using OpenRouterSaaS.Domain.Tenants;
using OpenRouterSaaS.Domain.Usage;
using OpenRouterSaaS.Infrastructure.Persistence;
using OpenRouterSimulator;
using static Microsoft.Playwright.Assertions;

namespace OpenRouterSaaS.BrowserTests;

/// <summary>In Chromium: a member streams an answer in the playground and sees what it cost, stops one half-way, and sees a refusal explained.</summary>
public sealed class PlaygroundBrowserTests(CatalogueBrowserFixture fixture) : IClassFixture<CatalogueBrowserFixture>
{
    private const string Model = "meta-llama/llama-3.3-70b-instruct:free";

    [Fact]
    public async Task A_member_streams_an_answer_stops_another_and_sees_a_refused_model_explained()
    {
        var (page, slug) = await BrowserSteps.OwnerOfNewTenantAsync(fixture);
        var scriptErrors = new List<string>();
        page.PageError += (_, error) => scriptErrors.Add(error);
        try
        {
            // Without a key the playground says so and points to the keys page.
            await page.ClickAsync("#nav-playground");
            await Expect(page.Locator("h1")).ToHaveTextAsync("Playground");
            await Expect(page.Locator("#playground-no-key")).ToContainTextAsync("You have no OpenRouter key you can use here");
            await page.ClickAsync("#playground-keys-link");
            await page.Locator("#Input_Key").FillAsync(fixture.App.Simulator.CreateKey(new SimulatedKeyRequest("Playground key")).Key);
            await page.ClickAsync("#save-key");
            await Expect(page.Locator("#status-message")).ToContainTextAsync("OpenRouter accepted your key, and it was saved.");

            // An answer streams in word by word (the simulator waits a little before each), then the summary of the call appears.
            await page.ClickAsync("#nav-playground");
            await page.SelectOptionAsync("#playground-model", Model);
            await page.FillAsync("#playground-message", "Tell me about streams [[sim:fault=chunk-delay=60]]");
            await page.ClickAsync("#playground-send");
            await Expect(page.Locator("#playground-answer")).Not.ToBeEmptyAsync();
            await Expect(page.Locator("#playground-stop")).ToBeEnabledAsync();
            await Expect(page.Locator("#playground-summary")).ToBeVisibleAsync();
            await Expect(page.Locator("#summary-model")).ToHaveTextAsync(Model);
            await Expect(page.Locator("#summary-tokens")).ToHaveTextAsync(new Regex(@"^\d+ prompt \+ \d+ completion$"));
            await Expect(page.Locator("#summary-cost")).ToHaveTextAsync("$0.00");
            await Expect(page.Locator("#summary-key")).ToHaveTextAsync("Your personal key");
            await Expect(page.Locator("#playground-stop")).ToBeDisabledAsync();
            var answer = (await page.Locator("#playground-answer").TextContentAsync())!;
            var completed = (await UsageAsync(slug)).Single();
            Assert.Equal((UsageStatus.Completed, true, null), (completed.Status, completed.Streamed, completed.ApiTokenId));
            Assert.Equal(completed.CompletionTokens, answer.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length);
            await Screenshots.SaveAsync(page, "playground-answered");

            // Stop, half-way through a slow answer: the call is cancelled on the server.
            await page.FillAsync("#playground-message", "A very slow answer [[sim:fault=chunk-delay=400]]");
            await page.ClickAsync("#playground-send");
            await Expect(page.Locator("#playground-answer")).Not.ToBeEmptyAsync();
            await page.ClickAsync("#playground-stop");
            await Expect(page.Locator("#playground-status")).ToContainTextAsync("Stopped.");
            await Expect(page.Locator("#playground-send")).ToBeEnabledAsync();
            var cancelled = await EventuallyAsync(slug, rows => rows.Count == 2 && rows[1].Status == UsageStatus.Cancelled);
            Assert.NotNull(cancelled[1].GenerationId);
            await Screenshots.SaveAsync(page, "playground-stopped");

            // An admin narrows the allow-list while the page is open: the gateway's refusal is shown as it words it.
            await AllowOnlyAsync(slug, "deepseek/*");
            await page.FillAsync("#playground-message", "Am I still allowed?");
            await page.ClickAsync("#playground-send");
            await Expect(page.Locator("#playground-error")).ToHaveTextAsync($"\"{Model}\" is not on this tenant's allow-list.");
            await Expect(page.Locator("#playground-summary")).ToBeHiddenAsync();
            await Screenshots.SaveAsync(page, "playground-refused");
            Assert.Equal(2, (await UsageAsync(slug)).Count);
            Assert.Empty(scriptErrors);
        }
        catch
        {
            await Screenshots.SaveAsync(page, "failed-playground");
            throw;
        }
    }

    private async Task<List<UsageRecord>> UsageAsync(string slug)
    {
        await using var scope = fixture.App.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        return await db.UsageRecords.IgnoreQueryFilters([QueryFilters.Tenant]).AsNoTracking()
            .Where(row => db.Tenants.Any(tenant => tenant.Id == row.TenantId && tenant.Slug == slug))
            .OrderBy(row => row.CreatedAt)
            .ToListAsync();
    }

    /// <summary>The tenant's ledger once <paramref name="done"/> holds, polling for at most 30 s.</summary>
    private async Task<List<UsageRecord>> EventuallyAsync(string slug, Func<List<UsageRecord>, bool> done)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var rows = await UsageAsync(slug);
            if (done(rows))
            {
                return rows;
            }

            Assert.True(DateTime.UtcNow < deadline, $"The ledger did not reach the expected state: {string.Join(", ", rows.Select(row => row.Status))}.");
            await Task.Delay(100);
        }
    }

    private async Task AllowOnlyAsync(string slug, string pattern)
    {
        await using var scope = fixture.App.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var tenant = await db.Tenants.SingleAsync(row => row.Slug == slug);
        scope.ServiceProvider.GetRequiredService<ITenantContext>().Enter(tenant.Id, tenant.Slug, TenantRole.Owner);
        var allowList = await db.ModelAllowLists.IgnoreQueryFilters([QueryFilters.Tenant]).SingleAsync(row => row.TenantId == tenant.Id);
        var owner = await db.Memberships.IgnoreQueryFilters([QueryFilters.Tenant]).Where(row => row.TenantId == tenant.Id).Select(row => row.UserId).FirstAsync();
        allowList.Change(new AllowListRules(ModelAccessMode.AllowListed, [ModelPattern.Parse(pattern)], [], null, null), owner, fixture.App.Clock.GetUtcNow());
        await db.SaveChangesAsync();
    }
}
