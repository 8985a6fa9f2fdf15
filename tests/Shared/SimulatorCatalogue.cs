using OpenRouterSaaS.Application.Common.Interfaces;

namespace OpenRouterSaaS.Tests.Shared;

/// <summary>
/// The simulator's catalogue (tools/OpenRouterSimulator/Catalogue/ModelCatalogue.cs) as the catalogue port returns it:
/// 17 models from 9 providers, two <c>:free</c> ones, and <c>openrouter/auto</c> at a variable price. Linked into
/// every test project that needs a realistic catalogue.
/// </summary>
public static class SimulatorCatalogue
{
    public static readonly string[] Standard =
        ["max_tokens", "temperature", "top_p", "stop", "frequency_penalty", "presence_penalty", "seed", "tools", "tool_choice", "response_format", "structured_outputs"];

    public static readonly string[] WithReasoning =
        ["max_tokens", "temperature", "top_p", "stop", "seed", "tools", "tool_choice", "reasoning", "include_reasoning", "response_format", "structured_outputs"];

    public static IReadOnlyList<PublishedModel> Models { get; } =
    [
        new("openrouter/auto", "Auto Router", 2_000_000, new ModelPrices(null, null, null, null, null), Standard),
        Model("openai/gpt-4o", "OpenAI: GPT-4o", 128_000, "0.0000025", "0.00001", cacheRead: "0.00000125"),
        Model("openai/gpt-4o-mini", "OpenAI: GPT-4o-mini", 128_000, "0.00000015", "0.0000006", cacheRead: "0.000000075"),
        Model("openai/gpt-4.1", "OpenAI: GPT-4.1", 1_047_576, "0.000002", "0.000008", cacheRead: "0.0000005"),
        Model("anthropic/claude-sonnet-4", "Anthropic: Claude Sonnet 4", 200_000, "0.000003", "0.000015", cacheRead: "0.0000003", cacheWrite: "0.00000375"),
        Model("anthropic/claude-3.5-haiku", "Anthropic: Claude 3.5 Haiku", 200_000, "0.0000008", "0.000004", cacheRead: "0.00000008", cacheWrite: "0.000001"),
        Model("google/gemini-2.5-pro", "Google: Gemini 2.5 Pro", 1_048_576, "0.00000125", "0.00001", cacheRead: "0.00000031", cacheWrite: "0.000001625", parameters: WithReasoning),
        Model("google/gemini-2.5-flash", "Google: Gemini 2.5 Flash", 1_048_576, "0.0000003", "0.0000025", cacheRead: "0.000000075", cacheWrite: "0.0000003833"),
        Model("meta-llama/llama-3.3-70b-instruct", "Meta: Llama 3.3 70B Instruct", 131_072, "0.00000013", "0.00000039"),
        Model("meta-llama/llama-3.3-70b-instruct:free", "Meta: Llama 3.3 70B Instruct (free)", 65_536, "0", "0", parameters: ["max_tokens", "temperature", "top_p", "stop", "seed"]),
        Model("mistralai/mistral-large-2411", "Mistral Large 2411", 131_072, "0.000002", "0.000006"),
        Model("mistralai/mistral-small-3.1-24b-instruct", "Mistral: Mistral Small 3.1 24B", 131_072, "0.0000001", "0.0000003"),
        Model("deepseek/deepseek-chat", "DeepSeek: DeepSeek V3", 163_840, "0.00000027", "0.0000011", cacheRead: "0.00000007"),
        Model("deepseek/deepseek-r1", "DeepSeek: R1", 163_840, "0.00000055", "0.00000219", parameters: WithReasoning),
        Model("deepseek/deepseek-r1:free", "DeepSeek: R1 (free)", 163_840, "0", "0", parameters: WithReasoning),
        Model("qwen/qwen-2.5-72b-instruct", "Qwen2.5 72B Instruct", 32_768, "0.00000012", "0.00000039"),
        Model("x-ai/grok-3-mini", "xAI: Grok 3 Mini", 131_072, "0.0000003", "0.0000005", cacheRead: "0.000000075", parameters: WithReasoning),
    ];

    public static IReadOnlyList<string> Ids { get; } = [.. Models.Select(model => model.Id)];

    /// <summary>The catalogue without the models named, as if OpenRouter had stopped listing them.</summary>
    public static IReadOnlyList<PublishedModel> Without(params string[] ids) => [.. Models.Where(model => !ids.Contains(model.Id))];

    public static PublishedModel Model(string id, string name, int contextLength, string prompt, string completion, string? cacheRead = null, string? cacheWrite = null, IReadOnlyList<string>? parameters = null) =>
        new(id, name, contextLength,
            new ModelPrices(Usd(prompt), Usd(completion), 0m, cacheRead is null ? null : Usd(cacheRead), cacheWrite is null ? null : Usd(cacheWrite)),
            parameters ?? Standard);

    private static decimal Usd(string perToken) => decimal.Parse(perToken, System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>A catalogue source whose answer a test sets, or makes throw; counts the calls.</summary>
public sealed class FakeModelCatalogueSource : IModelCatalogueSource
{
    private Func<IReadOnlyList<PublishedModel>> _answer = () => SimulatorCatalogue.Models;
    private int _calls;

    public int Calls => _calls;

    /// <summary>Set by a test to hold a call open (to prove that a second refresh does not start meanwhile).</summary>
    public TaskCompletionSource? Gate { get; set; }

    public void Answer(IReadOnlyList<PublishedModel> models) => _answer = () => models;

    public void Fail(Exception exception) => _answer = () => throw exception;

    public async Task<IReadOnlyList<PublishedModel>> GetModelsAsync(CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _calls);
        if (Gate is { } gate)
        {
            await gate.Task.WaitAsync(cancellationToken);
        }

        return _answer();
    }
}
