using System.Globalization;
using System.Text.Json.Nodes;
using OpenRouterSaaS.Application.Common.Interfaces;
using OpenRouterSaaS.Infrastructure.OpenRouter.Api;

namespace OpenRouterSaaS.Infrastructure.OpenRouter.Adapters;

/// <summary><c>GET/POST/PATCH/DELETE /keys</c>.</summary>
internal sealed class KeyProvisioning(IKeysApi api, OpenRouterCall call) : IKeyProvisioning
{
    public async Task<IReadOnlyList<ProvisionedKey>> ListKeysAsync(
        string managementKey, bool includeDisabled = false, int offset = 0, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(managementKey);
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        const string operation = "GET /keys";
        var response = await call.RunAsync(
            operation,
            token => api.ListAsync(managementKey, includeDisabled ? "true" : null, offset == 0 ? null : offset, token),
            cancellationToken);
        var keys = response?.Data ?? throw OpenRouterErrors.Malformed(operation, "no \"data\" list");
        return [.. keys.Select(k => Read(operation, k))];
    }

    public async Task<MintedKey> CreateKeyAsync(string managementKey, NewKey key, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(managementKey);
        ArgumentNullException.ThrowIfNull(key);
        const string operation = "POST /keys";
        var body = new JsonObject
        {
            ["name"] = key.Name,
            ["limit"] = key.Limit,
            ["limit_reset"] = KeyLimitResets.ToWire(key.LimitReset),
            ["include_byok_in_limit"] = key.IncludeByokInLimit,
        };
        if (key.ExpiresAt is { } expiry)
        {
            body["expires_at"] = expiry.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
        }

        var response = await call.RunAsync(operation, token => api.CreateAsync(managementKey, body, token), cancellationToken);
        if (response?.Data is not { } data || string.IsNullOrEmpty(response.Key))
        {
            throw OpenRouterErrors.Malformed(operation, "no key data or no secret");
        }

        return new MintedKey(Read(operation, data), response.Key);
    }

    public async Task<ProvisionedKey> GetKeyAsync(string managementKey, string keyHash, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(managementKey);
        ArgumentException.ThrowIfNullOrWhiteSpace(keyHash);
        const string operation = "GET /keys/{hash}";
        var response = await call.RunAsync(operation, token => api.GetAsync(managementKey, keyHash, token), cancellationToken);
        return Read(operation, response?.Data);
    }

    public async Task<ProvisionedKey> UpdateKeyAsync(string managementKey, string keyHash, KeyChanges changes, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(managementKey);
        ArgumentException.ThrowIfNullOrWhiteSpace(keyHash);
        ArgumentNullException.ThrowIfNull(changes);
        const string operation = "PATCH /keys/{hash}";
        var body = new JsonObject();
        if (changes.Name is { } name)
        {
            body["name"] = name;
        }

        if (changes.Disabled is { } disabled)
        {
            body["disabled"] = disabled;
        }

        if (changes.Limit is { } limit)
        {
            body["limit"] = limit.Amount;
        }

        if (changes.LimitReset is { } reset)
        {
            body["limit_reset"] = KeyLimitResets.ToWire(reset);
        }

        if (changes.IncludeByokInLimit is { } includeByok)
        {
            body["include_byok_in_limit"] = includeByok;
        }

        var response = await call.RunAsync(operation, token => api.UpdateAsync(managementKey, keyHash, body, token), cancellationToken);
        return Read(operation, response?.Data);
    }

    public async Task DeleteKeyAsync(string managementKey, string keyHash, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(managementKey);
        ArgumentException.ThrowIfNullOrWhiteSpace(keyHash);
        const string operation = "DELETE /keys/{hash}";
        var response = await call.RunAsync(operation, token => api.DeleteAsync(managementKey, keyHash, token), cancellationToken);
        if (response is not { Deleted: true })
        {
            throw OpenRouterErrors.Malformed(operation, "the key was not reported deleted");
        }
    }

    private static ProvisionedKey Read(string operation, KeyDto? key)
    {
        if (key is null || string.IsNullOrEmpty(key.Hash))
        {
            throw OpenRouterErrors.Malformed(operation, "a key without a hash");
        }

        return new ProvisionedKey(
            key.Hash,
            key.Name ?? "",
            key.Label ?? "",
            key.Disabled ?? false,
            key.Limit,
            key.LimitRemaining,
            KeyLimitResets.Parse(key.LimitReset),
            key.IncludeByokInLimit ?? false,
            new KeySpend(key.Usage ?? 0m, key.UsageDaily ?? 0m, key.UsageWeekly ?? 0m, key.UsageMonthly ?? 0m),
            key.CreatedAt,
            key.UpdatedAt,
            key.ExpiresAt);
    }
}
