using OpenRouterSaaS.Domain.Models;

namespace OpenRouterSaaS.Domain.Budgets;

/// <summary>
/// What a call may cost at most, reserved before it runs: the prompt's size in tokens (a token taken as four
/// characters) at the prompt price, plus the completion's ceiling (the request's <c>max_tokens</c>, or the tenant's
/// cap when it sets none) at the completion price, plus any per-request price.
/// </summary>
public static class BudgetEstimate
{
    public const int CharactersPerToken = 4;

    /// <summary>The cap on completion tokens when neither the request nor the tenant sets one.</summary>
    public const int DefaultMaxTokens = 4096;

    /// <param name="promptCharacters">The length of the request's messages (their JSON text is a fair, slightly high, measure).</param>
    /// <param name="maxTokens">The request's <c>max_tokens</c>; null when it sets none.</param>
    /// <param name="pricing">Fixed prices; for <c>openrouter/auto</c> or fallbacks, the dearest candidate's.</param>
    /// <param name="defaultMaxTokens">The tenant's cap on completion tokens for requests that set none.</param>
    public static decimal Of(long promptCharacters, int? maxTokens, ModelPricing pricing, int defaultMaxTokens)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(promptCharacters);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(defaultMaxTokens);
        if (maxTokens is <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(maxTokens), maxTokens, "max_tokens must be positive.");
        }

        if (pricing.Prompt is not { } promptPrice || pricing.Completion is not { } completionPrice)
        {
            throw new ArgumentException("A variable price cannot be estimated; pass the dearest candidate model's pricing.", nameof(pricing));
        }

        var promptTokens = (promptCharacters + CharactersPerToken - 1) / CharactersPerToken;
        var completionTokens = maxTokens ?? defaultMaxTokens;
        return promptTokens * promptPrice + completionTokens * completionPrice + (pricing.Request ?? 0m);
    }
}
