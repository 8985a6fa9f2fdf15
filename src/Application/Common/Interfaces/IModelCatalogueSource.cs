namespace OpenRouterSaaS.Application.Common.Interfaces;

/// <summary>The model catalogue as OpenRouter publishes it (<c>GET /models</c>). Throws when it cannot be read or makes no sense.</summary>
public interface IModelCatalogueSource
{
    Task<IReadOnlyList<PublishedModel>> GetModelsAsync(CancellationToken cancellationToken = default);
}

/// <summary>One model of the published catalogue.</summary>
/// <param name="Id">OpenRouter's model id, such as <c>anthropic/claude-sonnet-4</c> or <c>meta-llama/llama-3.3-70b-instruct:free</c>.</param>
/// <param name="Prices">USD per token (per request for <see cref="ModelPrices.Request"/>).</param>
public sealed record PublishedModel(
    string Id,
    string Name,
    int? ContextLength,
    ModelPrices Prices,
    IReadOnlyList<string> SupportedParameters);

/// <summary>
/// Prices in USD per token, as decimals. Null means the price is not fixed: OpenRouter lists
/// <c>openrouter/auto</c> at "-1" because the cost is that of the model it picks.
/// </summary>
public sealed record ModelPrices(decimal? Prompt, decimal? Completion, decimal? Request, decimal? InputCacheRead, decimal? InputCacheWrite);
