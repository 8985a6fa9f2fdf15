using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OpenRouterSaaS.Domain.Budgets;
using OpenRouterSaaS.Domain.Usage;
using OpenRouterSaaS.FunctionalTests.Budgets;
using OpenRouterSaaS.FunctionalTests.Gateway;
using OpenRouterSaaS.FunctionalTests.Infrastructure;
using OpenRouterSaaS.Infrastructure.Budgets;
using OpenRouterSaaS.Infrastructure.Catalogue;
using OpenRouterSaaS.Infrastructure.Persistence;
using OpenRouterSaaS.Infrastructure.Usage;
using OpenRouterSaaS.Tests.Shared;
using OpenRouterSimulator;
using OpenRouterSimulator.RequestLogging;

namespace OpenRouterSaaS.FunctionalTests.MultiInstance;

/// <summary>
/// Two instances of the app on one database behave as one: a person signed in on one is signed in on the other, budgets
/// hold across both, and each background job's work is done once however many instances run it at the same moment.
/// </summary>
public sealed class TwoInstancesTests(TwoInstancesFixture fixture) : IClassFixture<TwoInstancesFixture>
{
    [Fact]
    public async Task A_person_signed_in_on_one_instance_keeps_working_on_the_other_with_the_same_cookie()
    {
        var (owner, slug) = await fixture.TenantWithOwnerAsync();
        using var onB = owner.On(fixture.B);

        var tokensOnB = await onB.GetAsync($"/t/{slug}/tokens");
        Assert.Equal(HttpStatusCode.OK, tokensOnB.Status);
        Assert.Empty(tokensOnB.Redirects);

        // A form A made (its antiforgery token from A's keys), sent to B.
        var formFromA = await owner.GetAsync($"/t/{slug}/tokens");
        var created = await onB.SubmitAsync(formFromA, "#create-token-form", ("Create.Name", "made-on-b"));

        Assert.Equal(HttpStatusCode.OK, created.Status);
        Assert.True(created.Has("#new-token-value"), $"B refused the form from A: {created.Url} {created.StatusMessage}");
        Assert.Contains(await fixture.Stored.ApiTokensOfAsync(slug, owner.Email), token => token.Name == "made-on-b");

        // And back: a form B made is accepted by A.
        var formFromB = await onB.GetAsync($"/t/{slug}/tokens");
        var again = await owner.SubmitAsync(formFromB, "#create-token-form", ("Create.Name", "made-on-a"));
        Assert.True(again.Has("#new-token-value"), $"A refused the form from B: {again.Url} {again.StatusMessage}");
    }

