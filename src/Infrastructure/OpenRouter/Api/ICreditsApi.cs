using Refit;

namespace OpenRouterSaaS.Infrastructure.OpenRouter.Api;

/// <summary>The account's credits and usage; management keys only.</summary>
public interface ICreditsApi
{
    [Get("/credits")]
    Task<CreditsResponse> GetCreditsAsync([Authorize("Bearer")] string managementKey, CancellationToken cancellationToken);
}
