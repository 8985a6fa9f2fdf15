using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OpenRouterSaaS.Application.Common;
using OpenRouterSaaS.Application.Common.Interfaces;
using OpenRouterSaaS.Domain.Budgets;
using OpenRouterSaaS.Domain.Models;
using OpenRouterSaaS.Domain.Tenants;
using OpenRouterSaaS.Domain.Usage;
using OpenRouterSaaS.FunctionalTests.Infrastructure;
using OpenRouterSaaS.Infrastructure.Persistence;
using OpenRouterSimulator;
using OpenRouterSimulator.RequestLogging;
using Xunit.Sdk;

namespace OpenRouterSaaS.FunctionalTests.Gateway;

/// <summary>A tenant ready for gateway calls: its owner, slug, an API token of the owner, and the OpenRouter key that pays (and its simulator account).</summary>
public sealed record GatewayTenant(TestUser Owner, string Slug, string Token, string Key, string Account);

/// <summary>What gateway tests share: tenants ready to call, requests to the API, and the ledger, reservations and budgets behind them.</summary>
public static class GatewayKit
{
    public const string Paid = "openai/gpt-4o-mini";

    /// <summary>A new tenant that allows <see cref="Paid"/> and the free models, whose calls the owner's own key pays, or the shared key with a 10 USD budget.</summary>
    public static async Task<GatewayTenant> TenantReadyToCallAsync(this AppFixture fixture, bool sharedKey = false, params string[] allow)
    {
        var (owner, slug) = await fixture.TenantWithOwnerAsync();
        await fixture.AllowAsync(slug, allow.Length > 0 ? allow : [Paid, "*:free"]);
        var created = fixture.App.Simulator.CreateKey(new SimulatedKeyRequest("gateway test"));
        var key = created.Key;
        if (sharedKey)
        {
            await owner.SetSharedKeyAsync(slug, key);
            await fixture.SetTenantLimitAsync(slug, 10m);
        }
        else
        {
            await owner.SaveKeyAsync(slug, key);
        }

        var (_, token) = await owner.CreateApiTokenAsync(slug);
        return new GatewayTenant(owner, slug, token, key, created.Account);
    }

    /// <summary>A chat request body; <paramref name="extra"/> adds or replaces top-level fields.</summary>
    public static string Chat(string model, string prompt, int? maxTokens = null, bool stream = false, JsonObject? extra = null)
    {
        var json = new JsonObject
        {
            ["model"] = model,
            ["messages"] = new JsonArray(new JsonObject { ["role"] = "user", ["content"] = prompt }),
        };
        if (maxTokens is not null)
        {
            json["max_tokens"] = maxTokens;
        }

        if (stream)
        {
            json["stream"] = true;
        }

        foreach (var (name, value) in extra ?? [])
        {
            json[name] = value?.DeepClone();
        }

        return json.ToJsonString();
    }

    public static async Task<HttpResponseMessage> SendAsync(
        this AppFixture fixture, HttpMethod method, string path, string? token, string? body = null,
        HttpCompletionOption completion = HttpCompletionOption.ResponseContentRead, CancellationToken cancellationToken = default)
    {
        var client = fixture.App.CreateClient();
        using var request = new HttpRequestMessage(method, path);
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        }

