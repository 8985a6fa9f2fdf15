using OpenRouterSaaS.Domain.Budgets;

namespace OpenRouterSaaS.Infrastructure.Budgets;

/// <summary>Budget enforcement settings: configuration section <c>Budgets</c>.</summary>
public sealed class BudgetOptions
{
    public const string Section = "Budgets";

    /// <summary>A reservation still held after this long was left behind by a crash and is released by the sweeper.</summary>
    public TimeSpan ReservationTimeout { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Time between two sweeps; zero or less turns the sweeper off.</summary>
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How many reservations one sweep transaction claims.</summary>
    public int SweepBatchSize { get; set; } = 500;

    /// <summary>The completion-token ceiling an estimate assumes for a request without <c>max_tokens</c>, unless the tenant sets its own.</summary>
    public int DefaultMaxTokens { get; set; } = BudgetEstimate.DefaultMaxTokens;
}
