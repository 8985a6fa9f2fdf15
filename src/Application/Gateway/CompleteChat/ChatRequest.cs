using System.Text.Unicode;
using System.Text.Json;
using System.Text.Json.Nodes;
using OpenRouterSaaS.Application.Models.Access;

namespace OpenRouterSaaS.Application.Gateway.CompleteChat;

/// <summary>A client's chat request as the gateway needs to see it; every other field is passed to OpenRouter untouched.</summary>
internal sealed class ChatRequest
{
    private readonly JsonObject _json;

    private ChatRequest(JsonObject json, string? model, IReadOnlyList<string>? fallbackModels, int? maxTokens, bool stream, long promptCharacters, DataRetentionAsk retention)
    {
        _json = json;
        Model = model;
        FallbackModels = fallbackModels;
        MaxTokens = maxTokens;
        Stream = stream;
        PromptCharacters = promptCharacters;
        Retention = retention;
    }

    public string? Model { get; }

    public IReadOnlyList<string>? FallbackModels { get; }

    /// <summary><c>max_completion_tokens</c>, or else <c>max_tokens</c>: the completion's ceiling, as OpenRouter reads them.</summary>
    public int? MaxTokens { get; }

    public bool Stream { get; }

    /// <summary>The length of the messages' JSON: a fair, slightly high, measure of the prompt.</summary>
    public long PromptCharacters { get; }

    /// <summary>What the request's <c>provider</c> object says about zero data retention.</summary>
    public DataRetentionAsk Retention { get; }

    public static (ChatRequest? Request, string? Error) Parse(ReadOnlyMemory<byte> body)
    {
        // The JSON reader checks a string's bytes only when the string is read, which would be too late.
        if (!Utf8.IsValid(body.Span))
        {
            return (null, "The request body is not valid JSON: it holds bytes that are not UTF-8 text.");
        }

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

        if (messages.Any(message => message is not JsonObject))
        {
            return (null, "Each entry of \"messages\" must be an object such as {\"role\": \"user\", \"content\": \"Hello\"}.");
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

        if (!TryReadTokenLimit(json, "max_tokens", out var maxTokens, out var error)
            || !TryReadTokenLimit(json, "max_completion_tokens", out var maxCompletionTokens, out error))
        {
            return (null, error);
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

        var retention = DataRetentionAsk.Read(json["provider"], out error);
        if (error is not null)
        {
            return (null, error);
        }

        return (new ChatRequest(json, model, fallbacks, maxCompletionTokens ?? maxTokens, stream, messages.ToJsonString().Length, retention), null);
    }

    /// <summary>
    /// The request to send: the catalogue's spelling of the models, <c>stream</c> as asked, for <c>openrouter/auto</c> the
    /// auto-router plugin confined to the allowed models (replacing any the client sent), and under zero data retention
    /// <c>provider.zdr: true</c> and <c>provider.data_collection: "deny"</c> beside the client's other provider preferences.
    /// </summary>
    public byte[] ForUpstream(ModelAccessDecision decision, bool zeroDataRetention)
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

        if (zeroDataRetention)
        {
            var provider = copy["provider"] as JsonObject ?? [];
            provider["zdr"] = true;
            provider["data_collection"] = "deny";
            copy["provider"] = provider;
        }

        copy["stream"] = Stream;
        return JsonSerializer.SerializeToUtf8Bytes(copy);
    }

    private static bool TryReadTokenLimit(JsonObject json, string name, out int? limit, out string? error)
    {
        limit = null;
        error = null;
        if (json[name] is not { } node || node.GetValueKind() == JsonValueKind.Null)
        {
            return true;
        }

        if (node.GetValueKind() != JsonValueKind.Number || !node.AsValue().TryGetValue<int>(out var value) || value <= 0 || value > ChatGateway.MaxTokensCeiling)
        {
            error = $"\"{name}\" must be a whole number from 1 to {ChatGateway.MaxTokensCeiling:N0}.";
            return false;
        }

        limit = value;
        return true;
    }
}

/// <summary>
/// What a request's <c>provider</c> object (OpenRouter's provider preferences) says about data retention:
/// <c>zdr</c> true, false or unset, and whether <c>data_collection</c> is <c>"allow"</c>.
/// </summary>
internal sealed record DataRetentionAsk(bool? Zdr, bool AllowsDataCollection)
{
    public static readonly DataRetentionAsk Unset = new(null, false);

    /// <summary>The member switched it on for this call.</summary>
    public bool AsksForIt => Zdr == true;

    /// <summary>The request tries to switch it off: <c>zdr: false</c> or <c>data_collection: "allow"</c>.</summary>
    public bool RefusesIt => Zdr == false || AllowsDataCollection;

    public static DataRetentionAsk Read(JsonNode? provider, out string? error)
    {
        error = null;
        if (provider is null || provider.GetValueKind() == JsonValueKind.Null)
        {
            return Unset;
        }

        if (provider is not JsonObject preferences)
        {
            error = "\"provider\" must be an object of provider preferences, such as {\"zdr\": true}.";
            return Unset;
        }

        bool? zdr = null;
        if (preferences["zdr"] is { } zdrNode && zdrNode.GetValueKind() != JsonValueKind.Null)
        {
            var kind = zdrNode.GetValueKind();
            if (kind is not (JsonValueKind.True or JsonValueKind.False))
            {
                error = "\"provider.zdr\" must be true or false.";
                return Unset;
            }

            zdr = kind == JsonValueKind.True;
        }

        var allows = false;
        if (preferences["data_collection"] is { } collection && collection.GetValueKind() != JsonValueKind.Null)
        {
            var value = collection.GetValueKind() == JsonValueKind.String ? collection.GetValue<string>() : null;
            if (value is not ("allow" or "deny"))
            {
                error = "\"provider.data_collection\" must be \"allow\" or \"deny\".";
                return Unset;
            }

            allows = value == "allow";
        }

        return new DataRetentionAsk(zdr, allows);
    }
}
