namespace OpenRouterSaaS.Infrastructure.Workers;

/// <summary>How often the tenants' remaining OpenRouter credit is read again: configuration section <c>CreditRefresh</c>.</summary>
public sealed class CreditRefreshOptions
{
    public const string Section = "CreditRefresh";

    /// <summary>Time between two refreshes of every tenant with a management key; zero or less turns the refresh off.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromMinutes(5);
}
