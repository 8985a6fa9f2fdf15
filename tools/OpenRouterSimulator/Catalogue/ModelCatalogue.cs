using System.Collections.Frozen;

namespace OpenRouterSimulator.Catalogue;

/// <summary>The simulator's fixed model list: realistic ids, prices and providers, a few free models and the auto router.</summary>
internal sealed class ModelCatalogue
{
    public const string AutoRouterId = "openrouter/auto";

    private readonly FrozenDictionary<string, CatalogueModel> _byId;

    public ModelCatalogue()
        : this(DefaultModels())
    {
    }

    public ModelCatalogue(IReadOnlyList<CatalogueModel> models)
    {
        Models = models;
        _byId = models.ToFrozenDictionary(m => m.Id, StringComparer.Ordinal);
        Routable = [.. models.Where(m => !m.IsRouter && !m.IsFree)];
    }

    public IReadOnlyList<CatalogueModel> Models { get; }

    /// <summary>The models <c>openrouter/auto</c> chooses from when the request does not narrow the choice.</summary>
    public IReadOnlyList<CatalogueModel> Routable { get; }

    public CatalogueModel? Find(string id) => _byId.GetValueOrDefault(id);

    private static CatalogueModel[] DefaultModels() =>
    [
        new()
        {
            Id = AutoRouterId, CanonicalSlug = AutoRouterId, Name = "Auto Router", Created = 1699401600,
            Description = "Your prompt will be processed by a meta-model and routed to one of dozens of models, optimizing for the best possible output.",
            ContextLength = 2_000_000, Tokenizer = "Router", InputModalities = ["text", "image"],
            Prices = new("-1", "-1"), ProviderName = "OpenRouter",
        },
        new()
        {
            Id = "openai/gpt-4o", CanonicalSlug = "openai/gpt-4o", Name = "OpenAI: GPT-4o", Created = 1715558400,
            Description = "GPT-4o is OpenAI's flagship multimodal model: GPT-4 Turbo intelligence, twice as fast and half the price.",
            ContextLength = 128_000, MaxCompletionTokens = 16_384, IsModerated = true, Tokenizer = "GPT",
            InputModalities = ["text", "image", "file"],
            Prices = new("0.0000025", "0.00001", InputCacheReadText: "0.00000125"), ProviderName = "OpenAI",
        },
        new()
        {
            Id = "openai/gpt-4o-mini", CanonicalSlug = "openai/gpt-4o-mini", Name = "OpenAI: GPT-4o-mini", Created = 1721260800,
            Description = "GPT-4o mini is OpenAI's small, affordable model for fast, lightweight tasks.",
            ContextLength = 128_000, MaxCompletionTokens = 16_384, IsModerated = true, Tokenizer = "GPT",
            InputModalities = ["text", "image", "file"],
            Prices = new("0.00000015", "0.0000006", InputCacheReadText: "0.000000075"), ProviderName = "OpenAI",
        },
        new()
        {
            Id = "openai/gpt-4.1", CanonicalSlug = "openai/gpt-4.1-2025-04-14", Name = "OpenAI: GPT-4.1", Created = 1744651385,
            Description = "GPT-4.1 is a flagship model for advanced instruction following, software engineering and long-context reasoning.",
            ContextLength = 1_047_576, MaxCompletionTokens = 32_768, IsModerated = true, Tokenizer = "GPT",
            InputModalities = ["text", "image", "file"],
            Prices = new("0.000002", "0.000008", InputCacheReadText: "0.0000005"), ProviderName = "OpenAI",
        },
        new()
        {
            Id = "anthropic/claude-sonnet-4", CanonicalSlug = "anthropic/claude-4-sonnet-20250522", Name = "Anthropic: Claude Sonnet 4",
            Created = 1747930371,
            Description = "Claude Sonnet 4 balances capability and efficiency for coding, reasoning and everyday assistant work.",
            ContextLength = 200_000, MaxCompletionTokens = 64_000, Tokenizer = "Claude", InputModalities = ["text", "image", "file"],
            Prices = new("0.000003", "0.000015", InputCacheReadText: "0.0000003", InputCacheWriteText: "0.00000375"),
            ProviderName = "Anthropic", NativeFinish = NativeFinishReasons.Anthropic,
        },
        new()
        {
            Id = "anthropic/claude-3.5-haiku", CanonicalSlug = "anthropic/claude-3-5-haiku", Name = "Anthropic: Claude 3.5 Haiku",
            Created = 1730678400,
            Description = "Claude 3.5 Haiku is Anthropic's fastest model, for real-time chat and sub-agent work.",
            ContextLength = 200_000, MaxCompletionTokens = 8_192, Tokenizer = "Claude", InputModalities = ["text", "image"],
            Prices = new("0.0000008", "0.000004", InputCacheReadText: "0.00000008", InputCacheWriteText: "0.000001"),
            ProviderName = "Anthropic", NativeFinish = NativeFinishReasons.Anthropic,
        },
        new()
        {
            Id = "google/gemini-2.5-pro", CanonicalSlug = "google/gemini-2.5-pro", Name = "Google: Gemini 2.5 Pro", Created = 1750169544,
            Description = "Gemini 2.5 Pro is Google's state-of-the-art thinking model for reasoning, coding, mathematics and science.",
            ContextLength = 1_048_576, MaxCompletionTokens = 65_536, Tokenizer = "Gemini", InputModalities = ["text", "image", "file", "audio"],
            Prices = new("0.00000125", "0.00001", InputCacheReadText: "0.00000031", InputCacheWriteText: "0.000001625"),
            ProviderName = "Google", Reasoning = true, SupportedParameters = CatalogueParameters.WithReasoning,
            NativeFinish = NativeFinishReasons.Google,
        },
        new()
        {
            Id = "google/gemini-2.5-flash", CanonicalSlug = "google/gemini-2.5-flash", Name = "Google: Gemini 2.5 Flash", Created = 1750172488,
            Description = "Gemini 2.5 Flash is Google's workhorse model, fast and inexpensive, with built-in thinking.",
            ContextLength = 1_048_576, MaxCompletionTokens = 65_535, Tokenizer = "Gemini", InputModalities = ["text", "image", "file", "audio"],
            Prices = new("0.0000003", "0.0000025", InputCacheReadText: "0.000000075", InputCacheWriteText: "0.0000003833"),
            ProviderName = "Google", NativeFinish = NativeFinishReasons.Google,
        },
        new()
        {
            Id = "meta-llama/llama-3.3-70b-instruct", CanonicalSlug = "meta-llama/llama-3.3-70b-instruct",
            Name = "Meta: Llama 3.3 70B Instruct", Created = 1733506137, HuggingFaceId = "meta-llama/Llama-3.3-70B-Instruct",
            Description = "Llama 3.3 70B is Meta's multilingual instruction-tuned model, optimized for dialogue.",
            ContextLength = 131_072, MaxCompletionTokens = 16_384, Tokenizer = "Llama3", InstructType = "llama3",
            Prices = new("0.00000013", "0.00000039"), ProviderName = "DeepInfra",
        },
        new()
        {
            Id = "meta-llama/llama-3.3-70b-instruct:free", CanonicalSlug = "meta-llama/llama-3.3-70b-instruct",
            Name = "Meta: Llama 3.3 70B Instruct (free)", Created = 1733506137, HuggingFaceId = "meta-llama/Llama-3.3-70B-Instruct",
            Description = "Llama 3.3 70B is Meta's multilingual instruction-tuned model, optimized for dialogue. Free variant, rate limited.",
            ContextLength = 65_536, MaxCompletionTokens = 8_192, Tokenizer = "Llama3", InstructType = "llama3",
            Prices = new("0", "0"), ProviderName = "Chutes", SupportedParameters = CatalogueParameters.Basic,
        },
        new()
        {
            Id = "mistralai/mistral-large-2411", CanonicalSlug = "mistralai/mistral-large-2411", Name = "Mistral Large 2411",
            Created = 1731978415,
            Description = "Mistral Large 2 (2411) with better long context, function calling and system prompt handling.",
            ContextLength = 131_072, Tokenizer = "Mistral", Prices = new("0.000002", "0.000006"), ProviderName = "Mistral",
        },
        new()
        {
            Id = "mistralai/mistral-small-3.1-24b-instruct", CanonicalSlug = "mistralai/mistral-small-3.1-24b-instruct-2503",
            Name = "Mistral: Mistral Small 3.1 24B", Created = 1742238937, HuggingFaceId = "mistralai/Mistral-Small-3.1-24B-Instruct-2503",
            Description = "Mistral Small 3.1 is a 24B model with vision, long context and strong instruction following.",
            ContextLength = 131_072, MaxCompletionTokens = 96_000, Tokenizer = "Mistral", InputModalities = ["text", "image"],
            Prices = new("0.0000001", "0.0000003"), ProviderName = "Mistral",
        },
        new()
        {
            Id = "deepseek/deepseek-chat", CanonicalSlug = "deepseek/deepseek-chat-v3", Name = "DeepSeek: DeepSeek V3", Created = 1735241320,
            HuggingFaceId = "deepseek-ai/DeepSeek-V3",
            Description = "DeepSeek V3 is a mixture-of-experts chat model with strong coding and reasoning abilities.",
            ContextLength = 163_840, MaxCompletionTokens = 163_840, Tokenizer = "DeepSeek",
            Prices = new("0.00000027", "0.0000011", InputCacheReadText: "0.00000007"), ProviderName = "DeepSeek",
        },
        new()
        {
            Id = "deepseek/deepseek-r1", CanonicalSlug = "deepseek/deepseek-r1", Name = "DeepSeek: R1", Created = 1737381095,
            HuggingFaceId = "deepseek-ai/DeepSeek-R1",
            Description = "DeepSeek R1 is an open reasoning model, on par with OpenAI o1, with fully open reasoning tokens.",
            ContextLength = 163_840, MaxCompletionTokens = 163_840, Tokenizer = "DeepSeek", InstructType = "deepseek-r1",
            Prices = new("0.00000055", "0.00000219"), ProviderName = "DeepSeek", Reasoning = true,
            SupportedParameters = CatalogueParameters.WithReasoning,
        },
        new()
        {
            Id = "deepseek/deepseek-r1:free", CanonicalSlug = "deepseek/deepseek-r1", Name = "DeepSeek: R1 (free)", Created = 1737381095,
            HuggingFaceId = "deepseek-ai/DeepSeek-R1",
            Description = "DeepSeek R1 is an open reasoning model with fully open reasoning tokens. Free variant, rate limited.",
            ContextLength = 163_840, Tokenizer = "DeepSeek", InstructType = "deepseek-r1",
            Prices = new("0", "0"), ProviderName = "Chutes", Reasoning = true, SupportedParameters = CatalogueParameters.WithReasoning,
        },
        new()
        {
            Id = "qwen/qwen-2.5-72b-instruct", CanonicalSlug = "qwen/qwen-2.5-72b-instruct", Name = "Qwen2.5 72B Instruct",
            Created = 1726704000, HuggingFaceId = "Qwen/Qwen2.5-72B-Instruct",
            Description = "Qwen2.5 72B is Alibaba's large instruction-tuned model with strong coding, mathematics and multilingual skills.",
            ContextLength = 32_768, MaxCompletionTokens = 16_384, Tokenizer = "Qwen", InstructType = "chatml",
            Prices = new("0.00000012", "0.00000039"), ProviderName = "DeepInfra",
        },
        new()
        {
            Id = "x-ai/grok-3-mini", CanonicalSlug = "x-ai/grok-3-mini", Name = "xAI: Grok 3 Mini", Created = 1744240068,
            Description = "Grok 3 Mini is a lightweight thinking model, fast and inexpensive for logic-based tasks.",
            ContextLength = 131_072, Tokenizer = "Grok",
            Prices = new("0.0000003", "0.0000005", InputCacheReadText: "0.000000075"), ProviderName = "xAI", Reasoning = true,
            SupportedParameters = CatalogueParameters.WithReasoning,
        },
    ];
}
