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
    private const string EnsureBudget = """
        INSERT INTO budgets (id, tenant_id, member_user_id, month, limit_usd, spent_usd, reserved_usd)
        VALUES (@id, @tenant, @member, @month, @limit, 0, 0)
        ON CONFLICT (tenant_id, member_user_id, month) DO NOTHING
        """;

    // The whole check is in the WHERE clause of the one statement that takes the row lock: no check-then-act.
    private const string HoldOnBudget = """
        UPDATE budgets SET reserved_usd = reserved_usd + @estimate
        WHERE tenant_id = @tenant AND member_user_id IS NOT DISTINCT FROM @member AND month = @month
          AND (limit_usd IS NULL OR spent_usd + reserved_usd + @estimate <= limit_usd)
        RETURNING id
        """;

    private const string ReadBudget = """
        SELECT limit_usd, spent_usd, reserved_usd FROM budgets
        WHERE tenant_id = @tenant AND member_user_id IS NOT DISTINCT FROM @member AND month = @month
        """;

    private const string InsertReservation = """
        INSERT INTO budget_reservations (id, tenant_id, user_id, member_budget_id, tenant_budget_id, estimate_usd, status, created_at)
        VALUES (@id, @tenant, @user, @member_budget, @tenant_budget, @estimate, 'Held', @now)
        """;

    private const string LockReservation = """
        SELECT status, estimate_usd, member_budget_id, tenant_budget_id, actual_cost_usd FROM budget_reservations
        WHERE id = @id AND tenant_id = @tenant
        FOR UPDATE
        """;

    // For this transaction only: its commit returns (and its row locks go) before the log reaches the disk; the caller's next
    // durable commit flushes it. The hot tenant budget row is then never locked for the length of a disk flush.
    private const string CommitWithoutFlush = "SET LOCAL synchronous_commit TO OFF";

    public async Task<BudgetReservationOutcome> ReserveAsync(Guid userId, decimal estimateUsd, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(estimateUsd);
        var tenantId = CurrentTenant();
        var month = BudgetMonth.Of(now);
        var limits = await db.Memberships
            .Where(membership => membership.UserId == userId)
            .Join(db.Tenants, membership => membership.TenantId, tenant => tenant.Id, (membership, tenant) => new
            {
                Member = membership.MonthlyLimitOverrideUsd ?? tenant.MemberMonthlyLimitUsd,
                Tenant = tenant.MonthlyLimitUsd,
            })
            .SingleOrDefaultAsync(cancellationToken)
            ?? throw new InvalidOperationException("Only a member of the tenant can reserve its budget.");

        await using var transaction = await db.Database.BeginTransactionAsync(IsolationLevel.ReadCommitted, cancellationToken);
        var connection = db.Database.GetDbConnection();
        var dbTransaction = transaction.GetDbTransaction();
        await BudgetSql.ExecuteAsync(connection, dbTransaction, CommitWithoutFlush, cancellationToken);
        NpgsqlParameter Tenant() => BudgetSql.Id("tenant", tenantId);
        NpgsqlParameter Month() => BudgetSql.Day("month", month);

        // The month's rows start with the limits as they are now; a limit changed later is written to them by the settings page.
        await BudgetSql.ExecuteAsync(connection, dbTransaction, EnsureBudget, cancellationToken,
            BudgetSql.Id("id", Guid.CreateVersion7()), Tenant(), Member(userId), Month(), BudgetSql.Money("limit", limits.Member));
        await BudgetSql.ExecuteAsync(connection, dbTransaction, EnsureBudget, cancellationToken,
            BudgetSql.Id("id", Guid.CreateVersion7()), Tenant(), Member(null), Month(), BudgetSql.Money("limit", limits.Tenant));

        var memberBudget = await HoldAsync(Member(userId));
        if (memberBudget is null)
        {
            return await RefuseAsync(BudgetScope.Member, Member(userId));
        }

        var tenantBudget = await HoldAsync(Member(null));
        if (tenantBudget is null)
        {
            // Rolling back gives the member row's hold back with the rest.
            return await RefuseAsync(BudgetScope.Tenant, Member(null));
        }

        var reservationId = Guid.CreateVersion7();
        await BudgetSql.ExecuteAsync(connection, dbTransaction, InsertReservation, cancellationToken,
            BudgetSql.Id("id", reservationId), Tenant(), BudgetSql.Id("user", userId), BudgetSql.Id("member_budget", memberBudget),
            BudgetSql.Id("tenant_budget", tenantBudget), BudgetSql.Money("estimate", estimateUsd), BudgetSql.Instant("now", now));
        await transaction.CommitAsync(cancellationToken);
        return BudgetReservationOutcome.Reserved(reservationId);

        async Task<Guid?> HoldAsync(NpgsqlParameter member)
        {
            await using var command = BudgetSql.Command(connection, dbTransaction, HoldOnBudget, Tenant(), member, Month(), BudgetSql.Money("estimate", estimateUsd));
            return await command.ExecuteScalarAsync(cancellationToken) as Guid?;
        }

        async Task<BudgetReservationOutcome> RefuseAsync(BudgetScope scope, NpgsqlParameter member)
        {
            await using var command = BudgetSql.Command(connection, dbTransaction, ReadBudget, Tenant(), member, Month());
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            await reader.ReadAsync(cancellationToken);
            var refusal = new BudgetRefusal(scope, month, reader.GetDecimal(0), reader.GetDecimal(1), reader.GetDecimal(2), estimateUsd);
            await reader.DisposeAsync();
            await transaction.RollbackAsync(cancellationToken);
            return BudgetReservationOutcome.Refused(refusal);
        }
    }

    public async Task<bool> SettleAsync(Guid reservationId, decimal actualCostUsd, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(actualCostUsd);
        return await CloseAsync(reservationId, ReservationStatus.Settled, actualCostUsd, now, flushed: true, cancellationToken);
    }

    public Task<bool> ReleaseAsync(Guid reservationId, DateTimeOffset now, CancellationToken cancellationToken = default) =>
        CloseAsync(reservationId, ReservationStatus.Released, actualCostUsd: null, now, flushed: true, cancellationToken);

    public Task<bool> SettleBeforeLedgerWriteAsync(Guid reservationId, decimal actualCostUsd, DateTimeOffset now)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(actualCostUsd);
        return CloseAsync(reservationId, ReservationStatus.Settled, actualCostUsd, now, flushed: false, CancellationToken.None);
    }

    public Task<bool> ReleaseBeforeLedgerWriteAsync(Guid reservationId, DateTimeOffset now) =>
        CloseAsync(reservationId, ReservationStatus.Released, actualCostUsd: null, now, flushed: false, CancellationToken.None);

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
        await using var transaction = await db.Database.BeginTransactionAsync(IsolationLevel.ReadCommitted, cancellationToken);
        var connection = db.Database.GetDbConnection();
        var dbTransaction = transaction.GetDbTransaction();
        if (!flushed)
        {
            await BudgetSql.ExecuteAsync(connection, dbTransaction, CommitWithoutFlush, cancellationToken);
        }

        if (await LockAsync(connection, dbTransaction, tenantId, reservationId, cancellationToken) is not { } reservation)
        {
            return false;
        }

        // Settled is final; a release only gives back what is still held. A settle after a sweep still records the cost.
        var estimate = reservation.EstimateUsd;
        var changes = (reservation.Status, to) switch
        {
            (ReservationStatus.Held, ReservationStatus.Released) => (Held: -estimate, Spent: 0m),
            (ReservationStatus.Held, ReservationStatus.Settled) => (Held: -estimate, Spent: actualCostUsd!.Value),
            (ReservationStatus.Released, ReservationStatus.Settled) => (Held: 0m, Spent: actualCostUsd!.Value),
            _ => ((decimal Held, decimal Spent)?)null,
        };
        if (changes is not { } change)
        {
            return false;
        }

        await BudgetRows.AdjustAsync(connection, dbTransaction,
            [
                new BudgetChange(tenantId, reservation.MemberBudgetId, IsTenantBudget: false, change.Held, change.Spent),
                new BudgetChange(tenantId, reservation.TenantBudgetId, IsTenantBudget: true, change.Held, change.Spent),
            ],
            cancellationToken);
        var closed = to == ReservationStatus.Settled
            ? "status = 'Settled', actual_cost_usd = @cost, settled_at = @now"
            : "status = 'Released', released_at = @now";
        await BudgetSql.ExecuteAsync(connection, dbTransaction,
            $"UPDATE budget_reservations SET {closed} WHERE id = @id AND tenant_id = @tenant", cancellationToken,
            BudgetSql.Id("id", reservationId), BudgetSql.Id("tenant", tenantId), BudgetSql.Money("cost", actualCostUsd), BudgetSql.Instant("now", now));
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

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

    private static NpgsqlParameter Member(Guid? userId) => BudgetSql.Id("member", userId);
}

/// <summary>A reservation as read under its row lock.</summary>
internal sealed record LockedReservation(ReservationStatus Status, decimal EstimateUsd, Guid MemberBudgetId, Guid TenantBudgetId, decimal? ActualCostUsd);
