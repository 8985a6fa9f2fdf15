using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace OpenRouterSaaS.Infrastructure.Persistence;

public static class DatabaseMigrator
{
    /// <summary>Applies pending migrations. Several instances starting at once are serialised by EF Core's migration lock.</summary>
    public static async Task MigrateAsync(IServiceProvider services, CancellationToken cancellationToken = default)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var logger = scope.ServiceProvider.GetRequiredService<ILogger<AppDbContext>>();
        var before = (await db.Database.GetAppliedMigrationsAsync(cancellationToken)).Count();
        await db.Database.MigrateAsync(cancellationToken);
        var after = (await db.Database.GetAppliedMigrationsAsync(cancellationToken)).Count();
        logger.LogInformation("Database schema is up to date; {Count} migration(s) applied now", after - before);
    }
}
