using Microsoft.EntityFrameworkCore;
using Npgsql;
using OpenRouterSaaS.Domain.Tenants;
using OpenRouterSaaS.Infrastructure.Persistence;
using OpenRouterSaaS.Infrastructure.Tenancy;

namespace OpenRouterSaaS.IntegrationTests.Infrastructure;

/// <summary>
/// A fresh, migrated database for one test class (xUnit's unit of parallelism), on the server named by
/// <c>ORS_TEST_POSTGRES</c>; dropped when the class is done.
/// </summary>
public sealed class PostgresDatabase : IAsyncLifetime
{
    public const string ServerVariable = "ORS_TEST_POSTGRES";

    private string _serverConnectionString = "";
    private string _name = "";

    public string ConnectionString { get; private set; } = "";

    public async Task InitializeAsync()
    {
        _serverConnectionString = ServerConnectionString();
        _name = "ors_test_" + Guid.NewGuid().ToString("N")[..16];
        await ExecuteOnServerAsync($"CREATE DATABASE \"{_name}\"");
        ConnectionString = new NpgsqlConnectionStringBuilder(_serverConnectionString) { Database = _name }.ConnectionString;

        await using var scope = OpenScope();
        await scope.Db.Database.MigrateAsync();
    }

    public async Task DisposeAsync()
    {
        if (ConnectionString.Length > 0)
        {
            // FORCE ends the pooled connections EF Core's data source still holds.
            await ExecuteOnServerAsync($"DROP DATABASE IF EXISTS \"{_name}\" WITH (FORCE)");
        }
    }

    /// <summary>A context as the app builds it, acting in <paramref name="tenant"/> (or in none, as system work before a tenant is chosen).</summary>
    public TestScope OpenScope(Tenant? tenant = null, TenantRole? role = null)
    {
        var tenantContext = new TenantContext();
        if (tenant is not null)
        {
            tenantContext.Enter(tenant.Id, tenant.Slug, role);
        }

        var options = new DbContextOptionsBuilder<AppDbContext>();
        options.UseAppDatabase(ConnectionString, new TenantStampingInterceptor(tenantContext));
        return new TestScope(new AppDbContext(options.Options, tenantContext), tenantContext);
    }

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

/// <summary>One unit of work: a context and the tenant it acts in, as one web request or job would have them.</summary>
public sealed record TestScope(AppDbContext Db, TenantContext Tenant) : IAsyncDisposable
{
    public ValueTask DisposeAsync() => Db.DisposeAsync();
}
