using System.Net;
using System.Text.Json;
using OpenRouterSaaS.Domain.Budgets;
using OpenRouterSaaS.Domain.Credentials;
using OpenRouterSaaS.Domain.Usage;
using OpenRouterSaaS.FunctionalTests.Infrastructure;
using static OpenRouterSaaS.FunctionalTests.Gateway.GatewayKit;

namespace OpenRouterSaaS.FunctionalTests.Gateway;

/// <summary>The OpenAI-compatible API: <c>GET /api/v1/models</c> and <c>POST /api/v1/chat/completions</c>, with the ledger and budgets behind them.</summary>
public sealed class ChatGatewayTests(CatalogueAppFixture fixture) : IClassFixture<CatalogueAppFixture>
{
    [Fact]
    public async Task The_models_list_has_only_the_models_the_tenant_allows_in_OpenAIs_shape()
    {
        var (owner, slug) = await fixture.TenantWithOwnerAsync();
        await fixture.AllowAsync(slug, Paid, "*:free");
        var (_, token) = await owner.CreateApiTokenAsync(slug);

        using var response = await fixture.SendAsync(HttpMethod.Get, "/api/v1/models", token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("list", json.RootElement.GetProperty("object").GetString());
        var ids = json.RootElement.GetProperty("data").EnumerateArray().Select(model => model.GetProperty("id").GetString()).ToList();
        Assert.Equal(["deepseek/deepseek-r1:free", "meta-llama/llama-3.3-70b-instruct:free", Paid], ids.Order(StringComparer.Ordinal));
        var first = json.RootElement.GetProperty("data")[0];
        Assert.Equal("model", first.GetProperty("object").GetString());
        Assert.True(first.GetProperty("created").GetInt64() > 0);
        Assert.False(string.IsNullOrEmpty(first.GetProperty("owned_by").GetString()));
    }

    [Theory]
    [InlineData(null, "The API token is missing or malformed.")]
    [InlineData("ors_not-a-real-token-at-all-0000000000000000000000", "The API token")]
    public async Task A_missing_or_unknown_token_gets_401_in_OpenRouters_error_shape(string? token, string message)
    {
        using var models = await fixture.SendAsync(HttpMethod.Get, "/api/v1/models", token);
        using var chat = await fixture.SendAsync(HttpMethod.Post, "/api/v1/chat/completions", token, Chat(Paid, "hello"));
        using var streamed = await fixture.SendAsync(HttpMethod.Post, "/api/v1/chat/completions", token, Chat(Paid, "hello", stream: true));

        foreach (var response in new[] { models, chat, streamed })
        {
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            var (code, said) = await ErrorOf(response);
            Assert.Equal(401, code);
            Assert.StartsWith(message, said, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_revoked_token_gets_401_saying_so()
    {
        var (owner, slug) = await fixture.TenantWithOwnerAsync();
        var (_, token) = await owner.CreateApiTokenAsync(slug, "old");
        await owner.RevokeApiTokenAsync(slug, "old");

        using var response = await fixture.SendAsync(HttpMethod.Get, "/api/v1/models", token);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal((401, "The API token was revoked."), await ErrorOf(response));
    }

    [Fact]
    public async Task A_completion_through_a_personal_key_returns_OpenRouters_answer_and_completes_a_ledger_row()
    {
        var tenant = await fixture.TenantReadyToCallAsync();

        using var response = await fixture.ChatAsync(tenant.Token, Chat(Paid, "Say hello."));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var usage = json.RootElement.GetProperty("usage");
        var row = Assert.Single(await fixture.UsageAsync(tenant.Slug));
        Assert.Equal((UsageStatus.Completed, CredentialKind.Personal, false), (row.Status, row.CredentialKind, row.Streamed));
        Assert.Equal(json.RootElement.GetProperty("id").GetString(), row.GenerationId);
        Assert.Equal(json.RootElement.GetProperty("model").GetString(), row.ServedModel);
        Assert.Equal(Paid, row.RequestedModel);
        Assert.Equal(usage.GetProperty("prompt_tokens").GetInt32(), row.PromptTokens);
        Assert.Equal(usage.GetProperty("completion_tokens").GetInt32(), row.CompletionTokens);
        Assert.Equal(usage.GetProperty("cost").GetDecimal(), row.CostUsd);
        Assert.True(row.CostUsd > 0m);
        Assert.NotNull(row.ApiTokenId);
        Assert.Null(row.ReservationId);
        Assert.NotNull(row.CompletedAt);
        Assert.False(row.ZeroDataRetention);
        Assert.False(string.IsNullOrEmpty(row.CorrelationId));
    }

    [Fact]
    public async Task A_completion_through_the_shared_key_settles_its_reservation_at_the_real_cost()
    {
        var tenant = await fixture.TenantReadyToCallAsync(sharedKey: true);

        using var response = await fixture.ChatAsync(tenant.Token, Chat(Paid, "Say hello.", maxTokens: 100));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var row = Assert.Single(await fixture.UsageAsync(tenant.Slug));
        Assert.Equal((UsageStatus.Completed, CredentialKind.Shared), (row.Status, row.CredentialKind));
        Assert.NotNull(row.ReservationId);
        var reservation = await fixture.ReservationAsync(row.ReservationId!.Value);
        Assert.Equal((ReservationStatus.Settled, row.CostUsd), (reservation.Status, reservation.ActualCostUsd));
        var budgets = await fixture.BudgetsAsync(tenant.Slug);
        Assert.Equal(2, budgets.Count);
        Assert.All(budgets, budget => Assert.Equal((row.CostUsd!.Value, 0m), (budget.SpentUsd, budget.ReservedUsd)));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_shared_key_call_that_does_not_fit_the_budget_gets_402_naming_it_and_nothing_is_called(bool stream)
    {
        var tenant = await fixture.TenantReadyToCallAsync(sharedKey: true);
        await fixture.SetTenantLimitAsync(tenant.Slug, 0.000001m);

        using var response = await fixture.ChatAsync(tenant.Token, Chat(Paid, "Say hello.", stream: stream));

        Assert.Equal(HttpStatusCode.PaymentRequired, response.StatusCode);
        var (code, message) = await ErrorOf(response);
        Assert.Equal(402, code);
        Assert.StartsWith("The tenant's monthly budget", message, StringComparison.Ordinal);
        Assert.Empty(await fixture.UsageAsync(tenant.Slug));
        Assert.Empty(await fixture.ReservationsAsync(tenant.Slug));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_model_the_tenant_does_not_allow_gets_403_naming_it_and_an_unknown_one_400(bool stream)
    {
        var tenant = await fixture.TenantReadyToCallAsync();

        using var refused = await fixture.ChatAsync(tenant.Token, Chat("mistralai/mistral-small-3.1-24b-instruct", "hi", stream: stream));
        using var unknown = await fixture.ChatAsync(tenant.Token, Chat("nobody/nothing", "hi", stream: stream));

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        var (code, message) = await ErrorOf(refused);
        Assert.Equal(403, code);
        Assert.Contains("mistralai/mistral-small-3.1-24b-instruct", message, StringComparison.Ordinal);
        Assert.Contains("allow-list", message, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.Contains("nobody/nothing", (await ErrorOf(unknown)).Message, StringComparison.Ordinal);
        Assert.Empty(await fixture.UsageAsync(tenant.Slug));
    }

    [Theory]
    [InlineData("{\"model\": \"openai/gpt-4o-mini\", \"messages\": [", "The request body is not valid JSON")]
    [InlineData("{\"model\": \"openai/gpt-4o-mini\"}", "The request has no \"messages\"")]
    [InlineData("{\"model\": \"openai/gpt-4o-mini\", \"messages\": []}", "The request has no \"messages\"")]
    [InlineData("{\"model\": \"openai/gpt-4o-mini\", \"messages\": [\"hi\"]}", "Each entry of \"messages\" must be an object")]
    [InlineData("{\"messages\": [{\"role\": \"user\", \"content\": \"hi\"}]}", "The request names no model")]
    [InlineData("{\"model\": \"openai/gpt-4o-mini\", \"max_tokens\": -5, \"messages\": [{\"role\": \"user\", \"content\": \"hi\"}]}", "\"max_tokens\" must be")]
    [InlineData("{\"model\": \"openai/gpt-4o-mini\", \"max_tokens\": 0, \"messages\": [{\"role\": \"user\", \"content\": \"hi\"}]}", "\"max_tokens\" must be")]
    [InlineData("{\"model\": \"openai/gpt-4o-mini\", \"max_tokens\": 2000000000, \"messages\": [{\"role\": \"user\", \"content\": \"hi\"}]}", "\"max_tokens\" must be")]
    [InlineData("{\"model\": \"openai/gpt-4o-mini\", \"max_tokens\": 99999999999, \"messages\": [{\"role\": \"user\", \"content\": \"hi\"}]}", "\"max_tokens\" must be")]
    [InlineData("{\"model\": \"openai/gpt-4o-mini\", \"max_tokens\": 12.5, \"messages\": [{\"role\": \"user\", \"content\": \"hi\"}]}", "\"max_tokens\" must be")]
    [InlineData("{\"model\": \"openai/gpt-4o-mini\", \"max_completion_tokens\": -1, \"messages\": [{\"role\": \"user\", \"content\": \"hi\"}]}", "\"max_completion_tokens\" must be")]
    [InlineData("{\"model\": \"openai/gpt-4o-mini\", \"provider\": \"zdr\", \"messages\": [{\"role\": \"user\", \"content\": \"hi\"}]}", "\"provider\" must be an object")]
    [InlineData("{\"model\": \"openai/gpt-4o-mini\", \"provider\": {\"zdr\": \"yes\"}, \"messages\": [{\"role\": \"user\", \"content\": \"hi\"}]}", "\"provider.zdr\" must be true or false")]
    [InlineData("[1, 2]", "The request body must be a JSON object.")]
    public async Task Bad_input_gets_400_with_a_clear_message_and_nothing_is_written(string body, string message)
    {
        var tenant = await fixture.TenantReadyToCallAsync(sharedKey: true);
        var upstreamCalls = UpstreamChatCalls();

        foreach (var sent in new[] { body, WithStream(body) })
        {
            using var response = await fixture.ChatAsync(tenant.Token, sent);

            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
            var (code, said) = await ErrorOf(response);
            Assert.Equal(400, code);
            Assert.StartsWith(message, said, StringComparison.Ordinal);
        }

        Assert.Empty(await fixture.UsageAsync(tenant.Slug));
        Assert.Empty(await fixture.ReservationsAsync(tenant.Slug));
        Assert.Equal(upstreamCalls, UpstreamChatCalls());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_body_over_the_size_limit_gets_413(bool stream)
    {
        var tenant = await fixture.TenantReadyToCallAsync();

        using var response = await fixture.ChatAsync(tenant.Token, Chat(Paid, new string('x', 1_100_000), stream: stream));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        var (code, message) = await ErrorOf(response);
        Assert.Equal(413, code);
        Assert.Contains("1 MB", message, StringComparison.Ordinal);
        Assert.Empty(await fixture.UsageAsync(tenant.Slug));
    }

    [Fact]
    public async Task An_upstream_503_reaches_the_client_the_row_fails_and_the_reservation_is_released()
    {
        var tenant = await fixture.TenantReadyToCallAsync(sharedKey: true);

        using var response = await fixture.ChatAsync(tenant.Token, Chat(Paid, "Hello [[sim:fault=503]]"));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal(503, (await ErrorOf(response)).Code);
        var row = Assert.Single(await fixture.UsageAsync(tenant.Slug));
        Assert.Equal((UsageStatus.Failed, "503"), (row.Status, row.ErrorCode));
        var reservation = await fixture.ReservationAsync(row.ReservationId!.Value);
        Assert.Equal(ReservationStatus.Released, reservation.Status);
        Assert.All(await fixture.BudgetsAsync(tenant.Slug), budget => Assert.Equal((0m, 0m), (budget.SpentUsd, budget.ReservedUsd)));
    }

    [Fact]
    public async Task An_upstream_429_keeps_its_status_and_Retry_After()
    {
        var tenant = await fixture.TenantReadyToCallAsync();

        using var response = await fixture.ChatAsync(tenant.Token, Chat(Paid, "Hello [[sim:fault=429;retry-after=1]]"));

        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.Equal(429, (await ErrorOf(response)).Code);
        Assert.Equal(TimeSpan.FromSeconds(1), response.Headers.RetryAfter?.Delta);
        Assert.Equal(UsageStatus.Failed, Assert.Single(await fixture.UsageAsync(tenant.Slug)).Status);
    }

    [Fact]
    public async Task A_stored_key_OpenRouter_rejects_is_a_502_naming_the_key_not_a_401()
    {
        var tenant = await fixture.TenantReadyToCallAsync();

        using var response = await fixture.ChatAsync(tenant.Token, Chat(Paid, "Hello [[sim:fault=401]]"));

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.StartsWith("OpenRouter rejected your personal OpenRouter key", (await ErrorOf(response)).Message, StringComparison.Ordinal);
    }

    /// <summary>The same body asking for a stream (a body that is not an object is sent as it is: it must fail the same way).</summary>
    private static string WithStream(string body) => body.StartsWith('{') ? "{\"stream\": true, " + body[1..] : body;

    private int UpstreamChatCalls() => fixture.App.Simulator.RequestLog.Entries.Count(entry => entry.Path == "/api/v1/chat/completions");
}
