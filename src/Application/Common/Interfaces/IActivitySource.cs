namespace OpenRouterSaaS.Application.Common.Interfaces;

/// <summary>
/// OpenRouter's own per-day, per-model figures for the last 30 completed UTC days (<c>GET /activity</c>), to reconcile the
/// ledger with. Needs a management key.
/// </summary>
public interface IActivitySource
{
    /// <param name="day">Only this UTC day; all 30 days when null.</param>
    /// <param name="apiKeyHash">Only the key with this hash; every key of the account when null.</param>
    Task<IReadOnlyList<DailyModelActivity>> GetActivityAsync(
        string managementKey, DateOnly? day = null, string? apiKeyHash = null, CancellationToken cancellationToken = default);
}

/// <summary>What one model cost on one UTC day, as OpenRouter counts it. <paramref name="Usage"/> in USD.</summary>
public sealed record DailyModelActivity(
    DateOnly Date,
    string Model,
    string? ModelPermaslug,
    string? EndpointId,
    string? ProviderName,
    decimal Usage,
    decimal ByokUsageInference,
    int Requests,
    long PromptTokens,
    long CompletionTokens,
    long ReasoningTokens);
