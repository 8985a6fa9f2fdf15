using System.Collections.Concurrent;
using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace OpenRouterSaaS.Infrastructure.Persistence;

/// <summary>How an <see cref="AppDbContext"/> talks to PostgreSQL; the host and the integration tests share it so they run the same setup.</summary>
public static class AppDbContextSetup
{
    public const string MigrationsHistoryTable = "__ef_migrations_history";

    /// <summary>Each configured connection string with <see cref="WithPoolDefaults"/> applied, worked out once: contexts are made per request.</summary>
    private static readonly ConcurrentDictionary<string, string> PooledConnectionStrings = new(StringComparer.Ordinal);

    /// <summary>Npgsql with snake_case names, and the interceptor that stamps and guards tenant-owned rows.</summary>
    public static DbContextOptionsBuilder UseAppDatabase(this DbContextOptionsBuilder options, string connectionString, TenantStampingInterceptor interceptor) =>
        options
            .UseNpgsql(PooledConnectionStrings.GetOrAdd(connectionString, WithPoolDefaults), npgsql => npgsql.MigrationsHistoryTable(MigrationsHistoryTable))
            .UseSnakeCaseNamingConvention()
            .AddInterceptors(interceptor);

    /// <summary>
    /// The pool's defaults for this application, where the connection string does not say otherwise:
    /// <list type="bullet">
    /// <item>
    /// A connection going back to the pool is not reset with <c>DISCARD ALL</c>, a round trip on every borrow. Nothing here
    /// leaves session state behind: settings are <c>SET LOCAL</c>, and the one session advisory lock (<c>AdvisoryLock</c>)
    /// is released before its connection is returned.
    /// </item>
    /// <item>Statements used more than once on a connection are prepared, so PostgreSQL parses and plans them once.</item>
    /// </list>
    /// </summary>
    public static string WithPoolDefaults(string connectionString)
    {
        var stated = new DbConnectionStringBuilder { ConnectionString = connectionString };
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        if (!stated.ContainsKey("No Reset On Close"))
        {
            builder.NoResetOnClose = true;
        }

        if (!stated.ContainsKey("Max Auto Prepare"))
        {
            builder.MaxAutoPrepare = 64;
        }

        return builder.ConnectionString;
    }
}
