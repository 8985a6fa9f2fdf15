using OpenRouterSimulator.Catalogue;

namespace OpenRouterSimulator.Generations;

/// <summary>OpenRouter's authoritative record of one generation, as <c>GET /generation</c> shows it.</summary>
internal sealed record GenerationRecord
{
    public required string Id { get; init; }

    public required string KeyHash { get; init; }

    public required string AccountName { get; init; }

    public required CatalogueModel Model { get; init; }

    /// <summary><c>openrouter/auto</c> when the auto router chose the model.</summary>
    public string? Router { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    public required DateTimeOffset CompletedAt { get; init; }

    public required bool Streamed { get; init; }

    public bool Cancelled { get; init; }

    public string? FinishReason { get; init; }

    public string? NativeFinishReason { get; init; }

    public required int PromptTokens { get; init; }

    public required int CompletionTokens { get; init; }

    public int ReasoningTokens { get; init; }

    public int CachedTokens { get; init; }

    public required decimal TotalCost { get; init; }

    /// <summary>Milliseconds to the first token.</summary>
    public required int LatencyMs { get; init; }

    /// <summary>Milliseconds from the first to the last token.</summary>
    public required int GenerationTimeMs { get; init; }

    public required string UpstreamId { get; init; }

    public string? Origin { get; init; }

    public string? UserAgent { get; init; }

    public string? ExternalUser { get; init; }

    public string? SessionId { get; init; }
}
