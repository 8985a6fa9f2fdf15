using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpenRouterSaaS.Infrastructure.Workers;

namespace OpenRouterSaaS.Infrastructure.Catalogue;

/// <summary>Refreshes the model catalogue at start and then every <see cref="CatalogueRefreshOptions.CatalogueRefreshMinutes"/> minutes.</summary>
public sealed class CatalogueRefreshWorker(CatalogueRefreshJob job, IOptions<CatalogueRefreshOptions> options, TimeProvider clock, ILogger<CatalogueRefreshWorker> logger)
    : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!job.HasSource)
        {
            logger.LogWarning("No model catalogue source (IModelCatalogueSource) is registered: the model catalogue will not be refreshed, and models stay as last stored");
            return Task.CompletedTask;
        }

        var minutes = options.Value.CatalogueRefreshMinutes;
        if (minutes <= 0)
        {
            logger.LogInformation("The model catalogue refresh is off on this instance (OpenRouter:CatalogueRefreshMinutes is {Minutes})", minutes);
            return Task.CompletedTask;
        }

        return PeriodicRun.EveryAsync(TimeSpan.FromMinutes(minutes), atStart: true, "The model catalogue refresh", job.RunOnceAsync, clock, logger, stoppingToken);
    }
}
