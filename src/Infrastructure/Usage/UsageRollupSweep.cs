using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpenRouterSaaS.Infrastructure.Persistence;

namespace OpenRouterSaaS.Infrastructure.Usage;

/// <summary>
/// One round of the daily usage roll-up (docs/adr/0010-daily-usage-rollup.md). First the UTC days that have closed are
/// queued for every tenant with calls on them, once every transaction that began before they closed has ended: a change
/// made then did not mark its day, so the roll-up must count it. Then the queued days, and the days whose rows changed
/// since their roll-up, are rolled up a batch per transaction: claimed with <c>FOR UPDATE SKIP LOCKED</c>, so instances
/// rolling up at once never take the same day, and each recounted whole from the ledger, so doing a day twice changes nothing.
/// </summary>
public sealed class UsageRollupSweep(IServiceScopeFactory scopes, IOptions<UsageRollupOptions> options, ILogger<UsageRollupSweep> logger)
{
    // The first UTC day still open, by the database's clock, which the trigger on usage_records reads too.
    private const string ReadOpenDay = "SELECT (usage_rollup_open_since() AT TIME ZONE 'UTC')::date";

    // SKIP LOCKED: an instance that finds the row locked leaves the horizon to the one advancing it.
    private const string LockHorizon = """
        SELECT ready_before, closing_before, closing_xid < pg_snapshot_xmin(pg_current_snapshot())
        FROM usage_rollup_horizon FOR UPDATE SKIP LOCKED
        """;

    // Across tenants on purpose: every tenant with calls on a newly closed day gets that day queued. The first time, the
    // days go back to the ledger's first call.
    private const string QueueClosedDays = """
        WITH first_day AS (
            SELECT coalesce(@ready_before, (
                SELECT min((oldest.created_at AT TIME ZONE 'UTC')::date)
                FROM tenants CROSS JOIN LATERAL (SELECT min(created_at) AS created_at FROM usage_records WHERE tenant_id = tenants.id) AS oldest),
                @closing_before) AS day)
        INSERT INTO usage_rollup_days (tenant_id, day, stale_since)
        SELECT tenants.id, closed.day, now()
        FROM tenants CROSS JOIN (SELECT first_day.day + n AS day FROM first_day, generate_series(0, @closing_before - first_day.day - 1) AS n) AS closed
        WHERE EXISTS (SELECT 1 FROM usage_records
            WHERE tenant_id = tenants.id
              AND created_at >= closed.day::timestamp AT TIME ZONE 'UTC' AND created_at < (closed.day + 1)::timestamp AT TIME ZONE 'UTC')
        ON CONFLICT (tenant_id, day) DO NOTHING;
        UPDATE usage_rollup_horizon SET ready_before = closing_before, closing_before = NULL, closing_xid = NULL;
        """;

    // The transaction's own id: it was given after the open day was read, so every transaction that may have changed a
    // row of the days now closing without marking it has a smaller id.
    private const string StartClosing = "UPDATE usage_rollup_horizon SET closing_before = @open_day, closing_xid = pg_current_xact_id()";

    // Across tenants on purpose: the queued and changed days of every tenant, the latest first.
    private const string ClaimStaleDays = """
        SELECT tenant_id, day FROM usage_rollup_days
        WHERE stale_since IS NOT NULL AND day < (SELECT ready_before FROM usage_rollup_horizon)
        ORDER BY day DESC
        LIMIT @batch
        FOR UPDATE SKIP LOCKED
        """;

    // A command of its own after the claim, so that the recount reads the ledger once the claim holds the days' rows: a
    // change that marked one of them before has committed, and one that marks it now waits and marks it again.
    private static readonly string RollUpClaimedDays = $"""
        {string.Concat(UsageRollupGrain.All.Select(grain => $"""
            DELETE FROM {grain.Table} AS rollup USING unnest(@tenants, @days) AS claimed (tenant_id, day)
            WHERE rollup.tenant_id = claimed.tenant_id AND rollup.day = claimed.day;

            """))}
        WITH day_groups AS MATERIALIZED (
            SELECT claimed.tenant_id, groups.* FROM unnest(@tenants, @days) AS claimed (tenant_id, day)
            CROSS JOIN LATERAL ({UsageRollupSql.DayGroups("claimed.tenant_id", "claimed.day")}) AS groups)
        {string.Concat(UsageRollupGrain.All.Select((grain, index) => $"""
            , inserted_{index} AS (
                INSERT INTO {grain.Table} (tenant_id, day, {grain.Keys}, {UsageRollupSql.Figures})
                SELECT tenant_id, day, {grain.Keys}, {UsageRollupSql.Sums} FROM day_groups GROUP BY tenant_id, day, {grain.Keys})

