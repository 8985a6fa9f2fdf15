namespace OpenRouterSaaS.Domain.Budgets;

/// <summary>The bounds of the limits an admin may set, and when spend against a limit calls for a warning.</summary>
public static class BudgetLimits
{
    /// <summary>The largest monthly limit accepted; more is certainly a typing mistake.</summary>
    public const decimal MaxLimitUsd = 1_000_000m;

    /// <summary>Limits are kept to a millionth of a dollar, finer than any sum a person means.</summary>
    public const int MaxDecimals = 6;

    public const int MinAlertPercent = 1;

    public const int MaxAlertPercent = 100;

    /// <summary>The largest default <c>max_tokens</c> an estimate may assume, as large as any request may ask for.</summary>
    public const int MaxDefaultMaxTokens = 1_000_000;

    /// <summary>Whether <paramref name="limitUsd"/> is a limit an admin may set (null, unlimited, always is).</summary>
    public static bool IsValidLimit(decimal? limitUsd) =>
        limitUsd is not { } value || (value >= 0m && value <= MaxLimitUsd && decimal.Round(value, MaxDecimals) == value);

    /// <summary>
    /// How a month's spend stands against its limit: exhausted once spent reaches the limit, at the threshold once it
    /// reaches <paramref name="alertPercent"/> of it. A zero limit is a deliberate "no shared-key spend", not an alert.
    /// </summary>
    public static BudgetAlertLevel AlertLevel(decimal spentUsd, decimal? limitUsd, int alertPercent) => limitUsd switch
    {
        null or <= 0m => BudgetAlertLevel.None,
        { } limit when spentUsd >= limit => BudgetAlertLevel.Exhausted,
        { } limit when spentUsd * 100m >= limit * alertPercent => BudgetAlertLevel.Threshold,
        _ => BudgetAlertLevel.None,
    };
}

/// <summary>How close a month's spend is to its limit.</summary>
public enum BudgetAlertLevel
{
    None,

    /// <summary>Spend reached the tenant's alert threshold (a percentage of the limit).</summary>
    Threshold,

    /// <summary>Spend reached the limit: no further shared-key call fits.</summary>
    Exhausted,
}
