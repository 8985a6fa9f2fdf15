using System.Text.Json;
using System.Text.Json.Nodes;
using OpenRouterSaaS.Application.Models.Access;

namespace OpenRouterSaaS.Application.Gateway.CompleteChat;

/// <summary>A client's chat request as the gateway needs to see it; every other field is passed to OpenRouter untouched.</summary>
internal sealed class ChatRequest
{
    private readonly JsonObject _json;

    private ChatRequest(JsonObject json, string? model, IReadOnlyList<string>? fallbackModels, int? maxTokens, bool stream, long promptCharacters)
    {
        _json = json;
        Model = model;
        FallbackModels = fallbackModels;
        MaxTokens = maxTokens;
        Stream = stream;
        PromptCharacters = promptCharacters;
    }

    public string? Model { get; }

    public IReadOnlyList<string>? FallbackModels { get; }

    public int? MaxTokens { get; }

    public bool Stream { get; }

    /// <summary>The length of the messages' JSON: a fair, slightly high, measure of the prompt.</summary>
    public long PromptCharacters { get; }

    public static (ChatRequest? Request, string? Error) Parse(ReadOnlyMemory<byte> body)
    {
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(body.Span);
        }
        catch (JsonException malformed)
        {
            return (null, $"The request body is not valid JSON: {malformed.Message}");
        }

        if (node is not JsonObject json)
        {
            return (null, "The request body must be a JSON object.");
        }

        if (json["messages"] is not JsonArray messages || messages.Count == 0)
        {
            return (null, "The request has no \"messages\": send a non-empty array of messages.");
        }

        string? model = null;
        if (json["model"] is { } modelNode)
        {
            if (modelNode.GetValueKind() != JsonValueKind.String)
            {
                return (null, "\"model\" must be a string, such as \"openai/gpt-4o-mini\".");
            }

            model = modelNode.GetValue<string>();
        }

        List<string>? fallbacks = null;
        if (json["models"] is { } modelsNode)
        {
            if (modelsNode is not JsonArray list || list.Any(item => item?.GetValueKind() != JsonValueKind.String))
            {
                return (null, "\"models\" must be an array of model ids.");
            }

            fallbacks = [.. list.Select(item => item!.GetValue<string>())];
        }

        if (string.IsNullOrWhiteSpace(model) && fallbacks is not { Count: > 0 })
        {
            return (null, "The request names no model: set \"model\", such as \"openai/gpt-4o-mini\".");
        }

        int? maxTokens = null;
        if (json["max_tokens"] is { } maxNode)
        {
            if (maxNode.GetValueKind() != JsonValueKind.Number || !maxNode.AsValue().TryGetValue<int>(out var max) || max <= 0 || max > ChatGateway.MaxTokensCeiling)
            {
                return (null, $"\"max_tokens\" must be a whole number from 1 to {ChatGateway.MaxTokensCeiling:N0}.");
            }

            maxTokens = max;
        }

        var stream = false;
        if (json["stream"] is { } streamNode)
        {
            var kind = streamNode.GetValueKind();
            if (kind is not (JsonValueKind.True or JsonValueKind.False or JsonValueKind.Null))
            {
                return (null, "\"stream\" must be true or false.");
            }

            stream = kind == JsonValueKind.True;
        }

        return (new ChatRequest(json, model, fallbacks, maxTokens, stream, messages.ToJsonString().Length), null);
    }

    /// <summary>
    /// The request to send: the catalogue's spelling of the models, no streaming, and for <c>openrouter/auto</c> the
    /// auto-router plugin confined to the allowed models (replacing any the client sent).
    /// </summary>
    public byte[] ForUpstream(ModelAccessDecision decision)
    {
        var copy = (JsonObject)_json.DeepClone();
        if (decision.Model is not null)
        {
            copy["model"] = decision.Model;
        }

        if (FallbackModels is not null)
        {
            copy["models"] = new JsonArray([.. decision.FallbackModels.Select(id => (JsonNode)JsonValue.Create(id))]);
        }

        if (decision.AutoRouterAllowedModels is { } allowed)
        {
            var plugins = copy["plugins"] as JsonArray ?? [];
            var kept = plugins
                .Where(plugin => !(plugin is JsonObject entry && entry["id"]?.GetValueKind() == JsonValueKind.String && entry["id"]!.GetValue<string>() == "auto-router"))
                .Select(plugin => plugin?.DeepClone())
                .ToList();
            kept.Add(new JsonObject
            {
                ["id"] = "auto-router",
                ["allowed_models"] = new JsonArray([.. allowed.Select(id => (JsonNode)JsonValue.Create(id))]),
            });
            copy["plugins"] = new JsonArray([.. kept]);
        }

        copy["stream"] = false;
        return JsonSerializer.SerializeToUtf8Bytes(copy);
    }
}
