using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using OpenRouterSaaS.Domain.Credentials;
using OpenRouterSaaS.Domain.Usage;
using OpenRouterSaaS.FunctionalTests.Infrastructure;
using static OpenRouterSaaS.FunctionalTests.Gateway.GatewayKit;

namespace OpenRouterSaaS.FunctionalTests.Gateway;

/// <summary>
/// The playground at <c>/t/{slug}/playground</c>: it offers the allowed models, says when there is no key to use, and its
/// chat goes through the gateway with the sign-in cookie and the antiforgery token, ending with a summary of the call.
/// </summary>
public sealed class PlaygroundTests(CatalogueAppFixture fixture) : IClassFixture<CatalogueAppFixture>
{
    [Fact]
    public async Task The_page_offers_the_auto_router_and_only_the_allowed_models()
    {
        var tenant = await fixture.TenantReadyToCallAsync(false, "openrouter/auto", Paid, "anthropic/claude-3.5-haiku");

        var page = await tenant.Owner.GetAsync($"/t/{tenant.Slug}/playground");

        Assert.Equal("Playground", page.Heading);
        Assert.Equal($"/t/{tenant.Slug}/playground", page.Href("#nav-playground"));
        Assert.Equal(["openrouter/auto", "anthropic/claude-3.5-haiku", Paid], page.Attributes("#playground-model option", "value"));
        Assert.Equal("Auto router (openrouter/auto, limited to allowed models)", page.Texts("#playground-model option")[0]);
        Assert.Null(page.Get("#playground-zdr").GetAttribute("checked"));
        Assert.Null(page.Get("#playground-zdr").GetAttribute("disabled"));
        Assert.StartsWith("Your own key", page.Text("#playground-key"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_member_without_a_usable_key_is_told_so_and_sent_to_the_keys_page()
    {
        var people = await fixture.TenantWithPeopleAsync();

        var page = await people.Member.GetAsync($"/t/{people.Slug}/playground");

        Assert.Contains("You have no OpenRouter key you can use here", page.Text("#playground-no-key"), StringComparison.Ordinal);
        Assert.Equal($"/t/{people.Slug}/keys", page.Href("#playground-keys-link"));
        Assert.False(page.Has("#playground-form"));
    }

    [Fact]
    public async Task When_the_tenant_requires_zero_data_retention_the_checkbox_is_on_and_cannot_be_changed()
    {
        var tenant = await fixture.TenantReadyToCallAsync();
        var privacy = await tenant.Owner.GetAsync($"/t/{tenant.Slug}/admin/privacy");
        await tenant.Owner.SubmitAsync(privacy, "#privacy-form", ("Input.RequireZeroDataRetention", "true"));

        var page = await tenant.Owner.GetAsync($"/t/{tenant.Slug}/playground");

        Assert.NotNull(page.Get("#playground-zdr").GetAttribute("checked"));
        Assert.NotNull(page.Get("#playground-zdr").GetAttribute("disabled"));
        Assert.Equal("This tenant requires zero data retention for every call, so it is always on here.", page.Text("#playground-zdr-note"));
    }

    [Fact]
    public async Task Its_chat_streams_the_answer_and_ends_with_the_model_tokens_cost_and_key_of_the_call()
    {
        var tenant = await fixture.TenantReadyToCallAsync(sharedKey: true);
        var body = Chat(Paid, "Hello from the playground", stream: true, extra: new() { ["provider"] = new JsonObject { ["zdr"] = true } });

        using var response = await SendAsync(tenant.Owner, tenant.Slug, body);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var events = SseEvents.Parse(await response.Content.ReadAsStringAsync());
        var done = events.FindIndex(item => item.IsDone);
        Assert.True(done > 0, "The answer ended with [DONE].");
        var summary = Assert.Single(events, item => item.Name == "gateway");
        Assert.Equal(events.Count - 1, events.IndexOf(summary));
        var row = Assert.Single(await fixture.SettledUsageAsync(tenant.Slug));
        Assert.Equal((UsageStatus.Completed, CredentialKind.Shared, true, true, null), (row.Status, row.CredentialKind, row.Streamed, row.ZeroDataRetention, row.ApiTokenId));
        var json = summary.Json;
        Assert.Equal("Completed", json.GetProperty("status").GetString());
        Assert.Equal(row.ServedModel, json.GetProperty("model").GetString());
        Assert.Equal(row.PromptTokens, json.GetProperty("prompt_tokens").GetInt32());
        Assert.Equal(row.CompletionTokens, json.GetProperty("completion_tokens").GetInt32());
        Assert.Equal(row.CostUsd, json.GetProperty("cost").GetDecimal());
        Assert.StartsWith("$0.0", json.GetProperty("cost_text").GetString(), StringComparison.Ordinal);
        Assert.Equal("Tenant shared", json.GetProperty("key").GetString());
        Assert.True(json.GetProperty("zero_data_retention").GetBoolean());
    }

    [Fact]
    public async Task Its_chat_refuses_a_post_without_the_antiforgery_token_and_a_model_the_tenant_does_not_allow()
    {
        var tenant = await fixture.TenantReadyToCallAsync();

        using var forged = await SendAsync(tenant.Owner, tenant.Slug, Chat(Paid, "Forged", stream: true), withAntiforgeryToken: false);
        using var refused = await SendAsync(tenant.Owner, tenant.Slug, Chat("x-ai/grok-3-mini", "Not allowed", stream: true));

        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.StartsWith("The page's security token is missing", (await ErrorOf(forged)).Message, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal("\"x-ai/grok-3-mini\" is not on this tenant's allow-list.", (await ErrorOf(refused)).Message);
        Assert.Empty(await fixture.UsageAsync(tenant.Slug));
    }

    [Fact]
    public async Task Its_chat_is_not_found_for_someone_outside_the_tenant()
    {
        var tenant = await fixture.TenantReadyToCallAsync();
        var outsider = await fixture.SignUpAsync("outsider");

        using var response = await SendAsync(outsider, tenant.Slug, Chat(Paid, "Let me in", stream: true), withAntiforgeryToken: false);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Empty(await fixture.UsageAsync(tenant.Slug));
    }

    /// <summary>What playground.js sends: the JSON body, with the antiforgery token of the playground page in a header.</summary>
    private static async Task<HttpResponseMessage> SendAsync(TestUser user, string slug, string body, bool withAntiforgeryToken = true)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/t/{slug}/playground/chat") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        if (withAntiforgeryToken)
        {
            var page = await user.GetAsync($"/t/{slug}/playground");
            request.Headers.Add("RequestVerificationToken", page.Get("#playground-form input[name=\"__RequestVerificationToken\"]").GetAttribute("value"));
        }

        return await user.SendRawAsync(request);
    }
}
