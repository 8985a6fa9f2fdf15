using OpenRouterSaaS.Domain.Usage;

namespace OpenRouterSaaS.Infrastructure.Usage;

/// <summary>How the ledger is reconciled with OpenRouter's generation records: configuration section <c>Reconciliation</c>.</summary>
public sealed class ReconciliationOptions
{
    public const string Section = "Reconciliation";

    /// <summary>Time between two sweeps; zero or less turns reconciliation off on this instance.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How many rows one claim takes.</summary>
    public int BatchSize { get; set; } = 50;

    /// <summary>
    /// A row still Pending after this long was left by an app that stopped during the call, and is resolved from OpenRouter.
    /// Keep it above <c>OpenRouter:Timeout</c>, so that no call still running is taken for one.
    /// </summary>
    public TimeSpan StalePendingAfter { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// How long a claimed row is left to the instance that claimed it; a sweep starts no row after half of it, and a row
    /// whose instance stopped is claimed again once it has passed.
    /// </summary>
    public TimeSpan ClaimTimeout { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>The first wait after OpenRouter had no record yet; it doubles each time up to <see cref="MaxRetryDelay"/>.</summary>
    public TimeSpan FirstRetryDelay { get; set; } = ReconciliationSchedule.Default.FirstDelay;

    public TimeSpan MaxRetryDelay { get; set; } = ReconciliationSchedule.Default.MaxDelay;

    /// <summary>After this long since the call ended, a row whose record never came stays unreconciled (a row left Pending fails).</summary>
    public TimeSpan GiveUpAfter { get; set; } = ReconciliationSchedule.Default.GiveUpAfter;

    /// <summary>At most this many tries per row.</summary>
    public int MaxAttempts { get; set; } = ReconciliationSchedule.Default.MaxAttempts;

    public ReconciliationSchedule Schedule => new(FirstRetryDelay, MaxRetryDelay, GiveUpAfter, MaxAttempts);
}
