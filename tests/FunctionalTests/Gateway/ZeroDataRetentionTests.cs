using System.Net;
using System.Text.Json.Nodes;
using OpenRouterSaaS.Domain.Audit;
using OpenRouterSaaS.Domain.Usage;
using OpenRouterSaaS.FunctionalTests.Infrastructure;
using OpenRouterSaaS.Web.Pages.Tenant.Admin;
using static OpenRouterSaaS.FunctionalTests.Gateway.GatewayKit;

namespace OpenRouterSaaS.FunctionalTests.Gateway;

/// <summary>
/// Zero data retention: an admin requires it for the whole tenant on the privacy page (audited), a member asks for it on
/// one call, nobody switches it off while the tenant requires it, and the upstream request and the ledger row say so.
/// </summary>
public sealed class ZeroDataRetentionTests(CatalogueAppFixture fixture) : IClassFixture<CatalogueAppFixture>
{
    private const string Privacy = "/admin/privacy";

    [Fact]
    public async Task An_admin_requires_it_on_the_privacy_page_and_the_change_is_audited()
    {
        var tenant = await fixture.TenantReadyToCallAsync();

        var page = await tenant.Owner.GetAsync($"/t/{tenant.Slug}{Privacy}");
        Assert.Equal("Privacy", page.Heading);
        Assert.Equal("Require zero data retention for every call", page.Text("label[for=\"require-zdr\"]"));
        Assert.Null(page.Get("#require-zdr").GetAttribute("checked"));

        var saved = await tenant.Owner.SubmitAsync(page, "#privacy-form", ("Input.RequireZeroDataRetention", "true"));
        Assert.Equal(PrivacyModel.RequiredMessage, saved.StatusMessage);
        Assert.NotNull(saved.Get("#require-zdr").GetAttribute("checked"));
        Assert.True((await fixture.Stored.TenantAsync(tenant.Slug))!.RequiresZeroDataRetention);

        var again = await tenant.Owner.SubmitAsync(saved, "#privacy-form", ("Input.RequireZeroDataRetention", "true"));
        var off = await tenant.Owner.SubmitAsync(again, "#privacy-form", ("Input.RequireZeroDataRetention", "false"));
        Assert.Equal(PrivacyModel.NotRequiredMessage, off.StatusMessage);
        Assert.False((await fixture.Stored.TenantAsync(tenant.Slug))!.RequiresZeroDataRetention);

        var entries = (await fixture.Stored.AuditEntriesAsync(tenant.Slug)).Where(entry => entry.Action == AuditActions.ZeroDataRetentionChanged).ToList();
        Assert.Equal(["Required zero data retention for every call.", "Stopped requiring zero data retention for every call."], entries.Select(entry => entry.Summary));
    }

