using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OpenRouterSaaS.Application.Common;
using OpenRouterSaaS.Domain.Budgets;
using OpenRouterSaaS.Domain.Usage;
using OpenRouterSaaS.FunctionalTests.Infrastructure;
using OpenRouterSaaS.Infrastructure.Persistence;
using static OpenRouterSaaS.FunctionalTests.Budgets.BudgetSteps;

namespace OpenRouterSaaS.FunctionalTests.Budgets;

/// <summary>
/// Budgets over HTTP through the whole app: a burst of parallel API calls never spends past the tenant's limit, and a
/// call made with one tenant's token never touches another tenant's budgets.
/// </summary>
public sealed class BudgetConcurrencyTests(CatalogueAppFixture fixture) : IClassFixture<CatalogueAppFixture>
{
    private const int Calls = 50;

    [Fact]
    public async Task Fifty_parallel_calls_against_a_budget_for_about_ten_never_spend_past_it_and_every_refusal_is_a_402_naming_it()
    {
        var (owner, slug, token) = await fixture.SharedKeyTenantAsync();
        // One call first, to learn what such a call holds. Every prompt has the same length and max_tokens 16 cuts every
        // reply to 16 tokens, so all calls hold the same estimate and cost the same (a little less).
        using (var probe = await fixture.ChatAsync(token, Prompt(99)))
        {
            Assert.Equal(HttpStatusCode.OK, probe.StatusCode);
        }

        var estimate = (await ReservationsAsync(slug)).Single().EstimateUsd;
        var spentBefore = (await fixture.BudgetAsync(slug))!.SpentUsd;
        var limit = Math.Ceiling((spentBefore + 10.5m * estimate) * 1_000_000m) / 1_000_000m;
        await owner.SetLimitsAsync(slug, tenant: limit.ToString(CultureInfo.InvariantCulture));

        using var done = new CancellationTokenSource();
        var watcher = WatchTenantBudgetAsync(slug, done.Token);
        var answers = new ConcurrentBag<(HttpStatusCode Status, string Body)>();
        await Task.WhenAll(Enumerable.Range(0, Calls).Select(i => Task.Run(async () =>
        {
            using var response = await fixture.ChatAsync(token, Prompt(i));
            answers.Add((response.StatusCode, await response.Content.ReadAsStringAsync()));
        })));
        await done.CancelAsync();
        var highest = await watcher;

        var admitted = answers.Count(answer => answer.Status == HttpStatusCode.OK);
        var refused = answers.Where(answer => answer.Status != HttpStatusCode.OK).ToList();
        Assert.InRange(admitted, 10, 12);
        Assert.Equal(Calls - admitted, refused.Count);
        Assert.All(refused, answer =>
        {
            Assert.Equal(HttpStatusCode.PaymentRequired, answer.Status);
            using var json = JsonDocument.Parse(answer.Body);
            var error = json.RootElement.GetProperty("error");
            Assert.Equal(402, error.GetProperty("code").GetInt32());
            Assert.StartsWith("The tenant's monthly budget for", error.GetProperty("message").GetString(), StringComparison.Ordinal);
            Assert.Contains(" is exhausted: limit ", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        });

        var tenantBudget = (await fixture.BudgetAsync(slug))!;
        Assert.True(highest <= limit, $"Spent plus held reached {highest}, past the limit of {limit}.");
        Assert.True(tenantBudget.SpentUsd <= limit, $"Spent {tenantBudget.SpentUsd}, past the limit of {limit}.");
        Assert.Equal(0m, tenantBudget.ReservedUsd);
        var reservations = await ReservationsAsync(slug);
        Assert.DoesNotContain(reservations, reservation => reservation.Status == ReservationStatus.Held);
        Assert.Equal(admitted + 1, reservations.Count(reservation => reservation.Status == ReservationStatus.Settled));
        var ledger = await UsageAsync(slug);
        Assert.Equal(admitted + 1, ledger.Count);
        Assert.All(ledger, row => Assert.Equal(UsageStatus.Completed, row.Status));
        Assert.Equal(ledger.Sum(row => row.CostUsd!.Value), tenantBudget.SpentUsd);
    }

    [Fact]
    public async Task A_call_with_one_tenants_token_never_touches_another_tenants_budget_rows()
    {
        var (ownerA, slugA, tokenA) = await fixture.SharedKeyTenantAsync();
        var (ownerB, slugB, tokenB) = await fixture.SharedKeyTenantAsync();
        await ownerA.SetLimitsAsync(slugA, tenant: "5", member: "1");
        await ownerB.SetLimitsAsync(slugB, tenant: "5", member: "1");
        using (var first = await fixture.ChatAsync(tokenB))
        {
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        }

        var before = Describe(await fixture.BudgetsAsync(slugB));

        using (var call = await fixture.ChatAsync(tokenA))
        {
            Assert.Equal(HttpStatusCode.OK, call.StatusCode);
        }

        Assert.Equal(before, Describe(await fixture.BudgetsAsync(slugB)));
        var rowsA = await fixture.BudgetsAsync(slugA);
        Assert.Equal(2, rowsA.Count(row => row.SpentUsd > 0m));
        Assert.Single(await ReservationsAsync(slugB));
        Assert.Single(await ReservationsAsync(slugA));

        static string Describe(List<Budget> rows) =>
            string.Join(",", rows.OrderBy(row => row.Id).Select(row => $"{row.Id}:{row.LimitUsd}:{row.SpentUsd}:{row.ReservedUsd}"));
    }

    private static string Prompt(int call) => string.Create(CultureInfo.InvariantCulture, $"Call number {call:00}, please answer.");

    /// <summary>Reads the tenant's row over and over while the calls run; returns the highest spent + held it saw.</summary>
    private async Task<decimal> WatchTenantBudgetAsync(string slug, CancellationToken stop)
    {
        var highest = 0m;
        while (!stop.IsCancellationRequested)
        {
            if (await fixture.BudgetAsync(slug) is { } budget)
            {
                highest = Math.Max(highest, budget.SpentUsd + budget.ReservedUsd);
            }

            await Task.Yield();
        }

        return highest;
    }

    private async Task<List<BudgetReservation>> ReservationsAsync(string slug)
    {
        await using var scope = fixture.App.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        return await db.BudgetReservations.IgnoreQueryFilters([QueryFilters.Tenant]).AsNoTracking()
            .Where(reservation => db.Tenants.Any(tenant => tenant.Id == reservation.TenantId && tenant.Slug == slug))
            .ToListAsync();
    }

    private async Task<List<UsageRecord>> UsageAsync(string slug)
    {
        await using var scope = fixture.App.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        return await db.UsageRecords.IgnoreQueryFilters([QueryFilters.Tenant]).AsNoTracking()
            .Where(row => db.Tenants.Any(tenant => tenant.Id == row.TenantId && tenant.Slug == slug))
            .ToListAsync();
    }
}
