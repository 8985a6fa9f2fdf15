using System.Text.Json.Serialization;

namespace OpenRouterSaaS.Infrastructure.OpenRouter.Api;

/// <summary><c>GET /models</c>: <c>{"data":[...]}</c>.</summary>
public sealed record ModelListResponse([property: JsonPropertyName("data")] IReadOnlyList<ModelDto>? Data);

/// <summary>One model of the catalogue; only the fields the product uses.</summary>
public sealed record ModelDto(
    [property: JsonPropertyName("id")] string? Id,
    [property: JsonPropertyName("name")] string? Name,
    [property: JsonPropertyName("context_length")] int? ContextLength,
    [property: JsonPropertyName("pricing")] ModelPricingDto? Pricing,
    [property: JsonPropertyName("supported_parameters")] IReadOnlyList<string>? SupportedParameters);

/// <summary>Prices as strings of USD per token (per request for <c>request</c>); "-1" means the price is not fixed.</summary>
public sealed record ModelPricingDto(
    [property: JsonPropertyName("prompt")] string? Prompt,
    [property: JsonPropertyName("completion")] string? Completion,
    [property: JsonPropertyName("request")] string? Request,
    [property: JsonPropertyName("input_cache_read")] string? InputCacheRead,
    [property: JsonPropertyName("input_cache_write")] string? InputCacheWrite);
