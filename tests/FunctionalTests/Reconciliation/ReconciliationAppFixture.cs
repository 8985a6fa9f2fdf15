using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
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
using OpenRouterSaaS.Infrastructure.Usage;
using OpenRouterSaaS.Tests.Shared;

namespace OpenRouterSaaS.FunctionalTests.Reconciliation;

/// <summary>
/// The app with the simulator's catalogue, and its reconciliation and activity workers off, so that a test runs a round
/// itself (<see cref="ReconcileAsync"/>) and nothing reconciles behind its back.
/// </summary>
public sealed class ReconciliationAppFixture() : AppFixture(
    services => services
        .Configure<ReconciliationOptions>(options => options.Interval = TimeSpan.Zero)
        .Configure<ActivityImportOptions>(options => options.Interval = TimeSpan.Zero),
    new FakeModelCatalogueSource())
{
    /// <summary>One reconciliation round, as an instance's worker runs it.</summary>
    public Task<ReconciliationRound> ReconcileAsync() => App.Services.GetRequiredService<ReconciliationSweep>().RunOnceAsync();

    /// <summary>Allows exactly these model patterns in the tenant.</summary>
    public async Task AllowAsync(string slug, params string[] patterns)
    {
        await using var scope = App.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var tenant = await db.Tenants.SingleAsync(row => row.Slug == slug);
        scope.ServiceProvider.GetRequiredService<ITenantContext>().Enter(tenant.Id, tenant.Slug, TenantRole.Owner);
        var allowList = await db.ModelAllowLists.SingleOrDefaultAsync();
        if (allowList is null)
        {
            allowList = ModelAllowList.CreateDefault(tenant.Id, Clock.GetUtcNow());
            db.ModelAllowLists.Add(allowList);
        }

        var owner = await db.Memberships.Select(row => row.UserId).FirstAsync();
        allowList.Change(new AllowListRules(ModelAccessMode.AllowListed, [.. patterns.Select(ModelPattern.Parse)], [], 1m, 4m), owner, Clock.GetUtcNow());
        await db.SaveChangesAsync();
    }

    /// <summary>A non-streamed chat completion through the gateway with an <c>ors_</c> token; returns the response's JSON.</summary>
    public async Task<JsonElement> ChatAsync(string token, string model, string prompt)
    {
        using var client = App.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/chat/completions")
        {
            Content = new StringContent(JsonSerializer.Serialize(new { model, messages = new[] { new { role = "user", content = prompt } } }), Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await client.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"The call answered {(int)response.StatusCode}: {body}");
        using var json = JsonDocument.Parse(body);
        return json.RootElement.Clone();
    }

    public async Task<List<UsageRecord>> UsageAsync(string slug)
    {
        await using var scope = App.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        return await db.UsageRecords.IgnoreQueryFilters([QueryFilters.Tenant]).AsNoTracking()
            .Where(row => db.Tenants.Any(tenant => tenant.Id == row.TenantId && tenant.Slug == slug))
            .ToListAsync();
    }

    public async Task<List<Budget>> BudgetsAsync(string slug)
    {
        await using var scope = App.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        return await db.Budgets.IgnoreQueryFilters([QueryFilters.Tenant]).AsNoTracking()
            .Where(row => db.Tenants.Any(tenant => tenant.Id == row.TenantId && tenant.Slug == slug))
            .ToListAsync();
    }

    public async Task<BudgetReservation> ReservationAsync(Guid id)
    {
        await using var scope = App.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<AppDbContext>().BudgetReservations.IgnoreQueryFilters([QueryFilters.Tenant]).AsNoTracking()
            .SingleAsync(row => row.Id == id);
    }
}
