using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpenRouterSaaS.Infrastructure.Workers;

namespace OpenRouterSaaS.Infrastructure.Usage;

/// <summary>Keeps the daily usage roll-up: a <see cref="UsageRollupSweep"/> every <see cref="UsageRollupOptions.Interval"/> on every instance, the first at start.</summary>
internal sealed class UsageRollupWorker(UsageRollupSweep sweep, IOptions<UsageRollupOptions> options, TimeProvider clock, ILogger<UsageRollupWorker> logger)
    : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        PeriodicRun.EveryAsync(options.Value.Interval, atStart: true, "Rolling up the daily usage", sweep.RunOnceAsync, clock, logger, stoppingToken);
}
