using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace OpenRouterSimulator.Catalogue;

/// <summary>One model of the fixed catalogue, with its prices (USD per token, as OpenRouter lists them) and its provider.</summary>
internal sealed record CatalogueModel
{
    public required string Id { get; init; }

    public required string CanonicalSlug { get; init; }

    public required string Name { get; init; }

    public required long Created { get; init; }

    public required string Description { get; init; }

    public required int ContextLength { get; init; }

    public required string Tokenizer { get; init; }

    public string? InstructType { get; init; }

    public string? HuggingFaceId { get; init; }

    public IReadOnlyList<string> InputModalities { get; init; } = ["text"];

    public required ModelPrices Prices { get; init; }

    public int? MaxCompletionTokens { get; init; }

    public bool IsModerated { get; init; }

    public required string ProviderName { get; init; }

    /// <summary>Reasoning models report hidden reasoning tokens (billed as completion tokens).</summary>
    public bool Reasoning { get; init; }

    public IReadOnlyList<string> SupportedParameters { get; init; } = CatalogueParameters.Standard;

    /// <summary>Finish reasons as the provider itself names them (<c>native_finish_reason</c>).</summary>
    public NativeFinishReasons NativeFinish { get; init; } = NativeFinishReasons.OpenAi;

    public bool IsFree => Prices.Prompt == 0m && Prices.Completion == 0m && Prices.Request == 0m;

    public bool IsRouter => Prices.Prompt < 0m;

    /// <summary>Stable endpoint id for <c>/activity</c>, derived from the model id.</summary>
    public string EndpointId => new Guid(SHA256.HashData(Encoding.UTF8.GetBytes(Id)).AsSpan(0, 16)).ToString();
}

/// <summary>Prices as OpenRouter publishes them: decimal strings of USD per token (per request, per image...).</summary>
internal sealed record ModelPrices(
    string PromptText,
    string CompletionText,
    string RequestText = "0",
    string ImageText = "0",
    string WebSearchText = "0",
    string InternalReasoningText = "0",
    string InputCacheReadText = "0",
    string InputCacheWriteText = "0")
{
    public decimal Prompt { get; } = decimal.Parse(PromptText, CultureInfo.InvariantCulture);

    public decimal Completion { get; } = decimal.Parse(CompletionText, CultureInfo.InvariantCulture);

    public decimal Request { get; } = decimal.Parse(RequestText, CultureInfo.InvariantCulture);
}

internal sealed record NativeFinishReasons(string Stop, string Length)
{
    public static readonly NativeFinishReasons OpenAi = new("stop", "length");
    public static readonly NativeFinishReasons Anthropic = new("end_turn", "max_tokens");
    public static readonly NativeFinishReasons Google = new("STOP", "MAX_TOKENS");
}

internal static class CatalogueParameters
{
    public static readonly IReadOnlyList<string> Standard =
    [
        "max_tokens", "temperature", "top_p", "stop", "frequency_penalty", "presence_penalty", "seed",
        "tools", "tool_choice", "response_format", "structured_outputs",
    ];

    public static readonly IReadOnlyList<string> WithReasoning =
    [
        "max_tokens", "temperature", "top_p", "stop", "seed", "tools", "tool_choice", "reasoning", "include_reasoning",
        "response_format", "structured_outputs",
    ];

    public static readonly IReadOnlyList<string> Basic = ["max_tokens", "temperature", "top_p", "stop", "seed"];
}
