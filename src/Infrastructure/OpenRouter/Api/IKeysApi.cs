using System.Text.Json.Nodes;
using Refit;

namespace OpenRouterSaaS.Infrastructure.OpenRouter.Api;

/// <summary>
/// Key management (<c>/keys</c>); management keys only. Bodies are JSON objects so that <c>"limit": null</c> can be sent;
/// <c>include_disabled</c> is the text <c>true</c>, as OpenRouter spells it.
/// </summary>
public interface IKeysApi
{
    [Get("/keys")]
    Task<KeyListResponse> ListAsync(
        [Authorize("Bearer")] string managementKey,
        [Query, AliasAs("include_disabled")] string? includeDisabled,
        [Query] int? offset,
        CancellationToken cancellationToken);

    [Post("/keys")]
    Task<CreatedKeyResponse> CreateAsync([Authorize("Bearer")] string managementKey, [Body] JsonObject key, CancellationToken cancellationToken);

    [Get("/keys/{hash}")]
    Task<KeyResponse> GetAsync([Authorize("Bearer")] string managementKey, string hash, CancellationToken cancellationToken);

    [Patch("/keys/{hash}")]
    Task<KeyResponse> UpdateAsync([Authorize("Bearer")] string managementKey, string hash, [Body] JsonObject changes, CancellationToken cancellationToken);

    [Delete("/keys/{hash}")]
    Task<DeletedKeyResponse> DeleteAsync([Authorize("Bearer")] string managementKey, string hash, CancellationToken cancellationToken);
}
