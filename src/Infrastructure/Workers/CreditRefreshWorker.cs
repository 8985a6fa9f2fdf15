using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace OpenRouterSaaS.Infrastructure.Workers;

/// <summary>Keeps the tenants' remaining OpenRouter credit fresh for the admins' navigation bar: a <see cref="CreditSweep"/> every interval.</summary>
internal sealed class CreditRefreshWorker(CreditSweep sweep, IOptions<CreditRefreshOptions> options, TimeProvider clock, ILogger<CreditRefreshWorker> logger)
    : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        PeriodicRun.EveryAsync(options.Value.Interval, atStart: true, "Refreshing the tenants' OpenRouter credit", sweep.RunOnceAsync, clock, logger, stoppingToken);
}