    [Fact]
    public async Task Parallel_calls_split_across_both_instances_never_spend_past_a_budget_for_about_ten()
    {
        const int Calls = 40;
        var (owner, slug, token) = await fixture.SharedKeyTenantAsync();
        using (var probe = await ChatAsync(fixture.B, token, Prompt(99)))
        {
            Assert.Equal(HttpStatusCode.OK, probe.StatusCode);
        }

        var estimate = (await GatewayKit.ReservationsAsync(fixture, slug)).Single().EstimateUsd;
        var spentBefore = (await fixture.BudgetAsync(slug))!.SpentUsd;
        var limit = Math.Ceiling((spentBefore + 10.5m * estimate) * 1_000_000m) / 1_000_000m;
        await owner.SetLimitsAsync(slug, tenant: limit.ToString(CultureInfo.InvariantCulture));

        var answers = new ConcurrentBag<(HttpStatusCode Status, string Body)>();
        await Task.WhenAll(Enumerable.Range(0, Calls).Select(i => Task.Run(async () =>
        {
            using var response = await ChatAsync(i % 2 == 0 ? fixture.App : fixture.B, token, Prompt(i));
            answers.Add((response.StatusCode, await response.Content.ReadAsStringAsync()));
        })));

        var admitted = answers.Count(answer => answer.Status == HttpStatusCode.OK);
        Assert.InRange(admitted, 10, 12);
        Assert.All(answers.Where(answer => answer.Status != HttpStatusCode.OK), answer =>
        {
            Assert.Equal(HttpStatusCode.PaymentRequired, answer.Status);
            using var json = JsonDocument.Parse(answer.Body);
            var message = json.RootElement.GetProperty("error").GetProperty("message").GetString();
            Assert.StartsWith("The tenant's monthly budget for", message, StringComparison.Ordinal);
        });

        var budget = (await fixture.BudgetAsync(slug))!;
        Assert.True(budget.SpentUsd <= limit, $"Spent {budget.SpentUsd}, past the limit of {limit}.");
        Assert.Equal(0m, budget.ReservedUsd);
        var reservations = await GatewayKit.ReservationsAsync(fixture, slug);
        Assert.DoesNotContain(reservations, reservation => reservation.Status == ReservationStatus.Held);
        Assert.Equal(admitted + 1, reservations.Count(reservation => reservation.Status == ReservationStatus.Settled));
        var ledger = await GatewayKit.UsageAsync(fixture, slug);
        Assert.Equal(admitted + 1, ledger.Count);
        Assert.Equal(ledger.Sum(row => row.CostUsd!.Value), budget.SpentUsd);
    }

