using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using NpgsqlTypes;
using OpenRouterSaaS.Application.Budgets;
using OpenRouterSaaS.Application.Common.Interfaces;
using OpenRouterSaaS.Infrastructure.Persistence;

namespace OpenRouterSaaS.Infrastructure.Budgets;

/// <summary>
/// A month's budget rows in SQL, for a change of limits, in the context's open transaction. Every statement names the
/// tenant it acts in, and the rows are locked member rows first and the tenant row last, each kind by id: the order
/// every writer of budget rows uses (<see cref="BudgetRows"/>), so a change of limits never deadlocks with a call.
/// </summary>
public sealed class BudgetLimitRows(AppDbContext db, ITenantContext tenantContext) : IBudgetLimitRows
{
    // New rows start with the new limit; a row the ledger created meanwhile is left for the update below.
    private const string EnsureMembers = """
        INSERT INTO budgets (id, tenant_id, member_user_id, month, limit_usd, spent_usd, reserved_usd)
        SELECT row.id, @tenant, row.member_user_id, @month, row.limit_usd, 0, 0
        FROM unnest(@ids, @members, @limits) AS row(id, member_user_id, limit_usd)
        ON CONFLICT (tenant_id, member_user_id, month) DO NOTHING
        """;

    private const string EnsureTenant = """
        INSERT INTO budgets (id, tenant_id, member_user_id, month, limit_usd, spent_usd, reserved_usd)
        VALUES (@id, @tenant, NULL, @month, @limit, 0, 0)
        ON CONFLICT (tenant_id, member_user_id, month) DO NOTHING
        """;

    private const string LockTenant = "SELECT 1 FROM tenants WHERE id = @tenant FOR NO KEY UPDATE";

    // NO KEY UPDATE, as the ledger's own updates take: a reservation's foreign-key checks on these rows need not wait.
    private const string Lock = """
        SELECT member_user_id, spent_usd, reserved_usd FROM budgets
        WHERE tenant_id = @tenant AND month = @month
          AND (member_user_id = ANY(@members) OR (@with_tenant AND member_user_id IS NULL))
        ORDER BY member_user_id IS NULL, id
        FOR NO KEY UPDATE
        """;

    private const string SetMemberLimits = """
        UPDATE budgets AS budget SET limit_usd = row.limit_usd
        FROM unnest(@members, @limits) AS row(member_user_id, limit_usd)
        WHERE budget.tenant_id = @tenant AND budget.month = @month AND budget.member_user_id = row.member_user_id
        """;

    private const string SetTenantLimit = """
        UPDATE budgets SET limit_usd = @limit
        WHERE tenant_id = @tenant AND month = @month AND member_user_id IS NULL
        """;

    public async Task LockTenantAsync(CancellationToken cancellationToken = default)
    {
        var (connection, transaction, tenantId) = Current();
        await BudgetSql.ExecuteAsync(connection, transaction, LockTenant, cancellationToken, BudgetSql.Id("tenant", tenantId));
    }

    public async Task<IReadOnlyList<BudgetStanding>> LockAsync(DateOnly month, IReadOnlyList<BudgetLimitChange> changes, CancellationToken cancellationToken = default)
    {
        var (connection, transaction, tenantId) = Current();
        var (members, tenant) = Split(changes);
        if (members.Count > 0)
        {
            await BudgetSql.ExecuteAsync(connection, transaction, EnsureMembers, cancellationToken,
                BudgetSql.Id("tenant", tenantId), BudgetSql.Day("month", month), Ids(members.Select(_ => Guid.CreateVersion7()).ToArray()),
                Members(members), Limits(members));
        }

        if (tenant is not null)
        {
            await BudgetSql.ExecuteAsync(connection, transaction, EnsureTenant, cancellationToken,
                BudgetSql.Id("id", Guid.CreateVersion7()), BudgetSql.Id("tenant", tenantId), BudgetSql.Day("month", month), BudgetSql.Money("limit", tenant.LimitUsd));
        }

        var standings = new List<BudgetStanding>();
        await using var command = BudgetSql.Command(connection, transaction, Lock, BudgetSql.Id("tenant", tenantId), BudgetSql.Day("month", month),
            Members(members), new NpgsqlParameter("with_tenant", NpgsqlDbType.Boolean) { Value = tenant is not null });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            standings.Add(new BudgetStanding(reader.IsDBNull(0) ? null : reader.GetGuid(0), reader.GetDecimal(1), reader.GetDecimal(2)));
        }

        return standings;
    }

    public async Task SetLimitsAsync(DateOnly month, IReadOnlyList<BudgetLimitChange> changes, CancellationToken cancellationToken = default)
    {
        var (connection, transaction, tenantId) = Current();
        var (members, tenant) = Split(changes);
        if (members.Count > 0)
        {
            await BudgetSql.ExecuteAsync(connection, transaction, SetMemberLimits, cancellationToken,
                BudgetSql.Id("tenant", tenantId), BudgetSql.Day("month", month), Members(members), Limits(members));
        }

        if (tenant is not null)
        {
            await BudgetSql.ExecuteAsync(connection, transaction, SetTenantLimit, cancellationToken,
                BudgetSql.Id("tenant", tenantId), BudgetSql.Day("month", month), BudgetSql.Money("limit", tenant.LimitUsd));
        }
    }

    private (DbConnection Connection, DbTransaction Transaction, Guid TenantId) Current()
    {
        var transaction = db.Database.CurrentTransaction?.GetDbTransaction()
            ?? throw new InvalidOperationException("A change of budget limits runs in the caller's transaction; begin one first.");
        var tenantId = tenantContext.TenantId ?? throw new InvalidOperationException("Budget limits are changed in a tenant; enter one first.");
        return (db.Database.GetDbConnection(), transaction, tenantId);
    }

    private static (List<BudgetLimitChange> Members, BudgetLimitChange? Tenant) Split(IReadOnlyList<BudgetLimitChange> changes) =>
        (changes.Where(change => change.MemberUserId is not null).ToList(), changes.SingleOrDefault(change => change.MemberUserId is null));

    private static NpgsqlParameter Ids(Guid[] ids) => new("ids", NpgsqlDbType.Array | NpgsqlDbType.Uuid) { Value = ids };

    private static NpgsqlParameter Members(List<BudgetLimitChange> members) =>
        new("members", NpgsqlDbType.Array | NpgsqlDbType.Uuid) { Value = members.Select(change => change.MemberUserId!.Value).ToArray() };

    private static NpgsqlParameter Limits(List<BudgetLimitChange> members) =>
        new("limits", NpgsqlDbType.Array | NpgsqlDbType.Numeric) { Value = members.Select(change => change.LimitUsd).ToArray() };
}
