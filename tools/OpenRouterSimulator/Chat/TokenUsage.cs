using OpenRouterSimulator.Catalogue;

namespace OpenRouterSimulator.Chat;

/// <summary>Tokens of a generation and their cost at the served model's prices, in exact decimal arithmetic.</summary>
internal readonly record struct TokenUsage(int PromptTokens, int ContentTokens, int ReasoningTokens, decimal PromptCost, decimal CompletionCost, decimal RequestCost)
{
    public int CompletionTokens => ContentTokens + ReasoningTokens;

    public int TotalTokens => PromptTokens + CompletionTokens;

    public decimal Cost => Normalize(PromptCost + CompletionCost + RequestCost);

    /// <summary>
    /// Reasoning models also spend hidden reasoning tokens (as many as visible ones, within the token limit),
    /// billed at the completion price.
    /// </summary>
    public static TokenUsage For(CatalogueModel model, int promptTokens, int contentTokens, int? tokenLimit)
    {
        var reasoning = model.Reasoning ? Math.Min(contentTokens, Math.Max(0, (tokenLimit ?? int.MaxValue) - contentTokens)) : 0;
        var prices = model.Prices;
        return new TokenUsage(
            promptTokens, contentTokens, reasoning,
            Normalize(promptTokens * prices.Prompt),
            Normalize((contentTokens + reasoning) * prices.Completion),
            prices.Request);
    }

    public UsageDto ToDto() => new(
        PromptTokens, CompletionTokens, TotalTokens, Cost, IsByok: false,
        new PromptTokensDetails(CachedTokens: 0, AudioTokens: 0),
        new CostDetails(UpstreamInferenceCost: null, PromptCost, CompletionCost),
        new CompletionTokensDetails(ReasoningTokens, ImageTokens: 0));

    /// <summary>Drops trailing zeros so <c>0.0000150</c> is written as <c>0.000015</c>.</summary>
    private static decimal Normalize(decimal value) => value / 1.000000000000000000000000000000000m;
}
