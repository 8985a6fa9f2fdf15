using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpenRouterSaaS.Infrastructure.Workers;

namespace OpenRouterSaaS.Infrastructure.Usage;

/// <summary>Runs a <see cref="ReconciliationSweep"/> every <see cref="ReconciliationOptions.Interval"/> on every instance, the first at start.</summary>
internal sealed class ReconciliationWorker(ReconciliationSweep sweep, IOptions<ReconciliationOptions> options, TimeProvider clock, ILogger<ReconciliationWorker> logger)
    : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        PeriodicRun.EveryAsync(options.Value.Interval, atStart: true, "Reconciling the ledger with OpenRouter", sweep.RunOnceAsync, clock, logger, stoppingToken);
}
