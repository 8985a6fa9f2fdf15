using Microsoft.EntityFrameworkCore;

namespace OpenRouterSaaS.Infrastructure.Persistence;

/// <summary>How an <see cref="AppDbContext"/> talks to PostgreSQL; the host and the integration tests share it so they run the same setup.</summary>
public static class AppDbContextSetup
{
    public const string MigrationsHistoryTable = "__ef_migrations_history";

    /// <summary>Npgsql with snake_case names, and the interceptor that stamps and guards tenant-owned rows.</summary>
    public static DbContextOptionsBuilder UseAppDatabase(this DbContextOptionsBuilder options, string connectionString, TenantStampingInterceptor interceptor) =>
        options
            .UseNpgsql(connectionString, npgsql => npgsql.MigrationsHistoryTable(MigrationsHistoryTable))
            .UseSnakeCaseNamingConvention()
            .AddInterceptors(interceptor);
}
