using System.Text.Json;

namespace OpenRouterSimulator.Chat;

/// <summary>The parts of OpenRouter's chat request the simulator acts on; other fields are accepted and ignored.</summary>
internal sealed class ChatRequest
{
    public string? Model { get; set; }

    public List<string>? Models { get; set; }

    public List<ChatMessage>? Messages { get; set; }

    public bool? Stream { get; set; }

    public int? MaxTokens { get; set; }

    public int? MaxCompletionTokens { get; set; }

    public List<ChatPlugin>? Plugins { get; set; }

    public string? User { get; set; }

    public string? SessionId { get; set; }

    /// <summary><c>max_completion_tokens</c> wins over the deprecated <c>max_tokens</c>.</summary>
    public int? TokenLimit => MaxCompletionTokens ?? MaxTokens;
}

internal sealed class ChatMessage
{
    public string? Role { get; set; }

    /// <summary>A string, or an array of content parts of which the <c>text</c> parts count.</summary>
    public JsonElement Content { get; set; }

    public string Text()
    {
        switch (Content.ValueKind)
        {
            case JsonValueKind.String:
                return Content.GetString() ?? "";
            case JsonValueKind.Array:
                var parts = new List<string>();
                foreach (var part in Content.EnumerateArray())
                {
                    if (part.ValueKind == JsonValueKind.Object && part.TryGetProperty("text", out var text) && text.ValueKind == JsonValueKind.String)
                    {
                        parts.Add(text.GetString() ?? "");
                    }
                }

                return string.Join("\n", parts);
            default:
                return "";
        }
    }
}

/// <summary>A request plugin; the simulator knows <c>auto-router</c> and its <c>allowed_models</c>.</summary>
internal sealed class ChatPlugin
{
    public string? Id { get; set; }

    public List<string>? AllowedModels { get; set; }
}
