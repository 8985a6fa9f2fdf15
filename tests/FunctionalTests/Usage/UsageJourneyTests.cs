using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OpenRouterSaaS.Application.Common;
using OpenRouterSaaS.Application.Common.Interfaces;
using OpenRouterSaaS.Domain.Models;
using OpenRouterSaaS.Domain.Tenants;
using OpenRouterSaaS.FunctionalTests.Infrastructure;
using OpenRouterSaaS.Infrastructure.Persistence;
using OpenRouterSaaS.Web.Pages.Shared;
using OpenRouterSimulator;

namespace OpenRouterSaaS.FunctionalTests.Usage;

/// <summary>A real call through the gateway shows up, with its tokens and cost, on the member's page, the admin's page and in the export.</summary>
public sealed class UsageJourneyTests(CatalogueAppFixture fixture) : IClassFixture<CatalogueAppFixture>
{
    private const string Model = "openai/gpt-4o-mini";

    [Fact]
    public async Task A_call_through_the_api_shows_on_both_usage_pages_and_in_the_export()
    {
        var people = await fixture.TenantWithPeopleAsync();
        await AllowAsync(people.Slug, Model);
        await people.Member.SaveKeyAsync(people.Slug, fixture.App.Simulator.CreateKey(new SimulatedKeyRequest("usage journey")).Key);
        var (_, token) = await people.Member.CreateApiTokenAsync(people.Slug);

        using var client = fixture.App.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/chat/completions")
        {
            Content = new StringContent($$"""{"model":"{{Model}}","messages":[{"role":"user","content":"Say hello."}]}""", Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var answer = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var usage = answer.RootElement.GetProperty("usage");
        var (prompt, completion) = (usage.GetProperty("prompt_tokens").GetInt32(), usage.GetProperty("completion_tokens").GetInt32());
        var cost = usage.GetProperty("cost").GetDecimal();
        var generationId = answer.RootElement.GetProperty("id").GetString()!;

        var mine = await people.Member.GetAsync($"/t/{people.Slug}/usage");
        var tenants = await people.Admin.GetAsync($"/t/{people.Slug}/admin/usage");
        using var export = await people.Admin.GetResponseAsync(tenants.Href("#usage-export"));

        Assert.Equal(["Completed"], mine.Texts("#my-calls .call-status"));
        Assert.Equal([$"{prompt} / {completion}"], mine.Texts("#my-calls .call-tokens"));
        Assert.Equal([Money.Usd(cost)], mine.Texts("#my-calls .call-cost"));
        Assert.Equal(["Personal"], mine.Texts("#my-calls .call-key"));
        Assert.Equal(Money.Usd(cost), mine.Text("#month-total-cost"));
        Assert.Equal([Model], mine.Texts("#by-model .usage-key"));

        Assert.Equal([people.Member.Email], tenants.Texts("#tenant-calls .call-member"));
        Assert.Equal(Money.Usd(cost), tenants.Text("#total-cost"));
        Assert.Equal([people.Member.Email], tenants.Texts("#by-member .usage-key"));

        var rows = (await export.Content.ReadAsStringAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Skip(1).ToList();
        var row = Assert.Single(rows);
        Assert.Contains($",{people.Member.Email},{Model},", row, StringComparison.Ordinal);
        Assert.Contains($",{prompt},{completion},", row, StringComparison.Ordinal);
        Assert.Contains($",{generationId},", row, StringComparison.Ordinal);
    }

    private async Task AllowAsync(string slug, params string[] patterns)
    {
        await using var scope = fixture.App.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var tenant = await db.Tenants.SingleAsync(row => row.Slug == slug);
        scope.ServiceProvider.GetRequiredService<ITenantContext>().Enter(tenant.Id, tenant.Slug, TenantRole.Owner);
        var allowList = await db.ModelAllowLists.IgnoreQueryFilters([QueryFilters.Tenant]).SingleOrDefaultAsync(row => row.TenantId == tenant.Id);
        if (allowList is null)
        {
            allowList = ModelAllowList.CreateDefault(tenant.Id, fixture.Clock.GetUtcNow());
            db.ModelAllowLists.Add(allowList);
        }

        var owner = await db.Memberships.IgnoreQueryFilters([QueryFilters.Tenant]).Where(row => row.TenantId == tenant.Id).Select(row => row.UserId).FirstAsync();
        allowList.Change(new AllowListRules(ModelAccessMode.AllowListed, [.. patterns.Select(ModelPattern.Parse)], [], null, null), owner, fixture.Clock.GetUtcNow());
        await db.SaveChangesAsync();
    }
}
