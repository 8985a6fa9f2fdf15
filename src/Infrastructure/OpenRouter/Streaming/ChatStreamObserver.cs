using System.Text.Json;
using OpenRouterSaaS.Application.Common.Interfaces;
using OpenRouterSaaS.Application.OpenRouter;

namespace OpenRouterSaaS.Infrastructure.OpenRouter.Streaming;

/// <summary>
/// Looks at each chunk of a streamed completion on its way through and keeps what the ledger needs: <c>id</c>, <c>model</c>,
/// <c>provider</c>, the <c>usage</c> chunk and a mid-stream <c>error</c>. Reads only top-level properties; content is
/// skipped, not parsed into objects.
/// </summary>
public sealed class ChatStreamObserver(string operation = "POST /chat/completions (stream)")
{
    public string? Id { get; private set; }

    public string? Model { get; private set; }

    public string? Provider { get; private set; }

    public ChatUsage? Usage { get; private set; }

    public OpenRouterException? Failure { get; internal set; }

    /// <summary>Whether <c>data: [DONE]</c> arrived.</summary>
    public bool Completed { get; private set; }

    public void MarkCompleted() => Completed = true;

    /// <summary>Classifies one chunk (the JSON of a <c>data:</c> field) and records what it says. Throws <see cref="JsonException"/> when it is not a JSON object.</summary>
    public ChatStreamEventKind Observe(ReadOnlySpan<byte> chunk)
    {
        var reader = new Utf8JsonReader(chunk);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException("A stream chunk is not a JSON object.");
        }

        var kind = ChatStreamEventKind.Chunk;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("id"u8))
            {
                Id = Capture(ref reader, Id);
            }
            else if (reader.ValueTextEquals("model"u8))
            {
                Model = Capture(ref reader, Model);
            }
            else if (reader.ValueTextEquals("provider"u8))
            {
                Provider = Capture(ref reader, Provider);
            }
            else if (reader.ValueTextEquals("usage"u8))
            {
                reader.Read();
                if (reader.TokenType == JsonTokenType.StartObject)
                {
                    using var usage = JsonDocument.ParseValue(ref reader);
                    Usage = UsageReader.Read(usage.RootElement);
                    kind = kind == ChatStreamEventKind.Error ? kind : ChatStreamEventKind.Usage;
                }
                else
                {
                    reader.Skip();
                }
            }
            else if (reader.ValueTextEquals("error"u8))
            {
                reader.Read();
                if (reader.TokenType == JsonTokenType.StartObject)
                {
                    using var error = JsonDocument.ParseValue(ref reader);
                    Failure = OpenRouterErrors.FromGenerationError(operation, error.RootElement);
                    kind = ChatStreamEventKind.Error;
                }
                else
                {
                    reader.Skip();
                }
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        return kind;
    }

    public ChatStreamSummary Summarize(string? headerGenerationId) =>
        new(Id ?? headerGenerationId, Model, Provider, Usage, Failure, Completed);

    /// <summary>Reads a string value the first time it is seen; later chunks repeat it, so their copy is skipped, not allocated.</summary>
    private static string? Capture(ref Utf8JsonReader reader, string? known)
    {
        reader.Read();
        if (known is null && reader.TokenType == JsonTokenType.String)
        {
            return reader.GetString();
        }

        reader.Skip();
        return known;
    }
}
