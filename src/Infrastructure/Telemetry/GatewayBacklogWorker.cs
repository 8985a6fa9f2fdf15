using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpenRouterSaaS.Infrastructure.Workers;

namespace OpenRouterSaaS.Infrastructure.Telemetry;

/// <summary>Runs a <see cref="GatewayBacklogSampler"/> every <see cref="TelemetryOptions.BacklogSampleInterval"/> on every instance.</summary>
internal sealed class GatewayBacklogWorker(GatewayBacklogSampler sampler, IOptions<TelemetryOptions> options, TimeProvider clock, ILogger<GatewayBacklogWorker> logger)
    : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        PeriodicRun.EveryAsync(options.Value.BacklogSampleInterval, atStart: true, "Counting held reservations and unreconciled ledger rows for the metrics",
            sampler.RunOnceAsync, clock, logger, stoppingToken);
}