    [Fact]
    public async Task Reconciliation_on_both_instances_at_once_reads_each_rows_generation_record_once()
    {
        var (_, slug, token) = await fixture.SharedKeyTenantAsync();
        for (var i = 0; i < 6; i++)
        {
            using var response = await ChatAsync(i % 2 == 0 ? fixture.App : fixture.B, token, Prompt(i));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        var rows = await GatewayKit.UsageAsync(fixture, slug);
        var before = fixture.App.Simulator.RequestLog.TotalCount;
        using (fixture.Travel(TimeSpan.FromHours(1)))
        {
            await Task.WhenAll(
                Task.Run(() => fixture.OnA<ReconciliationSweep>().RunOnceAsync()),
                Task.Run(() => fixture.OnB<ReconciliationSweep>().RunOnceAsync()));
        }

        var asked = RequestsSince(before, "/generation");
        Assert.All(rows, row => Assert.Single(asked, entry => entry.Path.EndsWith("id=" + Uri.EscapeDataString(row.GenerationId!), StringComparison.Ordinal)));
        Assert.All(await GatewayKit.UsageAsync(fixture, slug), row => Assert.NotNull(row.ReconciledAt));
    }

    [Fact]
    public async Task The_reservation_sweep_on_both_instances_at_once_releases_each_stale_reservation_once()
    {
        const int Stale = 20;
        var (owner, slug, token) = await fixture.SharedKeyTenantAsync();
        using (var first = await ChatAsync(fixture.App, token, Prompt(1)))
        {
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        }

        var budgets = await BudgetSteps.BudgetsAsync(fixture, slug);
        var ownerId = (await fixture.Stored.UserAsync(owner.Email))!.Id;
        await SeedStaleReservationsAsync(budgets.Single(row => row.MemberUserId is null), budgets.Single(row => row.MemberUserId == ownerId), Stale);

        var released = await Task.WhenAll(
            Task.Run(() => fixture.OnA<ReservationSweep>().RunOnceAsync()),
            Task.Run(() => fixture.OnB<ReservationSweep>().RunOnceAsync()));

        Assert.Equal(Stale, released.Sum());
        Assert.All(await BudgetSteps.BudgetsAsync(fixture, slug), row => Assert.Equal(0m, row.ReservedUsd));
        var reservations = await GatewayKit.ReservationsAsync(fixture, slug);
        Assert.Equal(Stale, reservations.Count(reservation => reservation.Status == ReservationStatus.Released));
        Assert.DoesNotContain(reservations, reservation => reservation.Status == ReservationStatus.Held);
    }

    [Fact]
    public async Task The_catalogue_refresh_on_both_instances_at_once_fetches_the_models_once()
    {
        var before = fixture.App.Simulator.RequestLog.TotalCount;
        CatalogueRefreshOutcome onA, onB;
        using (var hold = fixture.GateA.HoldNext("/models"))
        {
            // A has taken the lock and is fetching the models when B's refresh starts.
            var refreshOnA = Task.Run(() => fixture.OnA<CatalogueRefreshJob>().RunOnceAsync());
            await hold.Reached;
            onB = await fixture.OnB<CatalogueRefreshJob>().RunOnceAsync();
            hold.Dispose();
            onA = await refreshOnA;
        }

        Assert.Equal((CatalogueRefreshOutcome.Refreshed, CatalogueRefreshOutcome.Skipped), (onA, onB));
        Assert.Single(RequestsSince(before, "/models"));
    }

    [Fact]
    public async Task The_activity_import_on_both_instances_at_once_imports_each_tenant_once()
    {
        var (owner, slug) = await fixture.TenantWithOwnerAsync();
        await owner.SetManagementKeyAsync(slug, fixture.App.Simulator.CreateKey(new SimulatedKeyRequest("manager", Management: true)).Key);
        var before = fixture.App.Simulator.RequestLog.TotalCount;
        int? onA, onB;
        using (var hold = fixture.GateA.HoldNext("/activity"))
        {
            // A holds the round and is reading the tenant's activity when B's round starts.
            var importOnA = Task.Run(() => fixture.OnA<ActivityImportSweep>().RunOnceAsync());
            await hold.Reached;
            onB = await fixture.OnB<ActivityImportSweep>().RunOnceAsync();
            hold.Dispose();
            onA = await importOnA;
        }

        Assert.Null(onB);
        Assert.Equal(1, onA);
        Assert.Single(RequestsSince(before, "/activity"));
    }

    private static string Prompt(int call) => string.Create(CultureInfo.InvariantCulture, $"Call number {call:00}, please answer.");

    /// <summary>A non-streamed chat completion through the API of one instance.</summary>
    private static async Task<HttpResponseMessage> ChatAsync(TestApp instance, string token, string prompt)
    {
        var body = JsonSerializer.Serialize(new { model = BudgetSteps.Paid, messages = new[] { new { role = "user", content = prompt } }, max_tokens = 16 });
        using var client = instance.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/chat/completions") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await client.SendAsync(request);
    }

    private List<RequestLogEntry> RequestsSince(long sequence, string pathPart) =>
        [.. fixture.App.Simulator.RequestLog.Entries.Where(entry => entry.Sequence > sequence && entry.Path.Contains(pathPart, StringComparison.Ordinal))];

    /// <summary>Reservations as a crashed instance leaves them: Held for an hour, their estimates still on both budget rows.</summary>
    private async Task SeedStaleReservationsAsync(Budget tenantBudget, Budget memberBudget, int count)
    {
        const decimal Estimate = 0.001m;
        var createdAt = fixture.Clock.GetUtcNow().AddHours(-1);
        await using var scope = fixture.App.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        for (var i = 0; i < count; i++)
        {
            await db.Database.ExecuteSqlInterpolatedAsync($"""
                INSERT INTO budget_reservations (id, tenant_id, user_id, member_budget_id, tenant_budget_id, estimate_usd, status, created_at)
                VALUES ({Guid.CreateVersion7()}, {tenantBudget.TenantId}, {memberBudget.MemberUserId}, {memberBudget.Id}, {tenantBudget.Id}, {Estimate}, 'Held', {createdAt})
                """);
        }

        await db.Database.ExecuteSqlInterpolatedAsync(
            $"UPDATE budgets SET reserved_usd = reserved_usd + {Estimate * count} WHERE id IN ({tenantBudget.Id}, {memberBudget.Id})");
    }
}