            """))}
        UPDATE usage_rollup_days AS rolled SET stale_since = NULL, rolled_up_at = now()
        FROM unnest(@tenants, @days) AS claimed (tenant_id, day)
        WHERE rolled.tenant_id = claimed.tenant_id AND rolled.day = claimed.day;
        """;

    // Every closed day queued, and none stale: what a round leaves unless a transaction older than a closing held it back.
    private const string ReadCaughtUp = """
        SELECT coalesce(ready_before >= (usage_rollup_open_since() AT TIME ZONE 'UTC')::date, false)
            AND NOT EXISTS (SELECT 1 FROM usage_rollup_days WHERE stale_since IS NOT NULL AND day < ready_before)
        FROM usage_rollup_horizon
        """;

    /// <summary>Queues the days closed since the last round and rolls up every stale day; returns how many days this instance rolled up.</summary>
    public async Task<int> RunOnceAsync(CancellationToken cancellationToken = default)
    {
        // Days that begin closing now can usually be queued at once: no transaction older than the closing is still running.
        if (await AdvanceHorizonAsync(cancellationToken))
        {
            await AdvanceHorizonAsync(cancellationToken);
        }

        var total = 0;
        int rolledUp;
        do
        {
            rolledUp = await RollUpBatchAsync(cancellationToken);
            total += rolledUp;
        }
        while (rolledUp == options.Value.BatchSize);

        if (total > 0)
        {
            logger.LogInformation("Rolled up the usage of {Count} tenant days", total);
        }

        return total;
    }

    /// <summary>Whether every closed day is rolled up and current: the usage pages then add up only today's ledger rows (and yesterday's until 01:00 UTC).</summary>
    public async Task<bool> IsCaughtUpAsync(CancellationToken cancellationToken = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        await db.Database.OpenConnectionAsync(cancellationToken);
        await using var read = UsageRollupSql.Command(db.Database.GetDbConnection(), null, ReadCaughtUp);
        return await read.ExecuteScalarAsync(cancellationToken) is true;
    }

    /// <summary>Queues the closed days whose closing is over, and begins closing the days that have ended since; true when it began one.</summary>
    private async Task<bool> AdvanceHorizonAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        await db.Database.OpenConnectionAsync(cancellationToken);
        var connection = db.Database.GetDbConnection();
        DateOnly openDay;
        await using (var read = UsageRollupSql.Command(connection, null, ReadOpenDay))
        await using (var reader = await read.ExecuteReaderAsync(cancellationToken))
        {
            await reader.ReadAsync(cancellationToken);
            openDay = reader.GetFieldValue<DateOnly>(0);
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var inTransaction = transaction.GetDbTransaction();
        DateOnly? readyBefore, closingBefore;
        bool closed;
        await using (var command = UsageRollupSql.Command(connection, inTransaction, LockHorizon))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            if (!await reader.ReadAsync(cancellationToken))
            {
                return false;
            }

            (readyBefore, closingBefore, closed) = (reader.GetFieldValue<DateOnly?>(0), reader.GetFieldValue<DateOnly?>(1), reader.GetFieldValue<bool?>(2) == true);
        }

        if (closed)
        {
            await using var queue = UsageRollupSql.Command(connection, inTransaction, QueueClosedDays,
                UsageRollupSql.Day("ready_before", readyBefore), UsageRollupSql.Day("closing_before", closingBefore));
            await queue.ExecuteNonQueryAsync(cancellationToken);
            (readyBefore, closingBefore) = (closingBefore, null);
        }

        var beginsClosing = closingBefore is null && (readyBefore is null || openDay > readyBefore);
        if (beginsClosing)
        {
            await using var close = UsageRollupSql.Command(connection, inTransaction, StartClosing, UsageRollupSql.Day("open_day", openDay));
            await close.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return beginsClosing;
    }

    private async Task<int> RollUpBatchAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var connection = db.Database.GetDbConnection();
        var (tenants, days) = (new List<Guid>(), new List<DateOnly>());
        await using (var claim = UsageRollupSql.Command(connection, transaction.GetDbTransaction(), ClaimStaleDays, UsageRollupSql.Number("batch", options.Value.BatchSize)))
        await using (var reader = await claim.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                tenants.Add(reader.GetGuid(0));
                days.Add(reader.GetFieldValue<DateOnly>(1));
            }
        }

        if (tenants.Count > 0)
        {
            await using var rollUp = UsageRollupSql.Command(connection, transaction.GetDbTransaction(), RollUpClaimedDays,
                UsageRollupSql.Ids("tenants", [.. tenants]), UsageRollupSql.Days("days", [.. days]));
            await rollUp.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return tenants.Count;
    }
}
