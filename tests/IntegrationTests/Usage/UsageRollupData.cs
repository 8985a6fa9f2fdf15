using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using OpenRouterSaaS.Infrastructure.Usage;
using OpenRouterSaaS.IntegrationTests.Infrastructure;

namespace OpenRouterSaaS.IntegrationTests.Usage;

/// <summary>Runs the usage roll-up as the worker does, and reads its tables with plain SQL (they are outside the EF Core model).</summary>
public static class UsageRollupData
{
    /// <summary>
    /// Rounds until every closed day is rolled up and current. The first closing of days waits for the transactions that
    /// began before it, other test classes' among them (transaction ids are the server's, not one database's).
    /// </summary>
    public static async Task RollUpAsync(this LedgerWorld world)
    {
        var sweep = world.Main.GetRequiredService<UsageRollupSweep>();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        await sweep.RunOnceAsync(timeout.Token);
        while (!await sweep.IsCaughtUpAsync(timeout.Token))
        {
            await Task.Delay(50, timeout.Token);
            await sweep.RunOnceAsync(timeout.Token);
        }
    }

    /// <summary>Every row <paramref name="sql"/> reads (text columns), with <c>@tenant</c> set to <paramref name="tenant"/>.</summary>
    public static async Task<List<string[]>> RowsAsync(this PostgresDatabase database, string sql, Guid tenant)
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("tenant", tenant);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<string[]>();
        while (await reader.ReadAsync())
        {
            rows.Add([.. Enumerable.Range(0, reader.FieldCount).Select(i => reader.IsDBNull(i) ? "" : reader.GetString(i))]);
        }

        return rows;
    }

    public static async Task ExecuteAsync(this PostgresDatabase database, string sql, Guid tenant)
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("tenant", tenant);
        await command.ExecuteNonQueryAsync();
    }

    public static async Task<T> ScalarAsync<T>(this PostgresDatabase database, string sql)
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync())!;
    }
}
