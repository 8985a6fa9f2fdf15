using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using OpenRouterSimulator.Api;

namespace OpenRouterSimulator.Chat;

/// <summary>A non-streaming chat completion, in OpenRouter's shape.</summary>
internal sealed record ChatCompletion(
    string Id,
    string Provider,
    string Model,
    string Object,
    long Created,
    IReadOnlyList<CompletionChoice> Choices,
    string? SystemFingerprint,
    UsageDto Usage);

internal sealed record CompletionChoice(
    int Index,
    AssistantMessage Message,
    string FinishReason,
    string NativeFinishReason,
    JsonObject? Logprobs,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] ErrorDetail? Error = null);

internal sealed record AssistantMessage(string Role, string Content, string? Refusal, string? Reasoning);

/// <summary>One SSE event of a streamed completion.</summary>
internal sealed record ChatCompletionChunk(
    string Id,
    string Provider,
    string Model,
    string Object,
    long Created,
    IReadOnlyList<ChunkChoice> Choices,
    string? SystemFingerprint)
{
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public ErrorDetail? Error { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public UsageDto? Usage { get; init; }
}

internal sealed record ChunkChoice(int Index, ChunkDelta Delta, string? FinishReason, string? NativeFinishReason, JsonObject? Logprobs = null);

internal sealed record ChunkDelta(
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Role,
    string Content);

/// <summary>The <c>usage</c> object: tokens, and <c>cost</c> in USD as a JSON number.</summary>
internal sealed record UsageDto(
    int PromptTokens,
    int CompletionTokens,
    int TotalTokens,
    decimal Cost,
    bool IsByok,
    PromptTokensDetails PromptTokensDetails,
    CostDetails CostDetails,
    CompletionTokensDetails CompletionTokensDetails);

internal sealed record PromptTokensDetails(int CachedTokens, int AudioTokens);

internal sealed record CompletionTokensDetails(int ReasoningTokens, int ImageTokens);

internal sealed record CostDetails(decimal? UpstreamInferenceCost, decimal UpstreamInferencePromptCost, decimal UpstreamInferenceCompletionsCost);
