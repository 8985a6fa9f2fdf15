using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenRouterSaaS.Application.Common.Interfaces;
using OpenRouterSaaS.Application.Models.RefreshModelCatalogue;
using OpenRouterSaaS.Infrastructure.Persistence;

namespace OpenRouterSaaS.Infrastructure.Catalogue;

public enum CatalogueRefreshOutcome
{
    Refreshed,

    /// <summary>The answer was unreadable or malformed; the last good catalogue stays.</summary>
    Failed,

    /// <summary>Another instance holds the lock and is refreshing right now.</summary>
    Skipped,

    /// <summary>No <see cref="IModelCatalogueSource"/> is registered.</summary>
    NoSource,
}

/// <summary>
/// One refresh of the model catalogue, in its own scope and transaction, under a PostgreSQL advisory lock so
/// that of several instances only one refreshes at a time; the others skip that round.
/// </summary>
public sealed class CatalogueRefreshJob(IServiceScopeFactory scopes, IServiceProviderIsService services, ILogger<CatalogueRefreshJob> logger)
{
    /// <summary>The advisory lock's key: "ORSMODEL" in ASCII, unlikely to meet another application's key.</summary>
    public const long LockKey = 0x4F52_534D_4F44_454C;

    public bool HasSource => services.IsService(typeof(IModelCatalogueSource));

    public async Task<CatalogueRefreshOutcome> RunOnceAsync(CancellationToken cancellationToken = default)
    {
        if (!HasSource)
        {
            return CatalogueRefreshOutcome.NoSource;
        }

        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();

        // A transaction-scoped lock: released by commit or rollback, even if this process dies mid-way.
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var locked = await db.Database.SqlQuery<bool>($"SELECT pg_try_advisory_xact_lock({LockKey}) AS \"Value\"").SingleAsync(cancellationToken);
        if (!locked)
        {
            logger.LogInformation("Another instance is refreshing the model catalogue; this one skips this round");
            return CatalogueRefreshOutcome.Skipped;
        }

        var result = await scope.ServiceProvider.GetRequiredService<ISender>().Send(new RefreshModelCatalogueCommand(), cancellationToken);
        if (!result.IsSuccess)
        {
            // The handler logged why; nothing of the refused answer may stay.
            await transaction.RollbackAsync(cancellationToken);
            return CatalogueRefreshOutcome.Failed;
        }

        await transaction.CommitAsync(cancellationToken);
        return CatalogueRefreshOutcome.Refreshed;
    }
}
