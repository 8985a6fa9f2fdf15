using System.Data.Common;
using Npgsql;
using NpgsqlTypes;

namespace OpenRouterSaaS.Infrastructure.Usage;

/// <summary>
/// What a day of the daily usage roll-up holds, in SQL: the one definition that both the roll-up worker stores and the
/// usage pages add up live for the days not rolled up, so the two never count differently.
/// </summary>
internal static class UsageRollupSql
{
    /// <summary>The figures of a roll-up row (a day group), in the order of their columns.</summary>
    public const string Figures = """
        calls, failed, cancelled, pending, reconciled, prompt_tokens, completion_tokens, cost_usd,
        ended_reconciled, ended_response_cost_usd, ended_reconciled_response_cost_usd, ended_generation_cost_usd, ended_cost_usd,
        awaiting_reconciliation, never_reconciled
        """;

    /// <summary>Each of <see cref="Figures"/> added up over the rows grouped.</summary>
    public static readonly string Sums = string.Join(", ", Figures.Split(',', StringSplitOptions.TrimEntries).Select(figure => $"sum({figure}) AS {figure}"));

    /// <summary>
    /// The ledger rows of one tenant's UTC day added up per member, model and key kind: columns day, user_id, model,
    /// credential_kind, then <see cref="Figures"/>. The model is the one that served the call, or the one requested when
    /// none did. The cost is what OpenRouter billed (the generation record's, else the response's); the ended_ figures
    /// leave Pending calls out, as the reconciliation does.
    /// </summary>
    /// <param name="tenant">SQL for the tenant's id.</param>
    /// <param name="day">SQL for the UTC day (a date).</param>
    /// <param name="member">SQL for the one member whose rows are read; null (SQL) reads everyone's.</param>
    public static string DayGroups(string tenant, string day, string member = "NULL") => $"""
        SELECT {day} AS day, record.user_id, coalesce(record.served_model, record.requested_model) AS model, record.credential_kind,
            count(*) AS calls,
            count(*) FILTER (WHERE record.status = 'Failed') AS failed,
            count(*) FILTER (WHERE record.status = 'Cancelled') AS cancelled,
            count(*) FILTER (WHERE record.status = 'Pending') AS pending,
            count(record.generation_cost_usd) AS reconciled,
            sum(record.prompt_tokens) AS prompt_tokens,
            sum(record.completion_tokens) AS completion_tokens,
            sum(coalesce(record.generation_cost_usd, record.cost_usd, 0)) AS cost_usd,
            count(*) FILTER (WHERE record.status <> 'Pending' AND record.reconciled_at IS NOT NULL) AS ended_reconciled,
            coalesce(sum(coalesce(record.cost_usd, 0)) FILTER (WHERE record.status <> 'Pending'), 0) AS ended_response_cost_usd,
            coalesce(sum(coalesce(record.cost_usd, 0)) FILTER (WHERE record.status <> 'Pending' AND record.reconciled_at IS NOT NULL), 0)
                AS ended_reconciled_response_cost_usd,
            coalesce(sum(coalesce(record.generation_cost_usd, 0)) FILTER (WHERE record.status <> 'Pending'), 0) AS ended_generation_cost_usd,
            coalesce(sum(coalesce(record.generation_cost_usd, record.cost_usd, 0)) FILTER (WHERE record.status <> 'Pending'), 0) AS ended_cost_usd,
            count(record.next_reconcile_at) AS awaiting_reconciliation,
            count(*) FILTER (WHERE record.generation_id IS NOT NULL AND record.status <> 'Pending'
                AND record.reconciled_at IS NULL AND record.next_reconcile_at IS NULL) AS never_reconciled
        FROM usage_records AS record
        WHERE record.tenant_id = {tenant}
          AND record.created_at >= {day}::timestamp AT TIME ZONE 'UTC' AND record.created_at < ({day} + 1)::timestamp AT TIME ZONE 'UTC'
          AND ({member}::uuid IS NULL OR record.user_id = {member}::uuid)
        GROUP BY record.user_id, coalesce(record.served_model, record.requested_model), record.credential_kind
        """;

    public static NpgsqlCommand Command(DbConnection connection, DbTransaction? transaction, string sql, params NpgsqlParameter[] parameters)
    {
        var command = new NpgsqlCommand(sql, (NpgsqlConnection)connection, (NpgsqlTransaction?)transaction);
        command.Parameters.AddRange(parameters);
        return command;
    }

    public static NpgsqlParameter Id(string name, Guid? value) => Typed(name, value, NpgsqlDbType.Uuid);

    public static NpgsqlParameter Ids(string name, Guid[] values) => Typed(name, values, NpgsqlDbType.Array | NpgsqlDbType.Uuid);

    public static NpgsqlParameter Day(string name, DateOnly? value) => Typed(name, value, NpgsqlDbType.Date);

    public static NpgsqlParameter Days(string name, DateOnly[] values) => Typed(name, values, NpgsqlDbType.Array | NpgsqlDbType.Date);

    public static NpgsqlParameter Text(string name, string? value) => Typed(name, value, NpgsqlDbType.Text);

    public static NpgsqlParameter Number(string name, int value) => Typed(name, value, NpgsqlDbType.Integer);

    // A null must still have a type.
    private static NpgsqlParameter Typed(string name, object? value, NpgsqlDbType type) => new(name, type) { Value = value ?? DBNull.Value };
}
