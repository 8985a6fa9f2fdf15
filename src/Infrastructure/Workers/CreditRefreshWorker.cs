using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace OpenRouterSaaS.Infrastructure.Workers;

/// <summary>Keeps the tenants' remaining OpenRouter credit fresh for the admins' navigation bar: a <see cref="CreditSweep"/> every interval.</summary>
internal sealed class CreditRefreshWorker(CreditSweep sweep, IOptions<CreditRefreshOptions> options, TimeProvider clock, ILogger<CreditRefreshWorker> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = options.Value.Interval;
        if (interval <= TimeSpan.Zero)
        {
            return;
        }

        using var timer = new PeriodicTimer(interval, clock);
        do
        {
            try
            {
                await sweep.RunOnceAsync(stoppingToken);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                logger.LogError(exception, "Refreshing the tenants' OpenRouter credit failed; it is tried again in {Interval}", interval);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
