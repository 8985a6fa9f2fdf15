using System.Text.Json.Serialization;

namespace OpenRouterSaaS.Infrastructure.OpenRouter.Api;

/// <summary><c>GET /key</c>: <c>{"data":{...}}</c>.</summary>
public sealed record CurrentKeyResponse([property: JsonPropertyName("data")] CurrentKeyDto? Data);

/// <summary>The calling key.</summary>
public sealed record CurrentKeyDto(
    [property: JsonPropertyName("label")] string? Label,
    [property: JsonPropertyName("limit")] decimal? Limit,
    [property: JsonPropertyName("limit_remaining")] decimal? LimitRemaining,
    [property: JsonPropertyName("limit_reset")] string? LimitReset,
    [property: JsonPropertyName("usage")] decimal? Usage,
    [property: JsonPropertyName("usage_daily")] decimal? UsageDaily,
    [property: JsonPropertyName("usage_weekly")] decimal? UsageWeekly,
    [property: JsonPropertyName("usage_monthly")] decimal? UsageMonthly,
    [property: JsonPropertyName("is_free_tier")] bool? IsFreeTier,
    [property: JsonPropertyName("is_management_key")] bool? IsManagementKey,
    [property: JsonPropertyName("is_provisioning_key")] bool? IsProvisioningKey,
    [property: JsonPropertyName("expires_at")] DateTimeOffset? ExpiresAt);

/// <summary><c>GET /keys</c>.</summary>
public sealed record KeyListResponse([property: JsonPropertyName("data")] IReadOnlyList<KeyDto>? Data);

/// <summary><c>GET/PATCH /keys/{hash}</c>.</summary>
public sealed record KeyResponse([property: JsonPropertyName("data")] KeyDto? Data);

/// <summary><c>POST /keys</c>: the key, and its secret shown this once.</summary>
public sealed record CreatedKeyResponse(
    [property: JsonPropertyName("data")] KeyDto? Data,
    [property: JsonPropertyName("key")] string? Key);

/// <summary><c>DELETE /keys/{hash}</c>.</summary>
public sealed record DeletedKeyResponse([property: JsonPropertyName("deleted")] bool Deleted);

/// <summary>A key as the management API shows it.</summary>
public sealed record KeyDto(
    [property: JsonPropertyName("hash")] string? Hash,
    [property: JsonPropertyName("name")] string? Name,
    [property: JsonPropertyName("label")] string? Label,
    [property: JsonPropertyName("disabled")] bool? Disabled,
    [property: JsonPropertyName("limit")] decimal? Limit,
    [property: JsonPropertyName("limit_remaining")] decimal? LimitRemaining,
    [property: JsonPropertyName("limit_reset")] string? LimitReset,
    [property: JsonPropertyName("include_byok_in_limit")] bool? IncludeByokInLimit,
    [property: JsonPropertyName("usage")] decimal? Usage,
    [property: JsonPropertyName("usage_daily")] decimal? UsageDaily,
    [property: JsonPropertyName("usage_weekly")] decimal? UsageWeekly,
    [property: JsonPropertyName("usage_monthly")] decimal? UsageMonthly,
    [property: JsonPropertyName("created_at")] DateTimeOffset? CreatedAt,
    [property: JsonPropertyName("updated_at")] DateTimeOffset? UpdatedAt,
    [property: JsonPropertyName("expires_at")] DateTimeOffset? ExpiresAt);
