using System.Text.RegularExpressions;
using OpenRouterSaaS.BrowserTests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace OpenRouterSaaS.BrowserTests.Models;

/// <summary>A tenant's owner in Chromium edits the allow-list; the live preview (htmx) follows the unsaved form.</summary>
public sealed class AllowListBrowserTests(CatalogueBrowserFixture fixture) : IClassFixture<CatalogueBrowserFixture>
{
    [Fact]
    public async Task An_admin_restricts_the_tenant_to_two_providers_and_sees_the_preview_agree()
    {
        var (page, slug) = await BrowserSteps.OwnerOfNewTenantAsync(fixture);
        var scriptErrors = new List<string>();
        page.PageError += (_, error) => scriptErrors.Add(error);

        await page.GotoAsync($"/t/{slug}/admin/models");
        await Expect(page).ToHaveURLAsync(new Regex($"/t/{slug}/admin/models$"));

        var allowed = page.Locator("#preview-allowed li");
        await Expect(allowed).ToHaveCountAsync(2);

        // Typing only: no button is pressed, the preview follows the form as it changes.
        await page.FillAsync("#allow-patterns", "anthropic/*\ngoogle/*");
        await page.FillAsync("#max-prompt-price", "");
        await page.FillAsync("#max-completion-price", "");

        await Expect(page.Locator("#preview-allowed-count")).ToHaveTextAsync("4");
        await Expect(allowed).ToHaveCountAsync(4);
        Assert.Equal(
            ["anthropic/claude-3.5-haiku", "anthropic/claude-sonnet-4", "google/gemini-2.5-flash", "google/gemini-2.5-pro"],
            await allowed.EvaluateAllAsync<string[]>("items => items.map(item => item.dataset.model)"));
        var providersAllowed = await page.Locator("#preview-providers tr[data-provider]")
            .EvaluateAllAsync<string[]>("rows => rows.filter(row => row.querySelector('[data-allowed]').dataset.allowed !== '0').map(row => row.dataset.provider)");
        Assert.Equal(["anthropic", "google"], providersAllowed);

        // A ceiling typed in narrows the preview again, before anything is saved.
        await page.FillAsync("#max-prompt-price", "1");
        await Expect(page.Locator("#preview-allowed-count")).ToHaveTextAsync("2");
        await page.FillAsync("#max-prompt-price", "");
        await Expect(page.Locator("#preview-allowed-count")).ToHaveTextAsync("4");

        await page.ClickAsync("#save-allow-list");

        await Expect(page.Locator("#status-message")).ToContainTextAsync("4 of 17 models are allowed now");
        await Expect(allowed).ToHaveCountAsync(4);
        await page.GotoAsync($"/t/{slug}/models");
        await Expect(page.Locator("#models-table tr[data-model]")).ToHaveCountAsync(4);
        Assert.Empty(scriptErrors);
    }

    [Fact]
    public async Task Filtering_the_catalogue_updates_the_results_without_a_full_reload()
    {
        var (page, slug) = await BrowserSteps.OwnerOfNewTenantAsync(fixture);
        await page.GotoAsync($"/t/{slug}/models");
        await Expect(page).ToHaveURLAsync(new Regex($"/t/{slug}/models$"));
        await Expect(page.Locator("#models-table tr[data-model]")).ToHaveCountAsync(2);

        // A marker on the window survives htmx swaps but not a full page load.
        await page.EvaluateAsync("() => window.__noReload = true");
        await page.FillAsync("#model-search", "llama");

        await Expect(page.Locator("#models-table tr[data-model]")).ToHaveCountAsync(1);
        await Expect(page.Locator("#models-table tr[data-model]")).ToHaveAttributeAsync("data-model", "meta-llama/llama-3.3-70b-instruct:free");
        Assert.True(await page.EvaluateAsync<bool>("() => window.__noReload === true"));
        await Expect(page).ToHaveURLAsync(new Regex("q=llama"));
    }
}
