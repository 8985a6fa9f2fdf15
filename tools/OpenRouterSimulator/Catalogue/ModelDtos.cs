namespace OpenRouterSimulator.Catalogue;

internal sealed record ModelsResponse(IReadOnlyList<ModelDto> Data);

/// <summary>A model in OpenRouter's <c>/models</c> shape.</summary>
internal sealed record ModelDto(
    string Id,
    string CanonicalSlug,
    string? HuggingFaceId,
    string Name,
    long Created,
    string Description,
    int ContextLength,
    ArchitectureDto Architecture,
    PricingDto Pricing,
    TopProviderDto TopProvider,
    Dictionary<string, string>? PerRequestLimits,
    IReadOnlyList<string> SupportedParameters,
    Dictionary<string, string>? DefaultParameters,
    string? KnowledgeCutoff,
    string? ExpirationDate,
    LinksDto Links)
{
    public static ModelDto From(CatalogueModel m) => new(
        m.Id, m.CanonicalSlug, m.HuggingFaceId, m.Name, m.Created, m.Description, m.ContextLength,
        new ArchitectureDto("text->text", m.InputModalities, ["text"], m.Tokenizer, m.InstructType),
        new PricingDto(
            m.Prices.PromptText, m.Prices.CompletionText, m.Prices.RequestText, m.Prices.ImageText, m.Prices.WebSearchText,
            m.Prices.InternalReasoningText, m.Prices.InputCacheReadText, m.Prices.InputCacheWriteText),
        new TopProviderDto(m.ContextLength, m.MaxCompletionTokens, m.IsModerated),
        PerRequestLimits: null, m.SupportedParameters, DefaultParameters: null, KnowledgeCutoff: null, ExpirationDate: null,
        new LinksDto($"/api/v1/models/{m.Id}/endpoints"));
}

internal sealed record ArchitectureDto(string Modality, IReadOnlyList<string> InputModalities, IReadOnlyList<string> OutputModalities, string Tokenizer, string? InstructType);

/// <summary>Prices as strings of USD per token (per request, per image, per web search).</summary>
internal sealed record PricingDto(
    string Prompt,
    string Completion,
    string Request,
    string Image,
    string WebSearch,
    string InternalReasoning,
    string InputCacheRead,
    string InputCacheWrite);

internal sealed record TopProviderDto(int ContextLength, int? MaxCompletionTokens, bool IsModerated);

internal sealed record LinksDto(string Details);
