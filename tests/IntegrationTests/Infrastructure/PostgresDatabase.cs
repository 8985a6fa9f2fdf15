using Microsoft.EntityFrameworkCore;
using OpenRouterSaaS.Domain.Tenants;
using OpenRouterSaaS.Infrastructure.Persistence;
using OpenRouterSaaS.Infrastructure.Tenancy;
using OpenRouterSaaS.Tests.Shared;

namespace OpenRouterSaaS.IntegrationTests.Infrastructure;

/// <summary>
/// A fresh, migrated database for one test class (xUnit's unit of parallelism), on the server named by
/// <c>ORS_TEST_POSTGRES</c>; dropped when the class is done.
/// </summary>
public sealed class PostgresDatabase : IAsyncLifetime
{
    private ThrowawayDatabase? _database;

    public string ConnectionString => _database?.ConnectionString ?? throw new InvalidOperationException("The database is created when the test class starts.");

    public async Task InitializeAsync()
    {
        _database = await ThrowawayDatabase.CreateAsync();
        await using var scope = OpenScope();
        await scope.Db.Database.MigrateAsync();
    }

    public async Task DisposeAsync()
    {
        if (_database is not null)
        {
            await _database.DisposeAsync();
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
}

/// <summary>One unit of work: a context and the tenant it acts in, as one web request or job would have them.</summary>
public sealed record TestScope(AppDbContext Db, TenantContext Tenant) : IAsyncDisposable
{
    public ValueTask DisposeAsync() => Db.DisposeAsync();
}
