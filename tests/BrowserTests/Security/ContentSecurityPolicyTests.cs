using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using OpenRouterSaaS.BrowserTests.Infrastructure;
using OpenRouterSaaS.Web.Security;
using static Microsoft.Playwright.Assertions;

namespace OpenRouterSaaS.BrowserTests.Security;

/// <summary>
/// In Chromium, under the site's content security policy (no inline script or style, no eval): an owner walks through
/// every page of the site and uses its scripts (htmx filters and previews, menus), and the browser refuses nothing.
/// The pages are taken from the app's own endpoints, so a new page is visited without editing this test.
/// </summary>
public sealed class ContentSecurityPolicyTests(CatalogueBrowserFixture fixture) : IClassFixture<CatalogueBrowserFixture>
{
    // GET of these would change nothing, but they need what only a flow brings (a code, a token), or answer every status.
    private static readonly string[] NotVisited = ["/Status/{code:int}", "/Error"];

    [Fact]
    public async Task No_page_of_the_site_breaks_its_content_security_policy()
    {
        var page = await fixture.NewPersonAsync();
        var violations = await CspViolations.WatchAsync(page);

        // Registration, confirmation and sign-in pages, as a new person sees them.
        await page.GotoAsync("/Identity/Account/Register");
        await BrowserSteps.RegisterConfirmAndSignInAsync(page, $"csp-{Guid.NewGuid():N}@example.test", "Casey Policy");
        await Expect(page).ToHaveURLAsync(new Regex("/tenants$"));
        var slug = "csp-" + Guid.NewGuid().ToString("N")[..8];
        await page.GotoAsync("/tenants/new");
        await page.Locator("#Input_Name").PressSequentiallyAsync("Policy " + slug);
        await page.Locator("#Input_Slug").FillAsync(slug);
        await page.ClickAsync("#create-tenant-submit");
        await Expect(page).ToHaveURLAsync(new Regex($"/t/{slug}$"));

        var visited = new List<string>();
        foreach (var path in PagePaths(slug))
        {
            var response = await page.GotoAsync(path) ?? throw new InvalidOperationException($"No response for {path}.");
            Assert.True(response.Status < 500, $"{path} answered {response.Status}.");
            Assert.Equal(SecurityHeaders.ContentSecurityPolicy, await response.HeaderValueAsync("content-security-policy"));
            await CspViolations.SettleAsync(page);
            visited.Add(path);
        }

        // What the scripts do: htmx swaps in filtered results and the allow-list preview; Bootstrap opens a menu; copy.js copies.
        await page.GotoAsync($"/t/{slug}/models");
        await page.FillAsync("#model-search", "llama");
        await Expect(page.Locator("#models-table tr[data-model]")).ToHaveCountAsync(1);
        await page.GotoAsync($"/t/{slug}/admin/models");
        await page.FillAsync("#allow-patterns", "anthropic/*");
        await Expect(page.Locator("#preview-allowed-count")).Not.ToHaveTextAsync("2");
        await page.ClickAsync("#admin-menu");
        await Expect(page.Locator("#nav-budgets")).ToBeVisibleAsync();
        await page.GotoAsync($"/t/{slug}/tokens");
        await page.FillAsync("#Create_Name", "laptop");
        await page.ClickAsync("#create-token-submit");
        await Expect(page.Locator("#new-token-value")).ToBeVisibleAsync();
        await page.GotoAsync("/no-such-page");
        await CspViolations.SettleAsync(page);

        Assert.True(visited.Count >= 20, $"Only {visited.Count} pages were visited: {string.Join(", ", visited)}");
        Assert.True(violations.Seen.Count == 0, "The browser refused:\n" + string.Join("\n", violations.Seen));

        // The watch itself works: an inline style the page did not have is refused and reported.
        await page.EvaluateAsync("() => document.body.setAttribute('style', 'color: red')");
        await violations.First.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Contains(violations.Seen, violation => violation.Contains("style-src", StringComparison.Ordinal));
    }

    /// <summary>The address of every page the app maps (one per page), with this tenant's slug; pages that need other route values are left out.</summary>
    private List<string> PagePaths(string slug)
    {
        var endpoints = fixture.App.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>();
        return endpoints
            .Where(endpoint => endpoint.Metadata.GetMetadata<PageActionDescriptor>() is not null)
            .Select(endpoint => endpoint.RoutePattern)
            .Where(pattern => !NotVisited.Contains("/" + pattern.RawText, StringComparer.OrdinalIgnoreCase))
            .Where(pattern => pattern.Parameters.All(parameter => parameter.Name == "slug" || parameter.IsOptional))
            .Select(pattern => "/" + string.Join("/", pattern.PathSegments.Select(segment => Segment(segment, slug))).ToLowerInvariant())
            .Select(path => path.EndsWith("/index", StringComparison.Ordinal) ? path[..^"/index".Length] : path)
            .Select(path => path.Length == 0 ? "/" : path)
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .ToList();
    }

    private static string Segment(RoutePatternPathSegment segment, string slug) => string.Concat(segment.Parts.Select(part => part switch
    {
        RoutePatternLiteralPart literal => literal.Content,
        RoutePatternParameterPart { Name: "slug" } => slug,
        _ => "",
    })).TrimEnd('/');
}
