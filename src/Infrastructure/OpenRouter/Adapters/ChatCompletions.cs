using System.Net.Http.Headers;
using System.Text.Json;
using OpenRouterSaaS.Application.Common.Interfaces;
using OpenRouterSaaS.Application.OpenRouter;
using OpenRouterSaaS.Infrastructure.OpenRouter.Api;
using OpenRouterSaaS.Infrastructure.OpenRouter.Http;
using OpenRouterSaaS.Infrastructure.OpenRouter.Streaming;

namespace OpenRouterSaaS.Infrastructure.OpenRouter.Adapters;

/// <summary>
/// <c>POST /chat/completions</c>. Non-streaming through Refit; streaming on the same configured HttpClient (same headers,
/// same resilience) sent with <see cref="HttpCompletionOption.ResponseHeadersRead"/>, so events are read as they arrive.
/// </summary>
internal sealed class ChatCompletions(
    IChatCompletionsApi api, IHttpClientFactory httpClients, OpenRouterCall call, TimeProvider time) : IChatCompletions
{
    private const string Operation = "POST /chat/completions";
    private const string StreamOperation = "POST /chat/completions (stream)";
    private const int MaxErrorBodyBytes = 64 * 1024;

    public Task<ChatCompletionResult> CompleteAsync(string apiKey, ReadOnlyMemory<byte> requestJson, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(apiKey);
        return call.RunAsync(Operation, async token =>
        {
            using var content = Json(requestJson);
            using var response = await api.CreateAsync(apiKey, content, token);
            var body = await response.Content.ReadAsByteArrayAsync(token);
            var status = (int)response.StatusCode;
            if (!response.IsSuccessStatusCode)
            {
                throw OpenRouterErrors.FromResponse(Operation, status, body, RetryAfter.Read(response.Headers, time.GetUtcNow()));
            }

            return Read(status, body, HeaderGenerationId(response));
        }, cancellationToken);
    }

    public async Task<IChatCompletionStream> StreamAsync(string apiKey, ReadOnlyMemory<byte> requestJson, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(apiKey);
        var request = new HttpRequestMessage(HttpMethod.Post, "chat/completions") { Content = Json(requestJson) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        HttpResponseMessage? response = null;

        // Bounds the wait for the headers (retries included) and for an error body; dropped without cancelling once the
        // stream is handed over, whose body has its idle timeout instead.
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(call.Options.Timeout);
        try
        {
            response = await httpClients.CreateClient(OpenRouterHttpClient.StreamingClientName)
                .SendAsync(request, HttpCompletionOption.ResponseHeadersRead, deadline.Token);
            if (!response.IsSuccessStatusCode)
            {
                var body = await ReadBoundedAsync(response, deadline.Token);
                throw OpenRouterErrors.FromResponse(
                    StreamOperation, (int)response.StatusCode, body, RetryAfter.Read(response.Headers, time.GetUtcNow()));
            }

            if (response.Content.Headers.ContentType?.MediaType is not "text/event-stream")
            {
                throw OpenRouterErrors.Malformed(
                    StreamOperation, $"expected an event stream, got '{response.Content.Headers.ContentType?.MediaType}' (did the body ask for \"stream\": true?)");
            }

            var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
            return new ChatCompletionStream(request, response, stream, call.Options.StreamIdleTimeout);
        }
        catch (Exception exception)
        {
            response?.Dispose();
            request.Dispose();
            if (call.Translate(StreamOperation, exception, cancellationToken) is { } translated)
            {
                throw translated;
            }

            throw;
        }
    }

    /// <summary>What a 200 body says: id, served model, provider, usage, and an error on a choice (the generation failed after it began).</summary>
    private static ChatCompletionResult Read(int status, byte[] body, string? headerId)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw OpenRouterErrors.Malformed(Operation, "the body is not a JSON object");
            }

            OpenRouterException? failure = null;
            if (root.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.Object)
            {
                failure = OpenRouterErrors.FromGenerationError(Operation, error);
            }
            else if (root.TryGetProperty("choices", out var choices) && choices.ValueKind == JsonValueKind.Array)
            {
                foreach (var choice in choices.EnumerateArray())
                {
                    if (choice.ValueKind == JsonValueKind.Object && choice.TryGetProperty("error", out var choiceError)
                        && choiceError.ValueKind == JsonValueKind.Object)
                    {
                        failure = OpenRouterErrors.FromGenerationError(Operation, choiceError);
                        break;
                    }
                }
            }

            var usage = root.TryGetProperty("usage", out var usageElement) && usageElement.ValueKind == JsonValueKind.Object
                ? UsageReader.Read(usageElement)
                : null;
            return new ChatCompletionResult(status, body, String(root, "id") ?? headerId, String(root, "model"), String(root, "provider"), usage, failure);
        }
        catch (JsonException e)
        {
            throw OpenRouterErrors.Malformed(Operation, "the body is not JSON", e);
        }
    }

    private static string? String(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static string? HeaderGenerationId(HttpResponseMessage response) =>
        response.Headers.TryGetValues("X-Generation-Id", out var values) ? values.FirstOrDefault() : null;

    private static ReadOnlyMemoryContent Json(ReadOnlyMemory<byte> json)
    {
        var content = new ReadOnlyMemoryContent(json);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        return content;
    }

    /// <summary>An error body, at most 64 KiB of it: enough for OpenRouter's error shape, bounded against a runaway answer.</summary>
    private static async Task<byte[]> ReadBoundedAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        var buffer = new byte[MaxErrorBodyBytes];
        var filled = 0;
        int read;
        while (filled < buffer.Length && (read = await stream.ReadAsync(buffer.AsMemory(filled), cancellationToken)) > 0)
        {
            filled += read;
        }

        return buffer[..filled];
    }
}
