namespace OpenRouterSaaS.Application.Common.Interfaces;

/// <summary>
/// What OpenRouter says about a key (<c>GET /key</c>). Works with any key: a key is validated with it when it is saved.
/// An unknown, disabled or expired key throws <see cref="OpenRouter.OpenRouterException"/> of kind <c>InvalidKey</c>.
/// </summary>
public interface IKeyDetailsSource
{
    Task<KeyDetails> GetKeyDetailsAsync(string apiKey, CancellationToken cancellationToken = default);
}

/// <summary>The calling key as OpenRouter sees it. Amounts in USD.</summary>
/// <param name="Label">OpenRouter's label for the key (a masked form of it, or the name it was created with).</param>
/// <param name="Limit">The key's spending limit; null when it has none.</param>
/// <param name="LimitRemaining">What is left of the limit in the current window; null without a limit.</param>
/// <param name="LimitReset">When the limit's window starts again.</param>
public sealed record KeyDetails(
    string Label,
    decimal? Limit,
    decimal? LimitRemaining,
    KeyLimitReset LimitReset,
    KeySpend Usage,
    bool IsFreeTier,
    bool IsManagementKey,
    DateTimeOffset? ExpiresAt);

/// <summary>Spend of a key in USD: all time, and in the current UTC day, week (from Monday) and month.</summary>
public sealed record KeySpend(decimal Total, decimal Daily, decimal Weekly, decimal Monthly);

/// <summary>When a key's spending limit starts again (<c>limit_reset</c>).</summary>
public enum KeyLimitReset
{
    /// <summary>Never: the limit is a lifetime cap (<c>null</c>).</summary>
    Never,
    Daily,
    Weekly,
    Monthly,
}
