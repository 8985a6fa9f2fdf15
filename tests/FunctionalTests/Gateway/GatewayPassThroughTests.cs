using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using OpenRouterSaaS.Domain.Usage;
using OpenRouterSaaS.FunctionalTests.Infrastructure;
using static OpenRouterSaaS.FunctionalTests.Gateway.GatewayKit;

namespace OpenRouterSaaS.FunctionalTests.Gateway;

/// <summary>
/// What an OpenAI client sends reaches OpenRouter as it was, except where the tenant's rules say otherwise: the auto router
/// confined to the allowed models, fallbacks checked against the allow-list, and a token that reaches only its own tenant.
/// </summary>
public sealed class GatewayPassThroughTests(CatalogueAppFixture fixture) : IClassFixture<CatalogueAppFixture>
{
    private static readonly JsonObject Tools = JsonNode.Parse("""
        {
          "tools": [{"type": "function", "function": {"name": "get_weather", "description": "The weather in a city",
                     "parameters": {"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]}}}],
          "tool_choice": "auto",
          "response_format": {"type": "json_schema", "json_schema": {"name": "weather", "strict": true,
                              "schema": {"type": "object", "properties": {"summary": {"type": "string"}}}}},
          "temperature": 0.2,
          "user": "someone-42"
        }
        """)!.AsObject();

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Tools_response_format_and_other_fields_reach_OpenRouter_untouched(bool stream)
    {
        var tenant = await fixture.TenantReadyToCallAsync();

        using var response = await fixture.ChatAsync(tenant.Token, Chat(Paid, "What is the weather in Paris?", stream: stream, extra: Tools));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var sent = fixture.UpstreamBody();
        foreach (var (name, value) in Tools)
        {
            Assert.True(JsonNode.DeepEquals(value, sent[name]), $"\"{name}\" changed on its way: {sent[name]?.ToJsonString()}");
        }

        Assert.Equal(stream, sent["stream"]!.GetValue<bool>());
        Assert.False(sent.ContainsKey("provider"), "The gateway added provider preferences no rule asked for.");
        Assert.Equal(UsageStatus.Completed, Assert.Single(await fixture.SettledUsageAsync(tenant.Slug)).Status);
    }

    [Fact]
    public async Task The_auto_router_is_confined_to_the_allowed_models_and_the_row_records_the_one_that_served()
    {
        var tenant = await fixture.TenantReadyToCallAsync(false, "openrouter/auto", "anthropic/*", "openai/gpt-4o-mini");
        var sentByClient = new JsonObject { ["plugins"] = new JsonArray(new JsonObject { ["id"] = "auto-router", ["allowed_models"] = new JsonArray("*") }) };

        using var response = await fixture.ChatAsync(tenant.Token, Chat("openrouter/auto", "Pick a model for me.", extra: sentByClient));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var served = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("model").GetString();
        var plugin = Assert.Single(fixture.UpstreamBody()["plugins"]!.AsArray())!;
        var allowed = plugin["allowed_models"]!.AsArray().Select(id => id!.GetValue<string>()).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(["anthropic/claude-3.5-haiku", "anthropic/claude-sonnet-4", "openai/gpt-4o-mini"], allowed);
        Assert.Contains(served, allowed);
        var row = Assert.Single(await fixture.SettledUsageAsync(tenant.Slug));
        Assert.Equal(("openrouter/auto", served), (row.RequestedModel, row.ServedModel));
    }

    [Fact]
    public async Task A_fallback_list_is_passed_on_when_every_model_in_it_is_allowed_and_refused_naming_the_one_that_is_not()
    {
        var tenant = await fixture.TenantReadyToCallAsync(false, Paid, "anthropic/claude-3.5-haiku");

        using var allowed = await fixture.ChatAsync(tenant.Token, Chat(Paid, "With a fallback", extra: new() { ["models"] = new JsonArray("anthropic/claude-3.5-haiku") }));
        using var refused = await fixture.ChatAsync(tenant.Token, Chat(Paid, "With a bad fallback", stream: true, extra: new() { ["models"] = new JsonArray("x-ai/grok-3-mini") }));

        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        Assert.True(JsonNode.DeepEquals(new JsonArray("anthropic/claude-3.5-haiku"), fixture.UpstreamBody()["models"]));
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        var (code, message) = await ErrorOf(refused);
        Assert.Equal(403, code);
        Assert.Contains("x-ai/grok-3-mini", message, StringComparison.Ordinal);
        Assert.Contains("allow-list", message, StringComparison.Ordinal);
        Assert.Single(await fixture.SettledUsageAsync(tenant.Slug));
    }

    [Fact]
    public async Task A_token_of_one_tenant_reaches_only_that_tenants_models_keys_and_budgets()
    {
        // One person owns both: tenant B allows a paid model and pays with its shared key; tenant A allows free models only, with no key.
        var b = await fixture.TenantReadyToCallAsync(sharedKey: true);
        var slugA = Unique.Slug();
        await b.Owner.CreateTenantAsync("Tenant " + slugA, slugA);
        await fixture.AllowAsync(slugA, "*:free");
        var (_, tokenA) = await b.Owner.CreateApiTokenAsync(slugA);

        using var paidModel = await fixture.ChatAsync(tokenA, Chat(Paid, "Use B's model"));
        using var freeModel = await fixture.ChatAsync(tokenA, Chat("meta-llama/llama-3.3-70b-instruct:free", "Use B's key", stream: true));
        using var models = await fixture.SendAsync(HttpMethod.Get, "/api/v1/models", tokenA);

        Assert.Equal(HttpStatusCode.Forbidden, paidModel.StatusCode);
        Assert.Contains("allow-list", (await ErrorOf(paidModel)).Message, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, freeModel.StatusCode);
        Assert.Contains($"/t/{slugA}/keys", (await ErrorOf(freeModel)).Message, StringComparison.Ordinal);
        var listed = JsonDocument.Parse(await models.Content.ReadAsStringAsync()).RootElement.GetProperty("data")
            .EnumerateArray().Select(model => model.GetProperty("id").GetString()).ToList();
        Assert.DoesNotContain(Paid, listed);
        Assert.Empty(await fixture.UsageAsync(slugA));
        Assert.Empty(await fixture.UsageAsync(b.Slug));
        Assert.Empty(await fixture.BudgetsAsync(b.Slug));
        Assert.Empty(await fixture.BudgetsAsync(slugA));
    }
}
