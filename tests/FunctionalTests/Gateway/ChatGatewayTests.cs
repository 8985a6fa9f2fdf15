using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OpenRouterSaaS.Application.Common;
using OpenRouterSaaS.Application.Common.Interfaces;
using OpenRouterSaaS.Domain.Tenants;
using OpenRouterSaaS.Domain.Budgets;
using OpenRouterSaaS.Domain.Credentials;
using OpenRouterSaaS.Domain.Models;
using OpenRouterSaaS.Domain.Usage;
using OpenRouterSaaS.FunctionalTests.Infrastructure;
using OpenRouterSaaS.Infrastructure.Persistence;
using OpenRouterSimulator;

namespace OpenRouterSaaS.FunctionalTests.Gateway;

/// <summary>The OpenAI-compatible API: <c>GET /api/v1/models</c> and non-streamed <c>POST /api/v1/chat/completions</c>, with the ledger and budgets behind them.</summary>
public sealed class ChatGatewayTests(CatalogueAppFixture fixture) : IClassFixture<CatalogueAppFixture>
{
    private const string Paid = "openai/gpt-4o-mini";

    [Fact]
    public async Task The_models_list_has_only_the_models_the_tenant_allows_in_OpenAIs_shape()
    {
        var (owner, slug) = await fixture.TenantWithOwnerAsync();
        await AllowAsync(slug, Paid, "*:free");
        var (_, token) = await owner.CreateApiTokenAsync(slug);

        using var response = await SendAsync(HttpMethod.Get, "/api/v1/models", token);

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
        using var models = await SendAsync(HttpMethod.Get, "/api/v1/models", token);
        using var chat = await SendAsync(HttpMethod.Post, "/api/v1/chat/completions", token, Chat(Paid, "hello"));

        foreach (var response in new[] { models, chat })
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

        using var response = await SendAsync(HttpMethod.Get, "/api/v1/models", token);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal((401, "The API token was revoked."), await ErrorOf(response));
    }

    [Fact]
    public async Task A_completion_through_a_personal_key_returns_OpenRouters_answer_and_completes_a_ledger_row()
    {
        var (owner, slug) = await fixture.TenantWithOwnerAsync();
        await AllowAsync(slug, Paid, "*:free");
        await owner.SaveKeyAsync(slug, NewKey());
        var (_, token) = await owner.CreateApiTokenAsync(slug);

        using var response = await SendAsync(HttpMethod.Post, "/api/v1/chat/completions", token, Chat(Paid, "Say hello."));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var usage = json.RootElement.GetProperty("usage");
        var row = Assert.Single(await UsageAsync(slug));
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
    }

    [Fact]
    public async Task A_completion_through_the_shared_key_settles_its_reservation_at_the_real_cost()
    {
        var (owner, slug) = await fixture.TenantWithOwnerAsync();
        await AllowAsync(slug, Paid, "*:free");
        await owner.SetSharedKeyAsync(slug, NewKey());
        await SetTenantLimitAsync(slug, 10m);
        var (_, token) = await owner.CreateApiTokenAsync(slug);

        using var response = await SendAsync(HttpMethod.Post, "/api/v1/chat/completions", token, Chat(Paid, "Say hello.", maxTokens: 100));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var row = Assert.Single(await UsageAsync(slug));
        Assert.Equal((UsageStatus.Completed, CredentialKind.Shared), (row.Status, row.CredentialKind));
        Assert.NotNull(row.ReservationId);
        var reservation = await ReservationAsync(row.ReservationId!.Value);
        Assert.Equal((ReservationStatus.Settled, row.CostUsd), (reservation.Status, reservation.ActualCostUsd));
        var budgets = await BudgetsAsync(slug);
        Assert.Equal(2, budgets.Count);
        Assert.All(budgets, budget => Assert.Equal((row.CostUsd!.Value, 0m), (budget.SpentUsd, budget.ReservedUsd)));
    }

    [Fact]
    public async Task A_shared_key_call_that_does_not_fit_the_budget_gets_402_naming_it_and_nothing_is_called()
    {
        var (owner, slug) = await fixture.TenantWithOwnerAsync();
        await AllowAsync(slug, Paid, "*:free");
        await owner.SetSharedKeyAsync(slug, NewKey());
        await SetTenantLimitAsync(slug, 0.000001m);
        var (_, token) = await owner.CreateApiTokenAsync(slug);

        using var response = await SendAsync(HttpMethod.Post, "/api/v1/chat/completions", token, Chat(Paid, "Say hello."));

        Assert.Equal(HttpStatusCode.PaymentRequired, response.StatusCode);
        var (code, message) = await ErrorOf(response);
        Assert.Equal(402, code);
        Assert.StartsWith("The tenant's monthly budget", message, StringComparison.Ordinal);
        Assert.Empty(await UsageAsync(slug));
    }