    [Fact]
    public async Task The_admin_menu_links_to_it_and_a_member_is_kept_out()
    {
        var people = await fixture.TenantWithPeopleAsync();
        var before = (await fixture.Stored.TenantAsync(people.Slug))!.RequiresZeroDataRetention;

        var dashboard = await people.Admin.GetAsync($"/t/{people.Slug}");
        using var get = await people.Member.GetResponseAsync($"/t/{people.Slug}{Privacy}");
        using var post = await people.Member.PostRawAsync($"/t/{people.Slug}{Privacy}", [("Input.RequireZeroDataRetention", "true")], withAntiforgeryToken: true);
        using var outsider = await people.Outsider.GetResponseAsync($"/t/{people.Slug}{Privacy}");

        Assert.Equal($"/t/{people.Slug}{Privacy}", dashboard.Href("#nav-privacy"));
        Assert.StartsWith("/Identity/Account/AccessDenied", get.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
        Assert.StartsWith("/Identity/Account/AccessDenied", post.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, outsider.StatusCode);
        Assert.Equal(before, (await fixture.Stored.TenantAsync(people.Slug))!.RequiresZeroDataRetention);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task When_the_tenant_requires_it_every_call_asks_for_it_beside_the_clients_own_provider_preferences(bool stream)
    {
        var tenant = await fixture.TenantReadyToCallAsync();
        await RequireAsync(tenant);
        var preferences = new JsonObject { ["provider"] = new JsonObject { ["order"] = new JsonArray("openai"), ["allow_fallbacks"] = false } };

        using var plain = await fixture.ChatAsync(tenant.Token, Chat(Paid, "Private, please", stream: stream));
        var sentPlain = fixture.UpstreamBody()["provider"]!.AsObject();
        using var withPreferences = await fixture.ChatAsync(tenant.Token, Chat(Paid, "Private, with my order", stream: stream, extra: preferences));
        var sentWithPreferences = fixture.UpstreamBody()["provider"]!.AsObject();

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (plain.StatusCode, withPreferences.StatusCode));
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"zdr": true, "data_collection": "deny"}"""), sentPlain), sentPlain.ToJsonString());
        Assert.True(JsonNode.DeepEquals(
            JsonNode.Parse("""{"order": ["openai"], "allow_fallbacks": false, "zdr": true, "data_collection": "deny"}"""), sentWithPreferences),
            sentWithPreferences.ToJsonString());
        Assert.All(await fixture.SettledUsageAsync(tenant.Slug), row => Assert.Equal((UsageStatus.Completed, true), (row.Status, row.ZeroDataRetention)));
    }

    [Theory]
    [InlineData("""{"zdr": false}""", false)]
    [InlineData("""{"data_collection": "allow"}""", false)]
    [InlineData("""{"zdr": true, "data_collection": "allow"}""", true)]
    public async Task When_the_tenant_requires_it_a_call_cannot_switch_it_off(string provider, bool stream)
    {
        var tenant = await fixture.TenantReadyToCallAsync(sharedKey: true);
        await RequireAsync(tenant);
        var calls = fixture.App.Simulator.RequestLog.TotalCount;

        using var response = await fixture.ChatAsync(tenant.Token, Chat(Paid, "Keep my data", stream: stream, extra: new() { ["provider"] = JsonNode.Parse(provider) }));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        var (code, message) = await ErrorOf(response);
        Assert.Equal(403, code);
        Assert.StartsWith("This tenant requires zero data retention for every call", message, StringComparison.Ordinal);
        Assert.Contains($"/t/{tenant.Slug}/admin/privacy", message, StringComparison.Ordinal);
        Assert.Empty(await fixture.UsageAsync(tenant.Slug));
        Assert.Empty(await fixture.ReservationsAsync(tenant.Slug));
        Assert.Equal(calls, fixture.App.Simulator.RequestLog.TotalCount);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_member_asks_for_it_on_one_call_with_OpenRouters_own_field(bool stream)
    {
        var tenant = await fixture.TenantReadyToCallAsync();

        using var asked = await fixture.ChatAsync(tenant.Token,
            Chat(Paid, "Just this once", stream: stream, extra: new() { ["provider"] = JsonNode.Parse("""{"zdr": true, "sort": "price"}""") }));
        var sentAsked = fixture.UpstreamBody();
        using var plain = await fixture.ChatAsync(tenant.Token, Chat(Paid, "Nothing special", stream: stream));
        var sentPlain = fixture.UpstreamBody();

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (asked.StatusCode, plain.StatusCode));
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"zdr": true, "sort": "price", "data_collection": "deny"}"""), sentAsked["provider"]), sentAsked.ToJsonString());
        Assert.False(sentPlain.ContainsKey("provider"));
        var rows = await fixture.SettledUsageAsync(tenant.Slug);
        Assert.Equal([true, false], rows.Select(row => row.ZeroDataRetention));
    }

    private static async Task RequireAsync(GatewayTenant tenant)
    {
        var page = await tenant.Owner.GetAsync($"/t/{tenant.Slug}{Privacy}");
        var saved = await tenant.Owner.SubmitAsync(page, "#privacy-form", ("Input.RequireZeroDataRetention", "true"));
        Assert.Equal(PrivacyModel.RequiredMessage, saved.StatusMessage);
    }
}
