using OpenRouterSaaS.Application.Keys.ChooseKey;
using OpenRouterSaaS.Domain.Models;

namespace OpenRouterSaaS.Application.Gateway.Callers;

/// <summary>
/// Everything a gateway call reads about its caller and tenant before it writes anything, as of one version of the tenant's
/// settings (<see cref="ConfigVersion"/>, see <see cref="Domain.Tenants.Tenant.ConfigVersion"/>). An API caller's is kept in
/// memory between calls; the write that opens a call states the version and is refused when it has moved on.
/// </summary>
/// <param name="FromMemory">Kept from an earlier call rather than read for this one.</param>
public sealed record CallerContext(
    long ConfigVersion,
    bool RequiresZeroDataRetention,
    int? DefaultMaxTokens,
    AllowListRules Rules,
    KeySituation Keys,
    bool FromMemory = false);
