using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using OpenRouterSaaS.Application.Budgets;
using OpenRouterSaaS.Application.Common.Interfaces;
using OpenRouterSaaS.Domain.Budgets;
using OpenRouterSaaS.Infrastructure.Persistence;

namespace OpenRouterSaaS.Infrastructure.Budgets;

/// <summary>
/// The budget ledger in SQL. Every statement names the tenant it acts in (raw SQL skips the query filter), and budget
/// rows are always locked member row first, tenant row second, so two calls never wait on each other in a circle.
/// </summary>
public sealed class BudgetLedger(AppDbContext db, ITenantContext tenantContext) : IBudgetLedger
{
    private const string Reserve = """
        SELECT outcome, budget_limit, budget_spent, budget_reserved
        FROM budget_reserve(@tenant, @user, @month, @estimate, @reservation, @now, @member_budget, @tenant_budget, @config_version)
        """;

    private const string Close = "SELECT budget_close(@tenant, @reservation, @mode, @cost, @now, @flush)";

    /// <summary>
    /// The reservation as one statement (<c>budget_reserve</c>, see the GatewayHotPath migration), for <see cref="ReserveAsync"/>
    /// and for the gateway's batched write. With <paramref name="configVersion"/>, it is refused when the tenant's settings
    /// moved on since then (<see cref="ReadReservationAsync"/> returns null).
    /// </summary>
    internal static NpgsqlBatchCommand ReserveCommand(Guid tenantId, Guid userId, decimal estimateUsd, DateTimeOffset now, Guid reservationId, long? configVersion)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(estimateUsd);
        var command = new NpgsqlBatchCommand(Reserve);
        command.Parameters.AddRange(new NpgsqlParameter[]
        {
            BudgetSql.Id("tenant", tenantId), BudgetSql.Id("user", userId), BudgetSql.Day("month", BudgetMonth.Of(now)),
            BudgetSql.Money("estimate", estimateUsd), BudgetSql.Id("reservation", reservationId), BudgetSql.Instant("now", now),
            BudgetSql.Id("member_budget", Guid.CreateVersion7()), BudgetSql.Id("tenant_budget", Guid.CreateVersion7()),
            BudgetSql.Version("config_version", configVersion),
        });
        return command;
    }

    /// <summary>Reads what <see cref="ReserveCommand"/> returned: null when the tenant's settings moved on.</summary>
    internal static async Task<BudgetReservationOutcome?> ReadReservationAsync(
        NpgsqlDataReader reader, Guid reservationId, decimal estimateUsd, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (!await reader.ReadAsync(cancellationToken))
        {
            throw new InvalidOperationException("budget_reserve returned no row.");
        }

        var outcome = reader.GetString(0);
        if (outcome == "stale")
        {
            return null;
        }

        var scope = outcome switch
        {
            "reserved" => (BudgetScope?)null,
            "member" => BudgetScope.Member,
            "tenant" => BudgetScope.Tenant,
            _ => throw new InvalidOperationException("Only a member of the tenant can reserve its budget."),
        };
        return scope is { } refused
            ? BudgetReservationOutcome.Refused(new BudgetRefusal(refused, BudgetMonth.Of(now),
                reader.GetDecimal(1), reader.GetDecimal(2), reader.GetDecimal(3), estimateUsd))
            : BudgetReservationOutcome.Reserved(reservationId);
    }

    /// <summary>A reservation released, settled, corrected or billed (see <see cref="BudgetClosing"/>) as one statement, <c>budget_close</c>.</summary>
    internal static NpgsqlBatchCommand CloseCommand(Guid tenantId, Guid reservationId, BudgetClosing mode, decimal? costUsd, DateTimeOffset now, bool flushed)
    {
        if (costUsd is < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(costUsd), costUsd, "A cost is never negative.");
        }

        var command = new NpgsqlBatchCommand(Close);
        command.Parameters.AddRange(new NpgsqlParameter[]
        {
            BudgetSql.Id("tenant", tenantId), BudgetSql.Id("reservation", reservationId), BudgetSql.Text("mode", mode.ToString().ToLowerInvariant()),
            BudgetSql.Money("cost", costUsd), BudgetSql.Instant("now", now), BudgetSql.Flag("flush", flushed),
        });
        return command;
    }

    public async Task<BudgetReservationOutcome> ReserveAsync(Guid userId, decimal estimateUsd, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        var reservationId = Guid.CreateVersion7();
        var tenantId = CurrentTenant();
        return await RunAsync(async batch =>
        {
            batch.BatchCommands.Add(ReserveCommand(tenantId, userId, estimateUsd, now, reservationId, configVersion: null));
            await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
            return (await ReadReservationAsync(reader, reservationId, estimateUsd, now, cancellationToken))!;
        }, cancellationToken);
    }

    public Task<bool> SettleAsync(Guid reservationId, decimal actualCostUsd, DateTimeOffset now, CancellationToken cancellationToken = default) =>
        CloseAsync(reservationId, BudgetClosing.Settle, actualCostUsd, now, cancellationToken);

    public Task<bool> ReleaseAsync(Guid reservationId, DateTimeOffset now, CancellationToken cancellationToken = default) =>
        CloseAsync(reservationId, BudgetClosing.Release, null, now, cancellationToken);

    public Task<bool> CorrectAsync(Guid reservationId, decimal authoritativeCostUsd, DateTimeOffset now, CancellationToken cancellationToken = default) =>
        CloseAsync(reservationId, BudgetClosing.Correct, authoritativeCostUsd, now, cancellationToken);

    private async Task<bool> CloseAsync(Guid reservationId, BudgetClosing mode, decimal? costUsd, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var tenantId = CurrentTenant();
        return await RunAsync(async batch =>
        {
            batch.BatchCommands.Add(CloseCommand(tenantId, reservationId, mode, costUsd, now, flushed: true));
            return await batch.ExecuteScalarAsync(cancellationToken) is true;
        }, cancellationToken);
    }

    /// <summary>Runs a batch on the context's connection (in its transaction when one is open), opened for the batch only.</summary>
    private Task<T> RunAsync<T>(Func<NpgsqlBatch, Task<T>> run, CancellationToken cancellationToken) =>
        AppDatabaseBatch.RunAsync(db, run, cancellationToken);

    private Guid CurrentTenant() =>
        tenantContext.TenantId ?? throw new InvalidOperationException("The budget ledger acts in a tenant; enter one first.");
}

/// <summary>What <c>budget_close</c> does to a reservation (see the GatewayHotPath migration).</summary>
internal enum BudgetClosing
{
    /// <summary>A held reservation gives its hold back.</summary>
    Release,

    /// <summary>A held (or swept) reservation becomes spend of the cost; a settled one is left alone.</summary>
    Settle,

    /// <summary>A settled reservation's spend is brought to the cost.</summary>
    Correct,

    /// <summary>The cost OpenRouter billed, whatever came before: settled, or corrected when already settled.</summary>
    Bill,
}