    [Fact]
    public async Task A_model_the_tenant_does_not_allow_gets_403_naming_it_and_an_unknown_one_400()
    {
        var (owner, slug) = await fixture.TenantWithOwnerAsync();
        await AllowAsync(slug, Paid, "*:free");
        await owner.SaveKeyAsync(slug, NewKey());
        var (_, token) = await owner.CreateApiTokenAsync(slug);

        using var refused = await SendAsync(HttpMethod.Post, "/api/v1/chat/completions", token, Chat("mistralai/mistral-small-3.1-24b-instruct", "hi"));
        using var unknown = await SendAsync(HttpMethod.Post, "/api/v1/chat/completions", token, Chat("nobody/nothing", "hi"));

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        var (code, message) = await ErrorOf(refused);
        Assert.Equal(403, code);
        Assert.Contains("mistralai/mistral-small-3.1-24b-instruct", message, StringComparison.Ordinal);
        Assert.Contains("allow-list", message, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.Contains("nobody/nothing", (await ErrorOf(unknown)).Message, StringComparison.Ordinal);
        Assert.Empty(await UsageAsync(slug));
    }

    [Theory]
    [InlineData("{\"model\": \"openai/gpt-4o-mini\", \"messages\": [", "The request body is not valid JSON")]
    [InlineData("{\"model\": \"openai/gpt-4o-mini\"}", "The request has no \"messages\"")]
    [InlineData("{\"messages\": [{\"role\": \"user\", \"content\": \"hi\"}]}", "The request names no model")]
    [InlineData("{\"model\": \"openai/gpt-4o-mini\", \"max_tokens\": -5, \"messages\": [{\"role\": \"user\", \"content\": \"hi\"}]}", "\"max_tokens\" must be")]
    [InlineData("[1, 2]", "The request body must be a JSON object.")]
    public async Task Bad_input_gets_400_with_a_clear_message_and_nothing_is_written(string body, string message)
    {
        var (owner, slug) = await fixture.TenantWithOwnerAsync();
        await AllowAsync(slug, Paid, "*:free");
        await owner.SaveKeyAsync(slug, NewKey());
        var (_, token) = await owner.CreateApiTokenAsync(slug);

        using var response = await SendAsync(HttpMethod.Post, "/api/v1/chat/completions", token, body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var (code, said) = await ErrorOf(response);
        Assert.Equal(400, code);
        Assert.StartsWith(message, said, StringComparison.Ordinal);
        Assert.Empty(await UsageAsync(slug));
    }

    [Fact]
    public async Task A_body_over_the_size_limit_gets_413()
    {
        var (owner, slug) = await fixture.TenantWithOwnerAsync();
        var (_, token) = await owner.CreateApiTokenAsync(slug);

        using var response = await SendAsync(HttpMethod.Post, "/api/v1/chat/completions", token, Chat(Paid, new string('x', 1_100_000)));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal(413, (await ErrorOf(response)).Code);
        Assert.Empty(await UsageAsync(slug));
    }

    [Fact]
    public async Task An_upstream_503_reaches_the_client_the_row_fails_and_the_reservation_is_released()
    {
        var (owner, slug) = await fixture.TenantWithOwnerAsync();
        await AllowAsync(slug, Paid, "*:free");
        await owner.SetSharedKeyAsync(slug, NewKey());
        await SetTenantLimitAsync(slug, 10m);
        var (_, token) = await owner.CreateApiTokenAsync(slug);

        using var response = await SendAsync(HttpMethod.Post, "/api/v1/chat/completions", token, Chat(Paid, "Hello [[sim:fault=503]]"));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal(503, (await ErrorOf(response)).Code);
        var row = Assert.Single(await UsageAsync(slug));
        Assert.Equal((UsageStatus.Failed, "503"), (row.Status, row.ErrorCode));
        var reservation = await ReservationAsync(row.ReservationId!.Value);
        Assert.Equal(ReservationStatus.Released, reservation.Status);
        Assert.All(await BudgetsAsync(slug), budget => Assert.Equal((0m, 0m), (budget.SpentUsd, budget.ReservedUsd)));
    }

    [Fact]
    public async Task An_upstream_429_keeps_its_status_and_Retry_After()
    {
        var (owner, slug) = await fixture.TenantWithOwnerAsync();
        await AllowAsync(slug, Paid, "*:free");
        await owner.SaveKeyAsync(slug, NewKey());
        var (_, token) = await owner.CreateApiTokenAsync(slug);

        using var response = await SendAsync(HttpMethod.Post, "/api/v1/chat/completions", token, Chat(Paid, "Hello [[sim:fault=429;retry-after=1]]"));

        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.Equal(429, (await ErrorOf(response)).Code);
        Assert.Equal(TimeSpan.FromSeconds(1), response.Headers.RetryAfter?.Delta);
        Assert.Equal(UsageStatus.Failed, Assert.Single(await UsageAsync(slug)).Status);
    }

    [Fact]
    public async Task A_stored_key_OpenRouter_rejects_is_a_502_naming_the_key_not_a_401()
    {
        var (owner, slug) = await fixture.TenantWithOwnerAsync();
        await AllowAsync(slug, Paid, "*:free");
        await owner.SaveKeyAsync(slug, NewKey());
        var (_, token) = await owner.CreateApiTokenAsync(slug);

        using var response = await SendAsync(HttpMethod.Post, "/api/v1/chat/completions", token, Chat(Paid, "Hello [[sim:fault=401]]"));

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.StartsWith("OpenRouter rejected your personal OpenRouter key", (await ErrorOf(response)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Streaming_is_refused_with_a_clear_400_in_this_version()
    {
        var (owner, slug) = await fixture.TenantWithOwnerAsync();
        await AllowAsync(slug, Paid, "*:free");
        await owner.SaveKeyAsync(slug, NewKey());
        var (_, token) = await owner.CreateApiTokenAsync(slug);
        var body = "{\"model\":\"openai/gpt-4o-mini\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

        using var response = await SendAsync(HttpMethod.Post, "/api/v1/chat/completions", token, body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.StartsWith("Streaming", (await ErrorOf(response)).Message, StringComparison.Ordinal);
    }

    private static string Chat(string model, string prompt, int? maxTokens = null) => JsonSerializer.Serialize(new Dictionary<string, object?>
    {
        ["model"] = model,
        ["messages"] = new[] { new { role = "user", content = prompt } },
        ["max_tokens"] = maxTokens,
    }.Where(pair => pair.Value is not null).ToDictionary());

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? token, string? body = null)
    {
        using var client = fixture.App.CreateClient();
        using var request = new HttpRequestMessage(method, path);
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        }

        return await client.SendAsync(request);
    }

    private static async Task<(int Code, string Message)> ErrorOf(HttpResponseMessage response)
    {
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var error = json.RootElement.GetProperty("error");
        return (error.GetProperty("code").GetInt32(), error.GetProperty("message").GetString()!);
    }

    private string NewKey() => fixture.App.Simulator.CreateKey(new SimulatedKeyRequest("gateway test")).Key;

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
        allowList.Change(new AllowListRules(ModelAccessMode.AllowListed, [.. patterns.Select(ModelPattern.Parse)], [], 1m, 4m), owner, fixture.Clock.GetUtcNow());
        await db.SaveChangesAsync();
    }

    private async Task SetTenantLimitAsync(string slug, decimal limit)
    {
        await using var scope = fixture.App.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var tenant = await db.Tenants.SingleAsync(row => row.Slug == slug);
        scope.ServiceProvider.GetRequiredService<ITenantContext>().Enter(tenant.Id, tenant.Slug, TenantRole.Owner);
        tenant.SetBudgetLimits(limit, null, Tenant.DefaultBudgetAlertPercent);
        await db.SaveChangesAsync();
    }

    private async Task<List<UsageRecord>> UsageAsync(string slug)
    {
        await using var scope = fixture.App.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        return await db.UsageRecords.IgnoreQueryFilters([QueryFilters.Tenant]).AsNoTracking()
            .Where(row => db.Tenants.Any(tenant => tenant.Id == row.TenantId && tenant.Slug == slug))
            .ToListAsync();
    }

    private async Task<BudgetReservation> ReservationAsync(Guid id)
    {
        await using var scope = fixture.App.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        return await db.BudgetReservations.IgnoreQueryFilters([QueryFilters.Tenant]).AsNoTracking().SingleAsync(row => row.Id == id);
    }

    private async Task<List<Budget>> BudgetsAsync(string slug)
    {
        await using var scope = fixture.App.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        return await db.Budgets.IgnoreQueryFilters([QueryFilters.Tenant]).AsNoTracking()
            .Where(row => db.Tenants.Any(tenant => tenant.Id == row.TenantId && tenant.Slug == slug))
            .ToListAsync();
    }
}
