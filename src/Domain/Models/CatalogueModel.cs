namespace OpenRouterSaaS.Domain.Models;

/// <summary>
/// One model of OpenRouter's catalogue as this product last saw it. Shared by all tenants. A model that
/// disappears from OpenRouter's list is marked removed, never deleted, so history and refusals can name it.
/// </summary>
public sealed class CatalogueModel
{
    public const int NameMaxLength = 200;
    public const int ProviderMaxLength = ModelId.MaxLength;

    private List<string> _supportedParameters = [];

    private CatalogueModel() { }

    public CatalogueModel(string id, string name, int? contextLength, ModelPricing pricing, IEnumerable<string> supportedParameters, DateTimeOffset seenAt)
    {
        Id = id;
        Provider = ModelId.ProviderOf(id);
        FirstSeenAt = seenAt;
        Describe(name, contextLength, pricing, supportedParameters, seenAt);
    }

    /// <summary>OpenRouter's id, such as <c>anthropic/claude-sonnet-4</c>.</summary>
    public string Id { get; private set; } = "";

    public string Name { get; private set; } = "";

    /// <summary>The part of the id before the '/', in lowercase: <c>anthropic</c>.</summary>
    public string Provider { get; private set; } = "";

    public int? ContextLength { get; private set; }

    /// <summary>USD per prompt token; null when not fixed.</summary>
    public decimal? PromptPrice { get; private set; }

    /// <summary>USD per completion token; null when not fixed.</summary>
    public decimal? CompletionPrice { get; private set; }

    /// <summary>USD per request, if the model charges one.</summary>
    public decimal? RequestPrice { get; private set; }

    public decimal? InputCacheReadPrice { get; private set; }

    public decimal? InputCacheWritePrice { get; private set; }

    public IReadOnlyList<string> SupportedParameters => _supportedParameters;

    public DateTimeOffset FirstSeenAt { get; private set; }

    public DateTimeOffset LastSeenAt { get; private set; }

    /// <summary>When the model disappeared from OpenRouter's list; null while it is listed.</summary>
    public DateTimeOffset? RemovedAt { get; private set; }

    public bool IsRemoved => RemovedAt is not null;

    public bool IsAutoRouter => ModelId.IsAutoRouter(Id);

    public ModelPricing Pricing => new(PromptPrice, CompletionPrice, RequestPrice, InputCacheReadPrice, InputCacheWritePrice);

    /// <summary>Takes what OpenRouter lists now. Returns true when a removed model has come back.</summary>
    public bool Refresh(string name, int? contextLength, ModelPricing pricing, IEnumerable<string> supportedParameters, DateTimeOffset seenAt)
    {
        var reappeared = IsRemoved;
        Describe(name, contextLength, pricing, supportedParameters, seenAt);
        RemovedAt = null;
        return reappeared;
    }

    /// <summary>OpenRouter no longer lists the model. The first time counts; later refreshes keep that date.</summary>
    public void MarkRemoved(DateTimeOffset at) => RemovedAt ??= at;

    private void Describe(string name, int? contextLength, ModelPricing pricing, IEnumerable<string> supportedParameters, DateTimeOffset seenAt)
    {
        var trimmed = string.IsNullOrWhiteSpace(name) ? Id : name.Trim();
        Name = trimmed.Length > NameMaxLength ? trimmed[..NameMaxLength] : trimmed;
        ContextLength = contextLength;
        PromptPrice = pricing.Prompt;
        CompletionPrice = pricing.Completion;
        RequestPrice = pricing.Request;
        InputCacheReadPrice = pricing.InputCacheRead;
        InputCacheWritePrice = pricing.InputCacheWrite;
        var parameters = supportedParameters.Where(parameter => !string.IsNullOrWhiteSpace(parameter)).Distinct(StringComparer.Ordinal).ToList();
        if (!parameters.SequenceEqual(_supportedParameters, StringComparer.Ordinal))
        {
            _supportedParameters = parameters;
        }

        LastSeenAt = seenAt;
    }
}
