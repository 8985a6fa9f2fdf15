namespace OpenRouterSaaS.Domain.Credentials;

/// <summary>The outcome of asking OpenRouter about a key: its label, limit and spend in USD, and when it was asked.</summary>
public sealed record KeyCheck(KeyStatus Status, DateTimeOffset? CheckedAt, string? Label = null, decimal? Limit = null, decimal? LimitRemaining = null, decimal? Usage = null)
{
    /// <summary>OpenRouter accepted the key and described it.</summary>
    public static KeyCheck Verified(DateTimeOffset at, string label, decimal? limit, decimal? limitRemaining, decimal usage) =>
        new(KeyStatus.Verified, at, label, limit, limitRemaining, usage);

    /// <summary>Saved without asking OpenRouter, which could not be reached.</summary>
    public static KeyCheck NotYetVerified() => new(KeyStatus.Unverified, null);
}
