using Refit;

namespace OpenRouterSaaS.Infrastructure.OpenRouter.Api;

/// <summary>The calling key's label, limit and spend. Works with any key.</summary>
public interface IKeyApi
{
    [Get("/key")]
    Task<CurrentKeyResponse> GetCurrentKeyAsync([Authorize("Bearer")] string apiKey, CancellationToken cancellationToken);
}
