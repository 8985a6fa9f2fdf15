using OpenRouterSimulator.Accounting;

namespace OpenRouterSimulator.Generations;

internal sealed record GenerationResponse(GenerationData Data);

/// <summary>The fields of OpenRouter's <c>GET /generation</c> data object.</summary>
internal sealed record GenerationData(
    string Id,
    string UpstreamId,
    decimal TotalCost,
    decimal? CacheDiscount,
    decimal? UpstreamInferenceCost,
    string CreatedAt,
    string Model,
    long? AppId,
    bool Streamed,
    bool Cancelled,
    string ProviderName,
    int Latency,
    int? ModerationLatency,
    int GenerationTime,
    string? FinishReason,
    string? NativeFinishReason,
    int TokensPrompt,
    int TokensCompletion,
    int NativeTokensPrompt,
    int NativeTokensCompletion,
    int NativeTokensCompletionImages,
    int NativeTokensReasoning,
    int NativeTokensCached,
    int NumMediaPrompt,
    int NumInputAudioPrompt,
    int NumMediaCompletion,
    int NumSearchResults,
    string Origin,
    decimal Usage,
    bool IsByok,
    string ApiType,
    string? Router,
    string? ExternalUser,
    string? SessionId,
    string? UserAgent,
    string? HttpReferer,
    IReadOnlyList<string>? ProviderResponses)
{
    public static GenerationData From(GenerationRecord r) => new(
        r.Id, r.UpstreamId, r.TotalCost, CacheDiscount: null, UpstreamInferenceCost: null, UtcCalendar.Iso(r.CreatedAt), r.Model.Id,
        AppId: null, r.Streamed, r.Cancelled, r.Model.ProviderName, r.LatencyMs,
        ModerationLatency: r.Model.IsModerated ? 12 : null, r.GenerationTimeMs, r.FinishReason, r.NativeFinishReason,
        r.PromptTokens, r.CompletionTokens, r.PromptTokens, r.CompletionTokens, NativeTokensCompletionImages: 0, r.ReasoningTokens,
        r.CachedTokens, NumMediaPrompt: 0, NumInputAudioPrompt: 0, NumMediaCompletion: 0, NumSearchResults: 0, r.Origin ?? "",
        r.TotalCost, IsByok: false, ApiType: "completions", r.Router, r.ExternalUser, r.SessionId, r.UserAgent, r.Origin,
        ProviderResponses: null);
}
