using System.Data.Common;
using Npgsql;
using NpgsqlTypes;

namespace OpenRouterSaaS.Infrastructure.Budgets;

/// <summary>Runs the budget ledger's statements on the context's connection and transaction, with typed parameters (a null must still have a type).</summary>
internal static class BudgetSql
{
    public static NpgsqlCommand Command(DbConnection connection, DbTransaction transaction, string sql, params NpgsqlParameter[] parameters)
    {
        var command = new NpgsqlCommand(sql, (NpgsqlConnection)connection, (NpgsqlTransaction)transaction);
        command.Parameters.AddRange(parameters);
        return command;
    }

    public static async Task<int> ExecuteAsync(DbConnection connection, DbTransaction transaction, string sql, CancellationToken cancellationToken, params NpgsqlParameter[] parameters)
    {
        await using var command = Command(connection, transaction, sql, parameters);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public static NpgsqlParameter Id(string name, Guid? value) => Typed(name, value, NpgsqlDbType.Uuid);

    public static NpgsqlParameter Money(string name, decimal? value) => Typed(name, value, NpgsqlDbType.Numeric);

    public static NpgsqlParameter Day(string name, DateOnly value) => Typed(name, value, NpgsqlDbType.Date);

    public static NpgsqlParameter Instant(string name, DateTimeOffset value) => Typed(name, value.ToUniversalTime(), NpgsqlDbType.TimestampTz);

    public static NpgsqlParameter Number(string name, int value) => Typed(name, value, NpgsqlDbType.Integer);

    public static NpgsqlParameter Version(string name, long? value) => Typed(name, value, NpgsqlDbType.Bigint);

    public static NpgsqlParameter Flag(string name, bool value) => Typed(name, value, NpgsqlDbType.Boolean);

    public static NpgsqlParameter Text(string name, string value) => Typed(name, value, NpgsqlDbType.Text);

    private static NpgsqlParameter Typed(string name, object? value, NpgsqlDbType type) =>
        new(name, type) { Value = value ?? DBNull.Value };
}
