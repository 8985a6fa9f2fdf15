using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpenRouterSaaS.Application.Common.Interfaces;
using OpenRouterSaaS.Application.Usage.Reconciliation;
using OpenRouterSaaS.Infrastructure.Budgets;
using OpenRouterSaaS.Infrastructure.Persistence;

namespace OpenRouterSaaS.Infrastructure.Usage;

/// <summary>
/// One round of reconciliation: ledger rows due for their generation record, and rows left Pending longer than
/// <see cref="ReconciliationOptions.StalePendingAfter"/>, are claimed in batches and each reconciled in a scope of its own
/// tenant. A claim (<c>FOR UPDATE SKIP LOCKED</c>, then the row's next try moved past the claim's end) gives every row to
/// one instance only, however many sweep at once.
/// </summary>
public sealed class ReconciliationSweep(IServiceScopeFactory scopes, IOptions<ReconciliationOptions> options, TimeProvider clock, ILogger<ReconciliationSweep> logger)
{
    // Across tenants on purpose: rows are claimed by due time only; each is then reconciled in a scope of its own tenant.
    private const string ClaimDue = """
        WITH due AS (
            SELECT id FROM usage_records
            WHERE next_reconcile_at <= @now
               OR (status = 'Pending' AND next_reconcile_at IS NULL AND created_at < @stale)
            ORDER BY created_at
            LIMIT @batch
            FOR UPDATE SKIP LOCKED)
        UPDATE usage_records AS record SET next_reconcile_at = @claimed_until
        FROM due
        WHERE record.id = due.id
        RETURNING record.id, record.tenant_id, (SELECT slug FROM tenants WHERE tenants.id = record.tenant_id)
        """;

    /// <summary>Claims and reconciles every row due at the start of the round; returns what became of them.</summary>
    public async Task<ReconciliationRound> RunOnceAsync(CancellationToken cancellationToken = default)
    {
        var settings = options.Value;
        var now = clock.GetUtcNow();
        var round = new ReconciliationRound();
        IReadOnlyList<ClaimedRow> batch;
        do
        {
            batch = await ClaimAsync(now, settings, cancellationToken);
            var claimedAt = clock.GetUtcNow();
            var started = 0;
            // A tenant's rows share a scope (read together, its keys once); a row that fails gets the rest a new one.
            foreach (var tenantRows in batch.GroupBy(row => row.TenantId).Select(group => group.ToList()))
            {
                TenantScope? scope = null;
                try
                {
                    for (var i = 0; i < tenantRows.Count; i++)
                    {
                        // Rows not started in time come back to whichever instance claims them once this claim has run out.
                        if (clock.GetUtcNow() - claimedAt > settings.ClaimTimeout / 2)
                        {
                            logger.LogWarning("Reconciliation is slow: {Count} claimed rows are left for a later round", batch.Count - started);
                            return round;
                        }

                        started++;
                        if (scope is null)
                        {
                            scope = TenantScope.Enter(scopes, tenantRows[i]);
                            await scope.Reconciler.ReadAheadAsync(tenantRows.Skip(i).Select(row => row.Id).ToList(), cancellationToken);
                        }

                        var outcome = await ReconcileAsync(scope, tenantRows[i], settings, cancellationToken);
                        if (outcome is null)
                        {
                            await scope.DisposeAsync();
                            scope = null;
                        }

                        round.Add(outcome ?? ReconciliationOutcome.Skipped);
                    }
                }
                finally
                {
                    if (scope is not null)
                    {
                        await scope.DisposeAsync();
                    }
                }
            }
        }
        while (batch.Count == settings.BatchSize);

        if (round.Total > 0)
        {
            logger.LogInformation("Reconciliation round: {Round}", round);
        }

        return round;
    }

    /// <summary>One row reconciled; null when it failed (the claim runs out and the row is tried again).</summary>
    private async Task<ReconciliationOutcome?> ReconcileAsync(TenantScope scope, ClaimedRow row, ReconciliationOptions settings, CancellationToken cancellationToken)
    {
        try
        {
            return await scope.Reconciler.ReconcileAsync(row.Id, settings.Schedule, cancellationToken);
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
        {
            logger.LogError(exception, "Reconciling ledger row {RecordId} of tenant {Slug} failed", row.Id, row.Slug);
            return null;
        }
    }

    private async Task<IReadOnlyList<ClaimedRow>> ClaimAsync(DateTimeOffset now, ReconciliationOptions settings, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var rows = new List<ClaimedRow>();
        await using (var command = BudgetSql.Command(db.Database.GetDbConnection(), transaction.GetDbTransaction(), ClaimDue,
            BudgetSql.Instant("now", now), BudgetSql.Instant("stale", now - settings.StalePendingAfter), BudgetSql.Number("batch", settings.BatchSize),
            BudgetSql.Instant("claimed_until", clock.GetUtcNow() + settings.ClaimTimeout)))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                rows.Add(new ClaimedRow(reader.GetGuid(0), reader.GetGuid(1), reader.GetString(2)));
            }
        }

        await transaction.CommitAsync(cancellationToken);
        return rows;
    }

    private sealed record ClaimedRow(Guid Id, Guid TenantId, string Slug);

    /// <summary>A scope acting in one tenant, with its reconciler.</summary>
    private sealed class TenantScope(AsyncServiceScope scope) : IAsyncDisposable
    {
        public GenerationReconciler Reconciler { get; } = scope.ServiceProvider.GetRequiredService<GenerationReconciler>();

        public static TenantScope Enter(IServiceScopeFactory scopes, ClaimedRow row)
        {
            var scope = scopes.CreateAsyncScope();
            scope.ServiceProvider.GetRequiredService<ITenantContext>().Enter(row.TenantId, row.Slug, role: null);
            return new TenantScope(scope);
        }

        public ValueTask DisposeAsync() => scope.DisposeAsync();
    }
}

/// <summary>What one round of reconciliation did, per outcome.</summary>
public sealed class ReconciliationRound
{
    private readonly Dictionary<ReconciliationOutcome, int> _counts = [];

    public int Total { get; private set; }

    public int this[ReconciliationOutcome outcome] => _counts.GetValueOrDefault(outcome);

    public void Add(ReconciliationOutcome outcome)
    {
        _counts[outcome] = this[outcome] + 1;
        Total++;
    }

    public override string ToString() => string.Join(", ", _counts.OrderBy(pair => pair.Key).Select(pair => $"{pair.Key} {pair.Value}"));
}
