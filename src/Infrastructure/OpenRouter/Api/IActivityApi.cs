using Refit;

namespace OpenRouterSaaS.Infrastructure.OpenRouter.Api;

/// <summary>Per-day, per-model activity of the last 30 completed UTC days; management keys only.</summary>
public interface IActivityApi
{
    [Get("/activity")]
    Task<ActivityResponse> GetActivityAsync(
        [Authorize("Bearer")] string managementKey,
        [Query] string? date,
        [Query, AliasAs("api_key_hash")] string? apiKeyHash,
        CancellationToken cancellationToken);
}
