using Npgsql;

namespace OpenRouterSaaS.Tests.Shared;

/// <summary>
/// An empty database of its own on the throwaway PostgreSQL server named by <c>ORS_TEST_POSTGRES</c> (./test.sh
/// starts one), dropped again when disposed. Shared by the test projects that need a real database.
/// </summary>
public sealed class ThrowawayDatabase : IAsyncDisposable
{
    public const string ServerVariable = "ORS_TEST_POSTGRES";

    private readonly string _serverConnectionString;
    private readonly string _name;

    private ThrowawayDatabase(string serverConnectionString, string name)
    {
        _serverConnectionString = serverConnectionString;
        _name = name;
        ConnectionString = new NpgsqlConnectionStringBuilder(serverConnectionString) { Database = name }.ConnectionString;
    }

    public string ConnectionString { get; }

    public static async Task<ThrowawayDatabase> CreateAsync()
    {
        var database = new ThrowawayDatabase(ServerConnectionString(), "ors_test_" + Guid.NewGuid().ToString("N")[..16]);
        await database.ExecuteOnServerAsync($"CREATE DATABASE \"{database._name}\"");
        return database;
    }

    public async ValueTask DisposeAsync() =>
        // FORCE ends the pooled connections that EF Core's data source still holds.
        await ExecuteOnServerAsync($"DROP DATABASE IF EXISTS \"{_name}\" WITH (FORCE)");

    private static string ServerConnectionString()
    {
        var value = Environment.GetEnvironmentVariable(ServerVariable);
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new InvalidOperationException(
                $"{ServerVariable} is not set. These tests need a PostgreSQL server: run ./test.sh, which starts a throwaway one, "
                + $"or set {ServerVariable} to a connection string without a database, e.g. Host=127.0.0.1;Port=5432;Username=postgres");
        }

        return value;
    }

    private async Task ExecuteOnServerAsync(string sql)
    {
        var builder = new NpgsqlConnectionStringBuilder(_serverConnectionString) { Database = "postgres", Pooling = false };
        await using var connection = new NpgsqlConnection(builder.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
