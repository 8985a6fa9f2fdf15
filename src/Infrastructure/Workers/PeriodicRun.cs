using Microsoft.Extensions.Logging;

namespace OpenRouterSaaS.Infrastructure.Workers;

/// <summary>The loop the background workers share: one round every interval until the app stops.</summary>
internal static class PeriodicRun
{
    /// <summary>
    /// Runs <paramref name="round"/> every <paramref name="interval"/> (the first at once when <paramref name="atStart"/>);
    /// a zero or negative interval runs nothing. A failed round is logged and the next one tries again.
    /// </summary>
    public static async Task EveryAsync(
        TimeSpan interval, bool atStart, string work, Func<CancellationToken, Task> round, TimeProvider clock, ILogger logger, CancellationToken stoppingToken)
    {
        if (interval <= TimeSpan.Zero)
        {
            return;
        }

        using var timer = new PeriodicTimer(interval, clock);
        if (!atStart && !await timer.WaitForNextTickAsync(stoppingToken))
        {
            return;
        }

        do
        {
            try
            {
                await round(stoppingToken);
            }
            catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogError(exception, "{Work} failed; it is tried again in {Interval}", work, interval);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
