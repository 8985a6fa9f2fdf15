using Refit;

namespace OpenRouterSaaS.Infrastructure.OpenRouter.Api;

/// <summary>OpenRouter's model catalogue. Needs no key.</summary>
public interface IModelsApi
{
    [Get("/models")]
    Task<ModelListResponse> GetModelsAsync(CancellationToken cancellationToken);
}
