using OpenRouterSaaS.Application.Common.Interfaces;
using OpenRouterSaaS.Infrastructure.OpenRouter.Api;

namespace OpenRouterSaaS.Infrastructure.OpenRouter.Adapters;

/// <summary><c>GET /credits</c>.</summary>
internal sealed class CreditsSource(ICreditsApi api, OpenRouterCall call) : ICreditsSource
{
    private const string Operation = "GET /credits";

    public async Task<AccountCredits> GetCreditsAsync(string managementKey, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(managementKey);
        var response = await call.RunAsync(Operation, token => api.GetCreditsAsync(managementKey, token), cancellationToken);
        return response?.Data is { TotalCredits: { } credits, TotalUsage: { } usage }
            ? new AccountCredits(credits, usage)
            : throw OpenRouterErrors.Malformed(Operation, "no total_credits and total_usage");
    }
}
