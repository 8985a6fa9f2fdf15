using System.Text.Json.Serialization;

namespace OpenRouterSaaS.Infrastructure.OpenRouter.Api;

/// <summary><c>GET /credits</c>.</summary>
public sealed record CreditsResponse([property: JsonPropertyName("data")] CreditsDto? Data);

public sealed record CreditsDto(
    [property: JsonPropertyName("total_credits")] decimal? TotalCredits,
    [property: JsonPropertyName("total_usage")] decimal? TotalUsage);

/// <summary><c>GET /activity</c>.</summary>
public sealed record ActivityResponse([property: JsonPropertyName("data")] IReadOnlyList<ActivityDto>? Data);

/// <summary>One day and model; <c>date</c> is <c>YYYY-MM-DD</c> (UTC).</summary>
public sealed record ActivityDto(
    [property: JsonPropertyName("date")] string? Date,
    [property: JsonPropertyName("model")] string? Model,
    [property: JsonPropertyName("model_permaslug")] string? ModelPermaslug,
    [property: JsonPropertyName("endpoint_id")] string? EndpointId,
    [property: JsonPropertyName("provider_name")] string? ProviderName,
    [property: JsonPropertyName("usage")] decimal? Usage,
    [property: JsonPropertyName("byok_usage_inference")] decimal? ByokUsageInference,
    [property: JsonPropertyName("requests")] int? Requests,
    [property: JsonPropertyName("prompt_tokens")] long? PromptTokens,
    [property: JsonPropertyName("completion_tokens")] long? CompletionTokens,
    [property: JsonPropertyName("reasoning_tokens")] long? ReasoningTokens);

/// <summary><c>GET /generation</c>.</summary>
public sealed record GenerationResponse([property: JsonPropertyName("data")] GenerationDto? Data);

public sealed record GenerationDto(
    [property: JsonPropertyName("id")] string? Id,
    [property: JsonPropertyName("model")] string? Model,
    [property: JsonPropertyName("provider_name")] string? ProviderName,
    [property: JsonPropertyName("total_cost")] decimal? TotalCost,
    [property: JsonPropertyName("upstream_inference_cost")] decimal? UpstreamInferenceCost,
    [property: JsonPropertyName("tokens_prompt")] int? TokensPrompt,
    [property: JsonPropertyName("tokens_completion")] int? TokensCompletion,
    [property: JsonPropertyName("native_tokens_prompt")] int? NativeTokensPrompt,
    [property: JsonPropertyName("native_tokens_completion")] int? NativeTokensCompletion,
    [property: JsonPropertyName("native_tokens_reasoning")] int? NativeTokensReasoning,
    [property: JsonPropertyName("native_tokens_cached")] int? NativeTokensCached,
    [property: JsonPropertyName("latency")] int? Latency,
    [property: JsonPropertyName("generation_time")] int? GenerationTime,
    [property: JsonPropertyName("streamed")] bool? Streamed,
    [property: JsonPropertyName("cancelled")] bool? Cancelled,
    [property: JsonPropertyName("finish_reason")] string? FinishReason,
    [property: JsonPropertyName("is_byok")] bool? IsByok,
    [property: JsonPropertyName("created_at")] DateTimeOffset? CreatedAt);
