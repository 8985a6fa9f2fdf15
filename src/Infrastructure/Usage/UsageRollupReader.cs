using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using OpenRouterSaaS.Application.Common.Interfaces;
using OpenRouterSaaS.Application.Usage.GetReconciliation;
using OpenRouterSaaS.Application.UsageReports;
using OpenRouterSaaS.Domain.Credentials;
using OpenRouterSaaS.Infrastructure.Persistence;

namespace OpenRouterSaaS.Infrastructure.Usage;

/// <summary>
/// The usage pages' sums, each in one statement (one snapshot): a roll-up grain's rows for the days of the range whose
/// roll-up is current, and the ledger rows added up the same way for the other days (today, the days not rolled up yet,
/// the days changed since). Raw SQL skips the query filter, so every statement names the current tenant itself.
/// </summary>
public sealed class UsageRollupReader(AppDbContext db, ITenantContext tenantContext) : IUsageSums
{
    // The days of the range whose roll-up is current, and the ledger rows of the others added up per member, model and key
    // kind (of member @member only, when set).
    private static readonly string RangeDays = $"""
        WITH rolled_up AS (
            SELECT day FROM usage_rollup_days
            WHERE tenant_id = @tenant AND day BETWEEN @from AND @to AND stale_since IS NULL),
        live_groups AS MATERIALIZED (
            SELECT groups.* FROM (SELECT @from + n AS day FROM generate_series(0, @to - @from) AS n) AS live
            CROSS JOIN LATERAL ({UsageRollupSql.DayGroups("@tenant", "live.day", "@member")}) AS groups
            WHERE live.day NOT IN (SELECT day FROM rolled_up))
        """;

    private const string KeptMember = "(@keep_member IS NULL OR user_id = @keep_member)";
    private const string KeptModel = "(@keep_model IS NULL OR model = @keep_model)";
    private const string KeptKind = "(@keep_kind IS NULL OR credential_kind = @keep_kind)";

    // The whole tenant's calls (or one key kind's): days, models and key kinds from one grain, members from another.
    private static readonly string WholeTenant = $"""
        {RangeDays}{Over(UsageRollupGrain.ByModel, "by_model")}{Over(UsageRollupGrain.ByMember, "by_member")}
        SELECT day, NULL::uuid, model, credential_kind, {Totals(KeptKind)} FROM by_model
        GROUP BY GROUPING SETS ((day), (model), (credential_kind))
        UNION ALL
        SELECT NULL, user_id, NULL, NULL, {Totals(KeptKind)} FROM by_member GROUP BY user_id
        """;

    // A member's or a model's calls (and one key kind's), and, from the coarser grains, who and what had calls at all.
    private static readonly string Narrowed = $"""
        {RangeDays}{Over(UsageRollupGrain.Calls, "calls", $"{KeptMember} AND {KeptModel} AND {KeptKind}")}
            {Over(UsageRollupGrain.ByModel, "by_model")}{Over(UsageRollupGrain.ByMember, "by_member")}
        SELECT day, user_id, model, credential_kind, {Totals("true")} FROM calls
        GROUP BY GROUPING SETS ((day), (user_id), (model), (credential_kind))
        UNION ALL
        SELECT NULL, user_id, NULL, NULL, {Totals("false")} FROM by_member GROUP BY user_id
        UNION ALL
        SELECT NULL, NULL, model, NULL, {Totals("false")} FROM by_model GROUP BY model
        """;

    // One member's calls, reading only theirs.
    private static readonly string OneMember = $"""
        {RangeDays}{Over(UsageRollupGrain.Calls, "calls", KeptMember)}
        SELECT day, user_id, model, credential_kind, {Totals("true")} FROM calls
        GROUP BY GROUPING SETS ((day), (user_id), (model), (credential_kind))
        """;

    // Per day and model the shared-key calls that have ended; the empty grouping set counts the reconciliation's backlog
    // over every call of the range.
    private static readonly string Reconciliation = $"""
        {RangeDays}{Over(UsageRollupGrain.ByModel, "by_model")}
        SELECT day, model,
            coalesce(sum(calls - pending) FILTER (WHERE shared), 0)::int, coalesce(sum(ended_reconciled) FILTER (WHERE shared), 0)::int,
            coalesce(sum(ended_response_cost_usd) FILTER (WHERE shared), 0),
            coalesce(sum(ended_reconciled_response_cost_usd) FILTER (WHERE shared), 0),
            coalesce(sum(ended_generation_cost_usd) FILTER (WHERE shared), 0), coalesce(sum(ended_cost_usd) FILTER (WHERE shared), 0),
            coalesce(sum(awaiting_reconciliation), 0)::int, coalesce(sum(never_reconciled), 0)::int
        FROM (SELECT by_model.*, credential_kind = 'Shared' AS shared FROM by_model) AS by_model
        GROUP BY GROUPING SETS ((day, model), ())
        """;

    public Task<UsageBreakdown> AddUpAsync(UsageRange range, UsageFilter filter, CancellationToken cancellationToken = default) =>
        BreakdownAsync(filter.MemberUserId is null && string.IsNullOrEmpty(filter.Model) ? WholeTenant : Narrowed, range, member: null, filter, cancellationToken);

    public Task<UsageBreakdown> AddUpMemberAsync(UsageRange range, Guid userId, CancellationToken cancellationToken = default) =>
        BreakdownAsync(OneMember, range, userId, new UsageFilter(MemberUserId: userId), cancellationToken);

