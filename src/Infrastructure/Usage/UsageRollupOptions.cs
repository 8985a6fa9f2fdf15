namespace OpenRouterSaaS.Infrastructure.Usage;

/// <summary>How the daily usage roll-up is kept: configuration section <c>UsageRollup</c>.</summary>
public sealed class UsageRollupOptions
{
    public const string Section = "UsageRollup";

    /// <summary>
    /// Time between two rounds; zero or less turns the roll-up off on this instance. Until a round rolls them up, the
    /// usage pages add up the closed days and the changed days from the ledger rows: the same figures, more slowly.
    /// </summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How many tenant days one transaction claims and rolls up.</summary>
    public int BatchSize { get; set; } = 20;
}
