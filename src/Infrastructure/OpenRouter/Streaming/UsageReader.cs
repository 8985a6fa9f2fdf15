using System.Text.Json;
using OpenRouterSaaS.Application.Common.Interfaces;

namespace OpenRouterSaaS.Infrastructure.OpenRouter.Streaming;

/// <summary>Reads OpenRouter's <c>usage</c> object: tokens, cached and reasoning tokens, <c>cost</c> in USD, <c>is_byok</c>.</summary>
public static class UsageReader
{
    public static ChatUsage Read(JsonElement usage)
    {
        var prompt = Int(usage, "prompt_tokens");
        var completion = Int(usage, "completion_tokens");
        var total = usage.TryGetProperty("total_tokens", out var t) && t.ValueKind == JsonValueKind.Number ? t.GetInt32() : prompt + completion;
        var cached = usage.TryGetProperty("prompt_tokens_details", out var p) && p.ValueKind == JsonValueKind.Object ? Int(p, "cached_tokens") : 0;
        var reasoning = usage.TryGetProperty("completion_tokens_details", out var c) && c.ValueKind == JsonValueKind.Object ? Int(c, "reasoning_tokens") : 0;
        decimal? cost = usage.TryGetProperty("cost", out var costElement) && costElement.ValueKind == JsonValueKind.Number
            && costElement.TryGetDecimal(out var value) ? value : null;
        var byok = usage.TryGetProperty("is_byok", out var byokElement) && byokElement.ValueKind == JsonValueKind.True;
        return new ChatUsage(prompt, completion, total, cached, reasoning, cost, byok);
    }

    private static int Int(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var number) ? number : 0;
}