    public async Task<LedgerReconciliation> ReconciliationAsync(UsageRange range, CancellationToken cancellationToken = default)
    {
        var lines = new List<LedgerDayModel>();
        var (awaiting, neverReconciled) = (0, 0);
        await ReadAsync(Reconciliation, range, member: null, [], row =>
        {
            if (row.IsDBNull(0))
            {
                (awaiting, neverReconciled) = (row.GetInt32(8), row.GetInt32(9));
            }
            else if (row.GetInt32(2) > 0)
            {
                lines.Add(new LedgerDayModel(row.GetFieldValue<DateOnly>(0), row.GetString(1), row.GetInt32(2), row.GetInt32(3),
                    row.GetDecimal(4), row.GetDecimal(5), row.GetDecimal(6), row.GetDecimal(7)));
            }
        }, cancellationToken);
        return new LedgerReconciliation(lines, awaiting, neverReconciled);
    }

    /// <summary>
    /// A grain's rows over the range, as CTE <paramref name="name"/>: the roll-up's for the current days, the live groups
    /// added up to the grain's keys for the others; only those where <paramref name="where"/> holds.
    /// </summary>
    private static string Over(UsageRollupGrain grain, string name, string where = "true") => $"""
        , {name} AS (
            SELECT day, {grain.Keys}, {UsageRollupSql.Figures} FROM {grain.Table}
            WHERE tenant_id = @tenant AND day BETWEEN @from AND @to AND day IN (SELECT day FROM rolled_up) AND {where}
            UNION ALL
            SELECT day, {grain.Keys}, {UsageRollupSql.Sums} FROM live_groups WHERE {where} GROUP BY day, {grain.Keys})
        """;

    /// <summary>A usage page's figures of the rows grouped where <paramref name="kept"/> holds; zero where none does.</summary>
    private static string Totals(string kept) => $"""
        coalesce(sum(calls) FILTER (WHERE {kept}), 0)::int, coalesce(sum(failed) FILTER (WHERE {kept}), 0)::int,
        coalesce(sum(cancelled) FILTER (WHERE {kept}), 0)::int, coalesce(sum(pending) FILTER (WHERE {kept}), 0)::int,
        coalesce(sum(reconciled) FILTER (WHERE {kept}), 0)::int, coalesce(sum(prompt_tokens) FILTER (WHERE {kept}), 0)::bigint,
        coalesce(sum(completion_tokens) FILTER (WHERE {kept}), 0)::bigint, coalesce(sum(cost_usd) FILTER (WHERE {kept}), 0)
        """;

    private async Task<UsageBreakdown> BreakdownAsync(string sql, UsageRange range, Guid? member, UsageFilter filter, CancellationToken cancellationToken)
    {
        // A row has the key of its grouping set and nulls for the others; members and models may come twice (kept, and as choices).
        var rows = new List<(DateOnly? Day, Guid? UserId, string? Model, string? KeyKind, UsageTotals Totals)>();
        await ReadAsync(sql, range, member,
            [
                UsageRollupSql.Id("keep_member", filter.MemberUserId),
                UsageRollupSql.Text("keep_model", string.IsNullOrEmpty(filter.Model) ? null : filter.Model),
                UsageRollupSql.Text("keep_kind", filter.KeyKind?.ToString()),
            ],
            row => rows.Add((
                row.GetFieldValue<DateOnly?>(0), row.GetFieldValue<Guid?>(1), row.IsDBNull(2) ? null : row.GetString(2), row.IsDBNull(3) ? null : row.GetString(3),
                new UsageTotals(row.GetInt32(4), row.GetInt32(5), row.GetInt32(6), row.GetInt32(7), row.GetInt32(8), row.GetInt64(9), row.GetInt64(10), row.GetDecimal(11)))),
            cancellationToken);

        var kept = rows.Where(row => row.Totals.Calls > 0).ToList();
        return new UsageBreakdown(
            kept.Where(row => row.Day is not null).ToDictionary(row => row.Day!.Value, row => row.Totals),
            kept.Where(row => row.UserId is not null).ToDictionary(row => row.UserId!.Value, row => row.Totals),
            kept.Where(row => row.Model is not null).ToDictionary(row => row.Model!, row => row.Totals, StringComparer.Ordinal),
            kept.Where(row => row.KeyKind is not null).ToDictionary(row => Enum.Parse<CredentialKind>(row.KeyKind!), row => row.Totals),
            rows.Where(row => row.UserId is not null).Select(row => row.UserId!.Value).Distinct().ToList(),
            rows.Where(row => row.Model is not null).Select(row => row.Model!).Distinct(StringComparer.Ordinal).ToList());
    }

    private async Task ReadAsync(
        string sql, UsageRange range, Guid? member, NpgsqlParameter[] parameters, Action<NpgsqlDataReader> read, CancellationToken cancellationToken)
    {
        var tenant = tenantContext.TenantId ?? throw new InvalidOperationException("Usage is added up for a tenant; enter one first.");
        await using var transaction = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(cancellationToken) : null;
        // The planner cannot tell how few days are live, and JIT-compiles a statement that then runs in less time than the compiling.
        await using var command = UsageRollupSql.Command(db.Database.GetDbConnection(), db.Database.CurrentTransaction!.GetDbTransaction(),
            "SET LOCAL jit = off;\n" + sql,
            [UsageRollupSql.Id("tenant", tenant), UsageRollupSql.Day("from", range.From), UsageRollupSql.Day("to", range.To), UsageRollupSql.Id("member", member), .. parameters]);
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                read(reader);
            }
        }

        if (transaction is not null)
        {
            await transaction.CommitAsync(cancellationToken);
        }
    }
}
