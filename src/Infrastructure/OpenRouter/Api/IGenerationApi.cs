using Refit;

namespace OpenRouterSaaS.Infrastructure.OpenRouter.Api;

/// <summary>OpenRouter's record of one generation; 404 for a few seconds after the call.</summary>
public interface IGenerationApi
{
    [Get("/generation")]
    Task<GenerationResponse> GetGenerationAsync([Authorize("Bearer")] string apiKey, [Query] string id, CancellationToken cancellationToken);
}
