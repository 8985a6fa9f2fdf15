using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpenRouterSaaS.Infrastructure.Workers;

namespace OpenRouterSaaS.Infrastructure.Usage;

/// <summary>Imports OpenRouter's activity for the tenants with a management key: an <see cref="ActivityImportSweep"/> at start and every interval.</summary>
internal sealed class ActivityImportWorker(ActivityImportSweep sweep, IOptions<ActivityImportOptions> options, TimeProvider clock, ILogger<ActivityImportWorker> logger)
    : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        PeriodicRun.EveryAsync(options.Value.Interval, atStart: true, "Importing the tenants' OpenRouter activity", sweep.RunOnceAsync, clock, logger, stoppingToken);
}
