namespace OpenRouterSaaS.Domain.Models;

/// <summary>
/// A model's prices in USD per token (<see cref="Request"/>: per request). Null means the price is not fixed,
/// as for <c>openrouter/auto</c>, whose cost is that of the model it picks.
/// </summary>
public sealed record ModelPricing(decimal? Prompt, decimal? Completion, decimal? Request = null, decimal? InputCacheRead = null, decimal? InputCacheWrite = null)
{
    public const decimal TokensPerMillion = 1_000_000m;

    /// <summary>Free means nothing is charged for prompt, completion or the request.</summary>
    public bool IsFree => Prompt == 0m && Completion == 0m && (Request ?? 0m) == 0m;

    /// <summary>Prompt or completion price not fixed: ceilings cannot be checked against it.</summary>
    public bool IsVariable => Prompt is null || Completion is null;

    public decimal? PromptPerMillion => Prompt * TokensPerMillion;

    public decimal? CompletionPerMillion => Completion * TokensPerMillion;
}
