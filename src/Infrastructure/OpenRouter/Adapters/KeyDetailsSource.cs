using OpenRouterSaaS.Application.Common.Interfaces;
using OpenRouterSaaS.Infrastructure.OpenRouter.Api;

namespace OpenRouterSaaS.Infrastructure.OpenRouter.Adapters;

/// <summary><c>GET /key</c>.</summary>
internal sealed class KeyDetailsSource(IKeyApi api, OpenRouterCall call) : IKeyDetailsSource
{
    private const string Operation = "GET /key";

    public async Task<KeyDetails> GetKeyDetailsAsync(string apiKey, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(apiKey);
        var response = await call.RunAsync(Operation, token => api.GetCurrentKeyAsync(apiKey, token), cancellationToken);
        var key = response?.Data ?? throw OpenRouterErrors.Malformed(Operation, "no \"data\" object");
        return new KeyDetails(
            key.Label ?? "",
            key.Limit,
            key.LimitRemaining,
            KeyLimitResets.Parse(key.LimitReset),
            new KeySpend(key.Usage ?? 0m, key.UsageDaily ?? 0m, key.UsageWeekly ?? 0m, key.UsageMonthly ?? 0m),
            key.IsFreeTier ?? false,
            key.IsManagementKey ?? key.IsProvisioningKey ?? false,
            key.ExpiresAt);
    }
}