        return await client.SendAsync(request, completion, cancellationToken);
    }

    public static Task<HttpResponseMessage> ChatAsync(this AppFixture fixture, string token, string body, HttpCompletionOption completion = HttpCompletionOption.ResponseContentRead) =>
        fixture.SendAsync(HttpMethod.Post, "/api/v1/chat/completions", token, body, completion);

    /// <summary>OpenRouter's error shape, <c>{"error":{"code","message"}}</c>, read from a response.</summary>
    public static async Task<(int Code, string Message)> ErrorOf(HttpResponseMessage response)
    {
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var error = json.RootElement.GetProperty("error");
        return (error.GetProperty("code").GetInt32(), error.GetProperty("message").GetString()!);
    }

    public static string NewKey(this AppFixture fixture, decimal? credits = null) =>
        fixture.App.Simulator.CreateKey(new SimulatedKeyRequest("gateway test", Credits: credits)).Key;

    public static async Task AllowAsync(this AppFixture fixture, string slug, params string[] patterns)
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

    public static async Task SetTenantLimitAsync(this AppFixture fixture, string slug, decimal limit)
    {
        await using var scope = fixture.App.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var tenant = await db.Tenants.SingleAsync(row => row.Slug == slug);
        scope.ServiceProvider.GetRequiredService<ITenantContext>().Enter(tenant.Id, tenant.Slug, TenantRole.Owner);
        tenant.SetBudgetLimits(limit, null, Tenant.DefaultBudgetAlertPercent);
        await db.SaveChangesAsync();
    }

    public static async Task<List<UsageRecord>> UsageAsync(this AppFixture fixture, string slug)
    {
        await using var scope = fixture.App.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        return await db.UsageRecords.IgnoreQueryFilters([QueryFilters.Tenant]).AsNoTracking()
            .Where(row => db.Tenants.Any(tenant => tenant.Id == row.TenantId && tenant.Slug == slug))
            .OrderBy(row => row.CreatedAt)
            .ToListAsync();
    }

    public static async Task<BudgetReservation> ReservationAsync(this AppFixture fixture, Guid id)
    {
        await using var scope = fixture.App.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        return await db.BudgetReservations.IgnoreQueryFilters([QueryFilters.Tenant]).AsNoTracking().SingleAsync(row => row.Id == id);
    }

    public static async Task<List<BudgetReservation>> ReservationsAsync(this AppFixture fixture, string slug)
    {
        await using var scope = fixture.App.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        return await db.BudgetReservations.IgnoreQueryFilters([QueryFilters.Tenant]).AsNoTracking()
            .Where(row => db.Tenants.Any(tenant => tenant.Id == row.TenantId && tenant.Slug == slug))
            .ToListAsync();
    }

    public static async Task<List<Budget>> BudgetsAsync(this AppFixture fixture, string slug)
    {
        await using var scope = fixture.App.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        return await db.Budgets.IgnoreQueryFilters([QueryFilters.Tenant]).AsNoTracking()
            .Where(row => db.Tenants.Any(tenant => tenant.Id == row.TenantId && tenant.Slug == slug))
            .ToListAsync();
    }

    /// <summary>
    /// The tenant's ledger once every row has ended and no reservation is held any more: asserts both, waiting (polling the
    /// database, bounded) for a call the server may still be finishing after the client saw its answer.
    /// </summary>
    public static async Task<List<UsageRecord>> SettledUsageAsync(this AppFixture fixture, string slug)
    {
        var settled = await EventuallyAsync(
            async () => (Rows: await fixture.UsageAsync(slug), Reservations: await fixture.ReservationsAsync(slug)),
            state => state.Rows.All(row => row.Status != UsageStatus.Pending) && state.Reservations.All(reservation => reservation.Status != ReservationStatus.Held),
            "every ledger row ended and no reservation held");
        return settled.Rows;
    }

    /// <summary>Reads until <paramref name="done"/> holds, for at most 20 s; fails naming <paramref name="what"/> otherwise.</summary>
    public static async Task<T> EventuallyAsync<T>(Func<Task<T>> read, Func<T, bool> done, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            var value = await read();
            if (done(value))
            {
                return value;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new XunitException($"Waited 20 s, yet not: {what}.");
            }

            await Task.Delay(50);
        }
    }

    /// <summary>The body the gateway sent OpenRouter in its latest chat request (of those <paramref name="which"/> picks).</summary>
    public static JsonObject UpstreamBody(this AppFixture fixture, Func<RequestLogEntry, bool>? which = null)
    {
        var entry = fixture.App.Simulator.RequestLog.Entries
            .LastOrDefault(entry => entry.Path == "/api/v1/chat/completions" && entry.Body is not null && (which is null || which(entry)))
            ?? throw new XunitException("OpenRouter received no chat request.");
        return JsonNode.Parse(entry.Body!)!.AsObject();
    }
}
