using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using OpenRouterSaaS.Application.Budgets;
using OpenRouterSaaS.Application.Common.Interfaces;
using OpenRouterSaaS.Application.Gateway.Telemetry;
using OpenRouterSaaS.Domain.Credentials;
using OpenRouterSaaS.Domain.Tenants;
using OpenRouterSaaS.Domain.Usage;
using OpenRouterSaaS.FunctionalTests.Infrastructure;
using OpenRouterSaaS.Infrastructure.Persistence;
using OpenRouterSaaS.Infrastructure.Telemetry;

namespace OpenRouterSaaS.FunctionalTests.Observability;

/// <summary>
/// The gauges of held reservations and ledger rows waiting for reconciliation follow the database, as the sampler
/// counts them. The class has a database of its own, so the counts start at zero.
/// </summary>
public sealed class BacklogGaugeTests(AppFixture fixture) : IClassFixture<AppFixture>
{
    [Fact]
    public async Task The_gauges_report_a_held_reservation_and_an_unreconciled_ledger_row_until_they_are_resolved()
    {
        var (owner, slug) = await fixture.TenantWithOwnerAsync();
        var tenant = (await fixture.Stored.TenantAsync(slug))!;
        var ownerId = (await fixture.Stored.UserAsync(owner.Email))!.Id;
        await WaitForGaugesAsync(held: 0, pending: 0);

        var reservationId = await InTenantAsync(tenant, async services =>
        {
            var outcome = await services.GetRequiredService<IBudgetLedger>().ReserveAsync(ownerId, 0.5m, fixture.Clock.GetUtcNow());
            return outcome.ReservationId!.Value;
        });
        var record = await InTenantAsync(tenant, async services =>
        {
            var now = fixture.Clock.GetUtcNow();
            var row = UsageRecord.Start(tenant.Id, ownerId, CredentialKind.Personal, Guid.NewGuid(), null, "openai/gpt-4o-mini", streamed: false, null, now);
            row.Complete("openai/gpt-4o-mini", "OpenAI", "gen-backlog-" + Guid.NewGuid().ToString("N"), 10, 5, 0, 0, 0.001m, now);
            // Not due for a day, so that no reconciliation worker takes it while the test looks.
            row.DeferReconciliation(now.AddDays(1));
            var db = services.GetRequiredService<AppDbContext>();
            db.UsageRecords.Add(row);
            await db.SaveChangesAsync();
            return row.Id;
        });
        await WaitForGaugesAsync(held: 1, pending: 1);

        await InTenantAsync(tenant, async services =>
        {
            await services.GetRequiredService<IBudgetLedger>().ReleaseAsync(reservationId, fixture.Clock.GetUtcNow());
            var db = services.GetRequiredService<AppDbContext>();
            (await db.UsageRecords.FindAsync(record))!.Reconcile(0.001m, fixture.Clock.GetUtcNow());
            await db.SaveChangesAsync();
            return true;
        });
        await WaitForGaugesAsync(held: 0, pending: 0);
    }

    /// <summary>
    /// Counts with the sampler and reads the gauges as an exporter would, until they show the expected numbers. (The
    /// app's own sampling worker may write an older count in between; the next round corrects it.)
    /// </summary>
    private async Task WaitForGaugesAsync(long held, long pending)
    {
        var sampler = fixture.App.Services.GetRequiredService<GatewayBacklogSampler>();
        var metrics = fixture.App.Services.GetRequiredService<GatewayMetrics>();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        (long? Held, long? Pending) seen;
        do
        {
            await sampler.RunOnceAsync();
            seen = Observe(metrics);
        }
        while (seen != (held, pending) && DateTime.UtcNow < deadline);

        Assert.Equal((held, pending), seen);
    }

    private static (long? Held, long? Pending) Observe(GatewayMetrics metrics)
    {
        var values = new Dictionary<string, long>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, meterListener) =>
        {
            if (instrument.Meter == metrics.Meter)
            {
                meterListener.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, _, _) => values[instrument.Name] = value);
        listener.Start();
        listener.RecordObservableInstruments();
        long? Reported(string gauge) => values.TryGetValue(gauge, out var value) ? value : null;
        return (Reported("budget.reservations.held"), Reported("ledger.reconciliation.pending"));
    }

    private async Task<T> InTenantAsync<T>(Tenant tenant, Func<IServiceProvider, Task<T>> work)
    {
        await using var scope = fixture.App.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<ITenantContext>().Enter(tenant.Id, tenant.Slug, TenantRole.Owner);
        return await work(scope.ServiceProvider);
    }
}
