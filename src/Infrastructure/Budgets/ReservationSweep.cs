using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpenRouterSaaS.Infrastructure.Persistence;

namespace OpenRouterSaaS.Infrastructure.Budgets;

/// <summary>
/// Releases reservations left Held longer than <see cref="BudgetOptions.ReservationTimeout"/> (their call's instance
/// crashed), giving their estimates back to the budgets. Claims use <c>FOR UPDATE SKIP LOCKED</c>, so instances sweeping
/// at the same moment each release different reservations, and none is released twice.
/// </summary>
public sealed class ReservationSweep(IServiceScopeFactory scopes, IOptions<BudgetOptions> options, TimeProvider clock, ILogger<ReservationSweep> logger)
{
    // Across tenants on purpose: the claim is by age only; each budget update below states the reservation's own tenant.
    private const string ClaimStale = """
        WITH stale AS (
            SELECT id FROM budget_reservations
            WHERE status = 'Held' AND created_at < @cutoff
            ORDER BY created_at
            LIMIT @batch
            FOR UPDATE SKIP LOCKED)
        UPDATE budget_reservations AS reservation SET status = 'Released', released_at = @now
        FROM stale
        WHERE reservation.id = stale.id AND reservation.status = 'Held'
        RETURNING reservation.tenant_id, reservation.member_budget_id, reservation.tenant_budget_id, reservation.estimate_usd
        """;

    /// <summary>Sweeps until no stale reservation is left; returns how many this instance released.</summary>
    public async Task<int> RunOnceAsync(CancellationToken cancellationToken = default)
    {
        var total = 0;
        int released;
        do
        {
            released = await ReleaseBatchAsync(cancellationToken);
            total += released;
        }
        while (released == options.Value.SweepBatchSize);

        if (total > 0)
        {
            logger.LogWarning("Released {Count} budget reservations held longer than {Timeout}", total, options.Value.ReservationTimeout);
        }

        return total;
    }

    private async Task<int> ReleaseBatchAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var connection = db.Database.GetDbConnection();
        var dbTransaction = transaction.GetDbTransaction();
        var now = clock.GetUtcNow();

        var changes = new List<BudgetChange>();
        await using (var command = BudgetSql.Command(connection, dbTransaction, ClaimStale,
            BudgetSql.Instant("cutoff", now - options.Value.ReservationTimeout), BudgetSql.Number("batch", options.Value.SweepBatchSize), BudgetSql.Instant("now", now)))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                var (tenant, estimate) = (reader.GetGuid(0), reader.GetDecimal(3));
                changes.Add(new BudgetChange(tenant, reader.GetGuid(1), IsTenantBudget: false, -estimate, 0m));
                changes.Add(new BudgetChange(tenant, reader.GetGuid(2), IsTenantBudget: true, -estimate, 0m));
            }
        }

        await BudgetRows.AdjustAsync(connection, dbTransaction, changes, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return changes.Count / 2;
    }
}
