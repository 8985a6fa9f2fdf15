using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpenRouterSaaS.Infrastructure.Workers;

namespace OpenRouterSaaS.Infrastructure.Budgets;

/// <summary>Runs a <see cref="ReservationSweep"/> every <see cref="BudgetOptions.SweepInterval"/> on every instance.</summary>
internal sealed class ReservationSweepWorker(ReservationSweep sweep, IOptions<BudgetOptions> options, TimeProvider clock, ILogger<ReservationSweepWorker> logger)
    : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        PeriodicRun.EveryAsync(options.Value.SweepInterval, atStart: false, "Releasing stale budget reservations", sweep.RunOnceAsync, clock, logger, stoppingToken);
}
