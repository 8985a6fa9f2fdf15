using System.Text.Json;
using System.Text.Json.Nodes;

namespace OpenRouterSaaS.Application.Common.Interfaces;

/// <summary>Chat requests given as a <see cref="JsonObject"/>: <c>stream</c> is set to match the call, every other field is sent as it is.</summary>
public static class ChatCompletionsExtensions
{
    public static Task<ChatCompletionResult> CompleteAsync(
        this IChatCompletions completions, string apiKey, JsonObject request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(completions);
        return completions.CompleteAsync(apiKey, Serialize(request, stream: false), cancellationToken);
    }

    public static Task<IChatCompletionStream> StreamAsync(
        this IChatCompletions completions, string apiKey, JsonObject request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(completions);
        return completions.StreamAsync(apiKey, Serialize(request, stream: true), cancellationToken);
    }

    private static byte[] Serialize(JsonObject request, bool stream)
    {
        ArgumentNullException.ThrowIfNull(request);
        var copy = (JsonObject)request.DeepClone();
        copy["stream"] = stream;
        return JsonSerializer.SerializeToUtf8Bytes(copy);
    }
}
