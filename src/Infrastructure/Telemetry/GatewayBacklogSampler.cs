using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OpenRouterSaaS.Application.Common;
using OpenRouterSaaS.Application.Gateway.Telemetry;
using OpenRouterSaaS.Domain.Budgets;
using OpenRouterSaaS.Infrastructure.Persistence;

namespace OpenRouterSaaS.Infrastructure.Telemetry;

/// <summary>
/// Counts the budget reservations still held and the ledger rows still waiting for reconciliation, and hands the counts
/// to <see cref="GatewayMetrics"/>'s gauges. Two COUNTs on partial indexes, so it is cheap to run every few seconds.
/// </summary>
public sealed class GatewayBacklogSampler(IServiceScopeFactory scopes, GatewayMetrics metrics)
{
    public async Task RunOnceAsync(CancellationToken cancellationToken = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();

        // Across tenants on purpose: the gauges describe the whole installation, and only counts leave the database.
        var held = await db.BudgetReservations.IgnoreQueryFilters([QueryFilters.Tenant])
            .LongCountAsync(reservation => reservation.Status == ReservationStatus.Held, cancellationToken);
        var unreconciled = await db.UsageRecords.IgnoreQueryFilters([QueryFilters.Tenant])
            .LongCountAsync(record => record.NextReconcileAt != null, cancellationToken);
        metrics.RecordBacklog(held, unreconciled);
    }
}
