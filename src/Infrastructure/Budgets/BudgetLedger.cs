using System.Data;
using System.Data.Common;
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

    private const string Close = "SELECT budget_close(@tenant, @reservation, @settle, @cost, @now, @flush)";

    private const string LockReservation = """
        SELECT status, estimate_usd, member_budget_id, tenant_budget_id, actual_cost_usd FROM budget_reservations
        WHERE id = @id AND tenant_id = @tenant
        FOR UPDATE
        """;

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

    /// <summary>Settles (with <paramref name="actualCostUsd"/>) or releases (without) a reservation as one statement, <c>budget_close</c>.</summary>
    internal static NpgsqlBatchCommand CloseCommand(Guid tenantId, Guid reservationId, decimal? actualCostUsd, DateTimeOffset now, bool flushed)
    {
        var command = new NpgsqlBatchCommand(Close);
        command.Parameters.AddRange(new NpgsqlParameter[]
        {
            BudgetSql.Id("tenant", tenantId), BudgetSql.Id("reservation", reservationId), BudgetSql.Flag("settle", actualCostUsd is not null),
            BudgetSql.Money("cost", actualCostUsd), BudgetSql.Instant("now", now), BudgetSql.Flag("flush", flushed),
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

    public async Task<bool> SettleAsync(Guid reservationId, decimal actualCostUsd, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(actualCostUsd);
        return await CloseAsync(reservationId, ReservationStatus.Settled, actualCostUsd, now, flushed: true, cancellationToken);
    }

    public Task<bool> ReleaseAsync(Guid reservationId, DateTimeOffset now, CancellationToken cancellationToken = default) =>
        CloseAsync(reservationId, ReservationStatus.Released, actualCostUsd: null, now, flushed: true, cancellationToken);

    public async Task<bool> CorrectAsync(Guid reservationId, decimal authoritativeCostUsd, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(authoritativeCostUsd);
        var tenantId = CurrentTenant();
        await using var transaction = await db.Database.BeginTransactionAsync(IsolationLevel.ReadCommitted, cancellationToken);
        var connection = db.Database.GetDbConnection();
        var dbTransaction = transaction.GetDbTransaction();
        var reservation = await LockAsync(connection, dbTransaction, tenantId, reservationId, cancellationToken);
        if (reservation is not { Status: ReservationStatus.Settled, ActualCostUsd: { } settled } || settled == authoritativeCostUsd)
        {
            return false;
        }

        var difference = authoritativeCostUsd - settled;
        await BudgetRows.AdjustAsync(connection, dbTransaction,
            [
                new BudgetChange(tenantId, reservation.MemberBudgetId, IsTenantBudget: false, 0m, difference),
                new BudgetChange(tenantId, reservation.TenantBudgetId, IsTenantBudget: true, 0m, difference),
            ],
            cancellationToken);
        await BudgetSql.ExecuteAsync(connection, dbTransaction,
            "UPDATE budget_reservations SET actual_cost_usd = @cost WHERE id = @id AND tenant_id = @tenant", cancellationToken,
            BudgetSql.Id("id", reservationId), BudgetSql.Id("tenant", tenantId), BudgetSql.Money("cost", authoritativeCostUsd));
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    private async Task<bool> CloseAsync(
        Guid reservationId, ReservationStatus to, decimal? actualCostUsd, DateTimeOffset now, bool flushed, CancellationToken cancellationToken)
    {
        var tenantId = CurrentTenant();
        return await RunAsync(async batch =>
        {
            batch.BatchCommands.Add(CloseCommand(tenantId, reservationId, to == ReservationStatus.Settled ? actualCostUsd!.Value : null, now, flushed));
            return await batch.ExecuteScalarAsync(cancellationToken) is true;
        }, cancellationToken);
    }

    /// <summary>Runs a batch on the context's connection (in its transaction when one is open), opened for the batch only.</summary>
    private Task<T> RunAsync<T>(Func<NpgsqlBatch, Task<T>> run, CancellationToken cancellationToken) =>
        AppDatabaseBatch.RunAsync(db, run, cancellationToken);

    /// <summary>Locks one of the tenant's reservations until the transaction ends and reads it; null when there is none.</summary>
    private static async Task<LockedReservation?> LockAsync(
        DbConnection connection, DbTransaction transaction, Guid tenantId, Guid reservationId, CancellationToken cancellationToken)
    {
        await using var command = BudgetSql.Command(connection, transaction, LockReservation, BudgetSql.Id("id", reservationId), BudgetSql.Id("tenant", tenantId));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }

        return new LockedReservation(
            Enum.Parse<ReservationStatus>(reader.GetString(0)), reader.GetDecimal(1), reader.GetGuid(2), reader.GetGuid(3),
            reader.IsDBNull(4) ? null : reader.GetDecimal(4));
    }

    private Guid CurrentTenant() =>
        tenantContext.TenantId ?? throw new InvalidOperationException("The budget ledger acts in a tenant; enter one first.");
}

/// <summary>A reservation as read under its row lock.</summary>
internal sealed record LockedReservation(ReservationStatus Status, decimal EstimateUsd, Guid MemberBudgetId, Guid TenantBudgetId, decimal? ActualCostUsd);
