using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace OpenRouterSaaS.Infrastructure.Budgets;

/// <summary>Runs a <see cref="ReservationSweep"/> every <see cref="BudgetOptions.SweepInterval"/> on every instance.</summary>
internal sealed class ReservationSweepWorker(ReservationSweep sweep, IOptions<BudgetOptions> options, TimeProvider clock, ILogger<ReservationSweepWorker> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = options.Value.SweepInterval;
        if (interval <= TimeSpan.Zero)
        {
            return;
        }

        using var timer = new PeriodicTimer(interval, clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await sweep.RunOnceAsync(stoppingToken);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                logger.LogError(exception, "Releasing stale budget reservations failed; it is tried again in {Interval}", interval);
            }
        }
    }
}
