namespace OpenRouterSaaS.Application.Common.Interfaces;

/// <summary>
/// OpenRouter's authoritative record of one generation (<c>GET /generation?id=</c>), read with the key that made it or a
/// management key of its account. For a few seconds after a call OpenRouter does not know it yet: that is
/// <see cref="GenerationLookup.NotYetAvailable"/>, not an error.
/// </summary>
public interface IGenerationSource
{
    Task<GenerationLookup> GetGenerationAsync(string apiKey, string generationId, CancellationToken cancellationToken = default);
}

/// <summary>The answer to a generation lookup: the record, or not yet available (OpenRouter answered 404).</summary>
public sealed record GenerationLookup(GenerationDetails? Generation)
{
    public static GenerationLookup NotYetAvailable { get; } = new((GenerationDetails?)null);

    public bool IsAvailable => Generation is not null;
}

/// <summary>One generation as OpenRouter billed it. Costs in USD; latencies in milliseconds.</summary>
/// <param name="Model">The model that served it.</param>
/// <param name="TotalCost">What OpenRouter charged for it.</param>
/// <param name="Cancelled">Whether the caller went away before it finished (it is billed for what was produced).</param>
public sealed record GenerationDetails(
    string Id,
    string Model,
    string? ProviderName,
    decimal TotalCost,
    decimal? UpstreamInferenceCost,
    int TokensPrompt,
    int TokensCompletion,
    int NativeTokensPrompt,
    int NativeTokensCompletion,
    int NativeTokensReasoning,
    int NativeTokensCached,
    int? LatencyMs,
    int? GenerationTimeMs,
    bool Streamed,
    bool Cancelled,
    string? FinishReason,
    bool IsByok,
    DateTimeOffset? CreatedAt);
