using OpenRouterSaaS.Application.Common.Interfaces;
using OpenRouterSaaS.Application.OpenRouter;
using OpenRouterSaaS.Infrastructure.OpenRouter.Api;

namespace OpenRouterSaaS.Infrastructure.OpenRouter.Adapters;

/// <summary><c>GET /generation?id=</c>; a 404 is "not yet available", which OpenRouter answers for a few seconds after the call.</summary>
internal sealed class GenerationSource(IGenerationApi api, OpenRouterCall call) : IGenerationSource
{
    private const string Operation = "GET /generation";

    public async Task<GenerationLookup> GetGenerationAsync(string apiKey, string generationId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(apiKey);
        ArgumentException.ThrowIfNullOrWhiteSpace(generationId);
        GenerationResponse response;
        try
        {
            response = await call.RunAsync(Operation, token => api.GetGenerationAsync(apiKey, generationId, token), cancellationToken);
        }
        catch (OpenRouterException e) when (e.Kind == OpenRouterFailureKind.NotFound)
        {
            return GenerationLookup.NotYetAvailable;
        }

        var g = response?.Data ?? throw OpenRouterErrors.Malformed(Operation, "no \"data\" object");
        if (string.IsNullOrEmpty(g.Id) || string.IsNullOrEmpty(g.Model) || g.TotalCost is null)
        {
            throw OpenRouterErrors.Malformed(Operation, "the generation has no id, model or total_cost");
        }

        return new GenerationLookup(new GenerationDetails(
            g.Id, g.Model, g.ProviderName, g.TotalCost.Value, g.UpstreamInferenceCost,
            g.TokensPrompt ?? 0, g.TokensCompletion ?? 0, g.NativeTokensPrompt ?? 0, g.NativeTokensCompletion ?? 0,
            g.NativeTokensReasoning ?? 0, g.NativeTokensCached ?? 0, g.Latency, g.GenerationTime,
            g.Streamed ?? false, g.Cancelled ?? false, g.FinishReason, g.IsByok ?? false, g.CreatedAt));
    }
}
