using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace OpenRouterSaaS.Infrastructure.Catalogue;

/// <summary>Refreshes the model catalogue at start and then every <see cref="CatalogueRefreshOptions.CatalogueRefreshMinutes"/> minutes.</summary>
public sealed class CatalogueRefreshWorker(CatalogueRefreshJob job, IOptions<CatalogueRefreshOptions> options, TimeProvider clock, ILogger<CatalogueRefreshWorker> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!job.HasSource)
        {
            logger.LogWarning("No model catalogue source (IModelCatalogueSource) is registered: the model catalogue will not be refreshed, and models stay as last stored");
            return;
        }

        var minutes = options.Value.CatalogueRefreshMinutes;
        if (minutes <= 0)
        {
            logger.LogInformation("The model catalogue refresh is off on this instance (OpenRouter:CatalogueRefreshMinutes is {Minutes})", minutes);
            return;
        }

        using var timer = new PeriodicTimer(TimeSpan.FromMinutes(minutes), clock);
        do
        {
            try
            {
                await job.RunOnceAsync(stoppingToken);
            }
            catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
            {
                // A database hiccup must not stop the worker: the next round tries again.
                logger.LogError(exception, "The model catalogue refresh failed; trying again in {Minutes} minutes", minutes);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
