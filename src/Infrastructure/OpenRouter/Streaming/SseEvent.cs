namespace OpenRouterSaaS.Infrastructure.OpenRouter.Streaming;

/// <summary>What a server-sent-events line or event carried.</summary>
public enum SseEventType
{
    /// <summary>A comment line (<c>: OPENROUTER PROCESSING</c>); <see cref="SseEvent.Data"/> is its text after the colon and one space.</summary>
    Comment,

    /// <summary>An event's <c>data:</c> lines, joined with <c>\n</c>.</summary>
    Data,
}

/// <summary>One comment or one event. <see cref="Data"/> belongs to the reader and is valid only until its next read.</summary>
public readonly record struct SseEvent(SseEventType Type, ReadOnlyMemory<byte> Data)
{
    /// <summary>The <c>data: [DONE]</c> event that ends an OpenRouter stream.</summary>
    public bool IsDone => Type == SseEventType.Data && Data.Span.SequenceEqual("[DONE]"u8);
}
