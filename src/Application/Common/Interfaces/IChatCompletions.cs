using OpenRouterSaaS.Application.OpenRouter;

namespace OpenRouterSaaS.Application.Common.Interfaces;

/// <summary>
/// OpenRouter's <c>POST /chat/completions</c>. The request body is passed through as UTF-8 JSON, untouched: tools,
/// <c>response_format</c> and every other field a client sent reach OpenRouter as they were.
/// Failures before OpenRouter answered 200 throw <see cref="OpenRouterException"/>.
/// </summary>
public interface IChatCompletions
{
    /// <summary>A completion in one body. The body must not ask for streaming.</summary>
    Task<ChatCompletionResult> CompleteAsync(string apiKey, ReadOnlyMemory<byte> requestJson, CancellationToken cancellationToken = default);

    /// <summary>
    /// A streamed completion: returns as soon as OpenRouter answered with its headers; the events are then read from the
    /// returned stream as they arrive. The body must ask for streaming (<c>"stream": true</c>). Cancelling
    /// <paramref name="cancellationToken"/> or disposing the stream cancels the upstream request.
    /// </summary>
    Task<IChatCompletionStream> StreamAsync(string apiKey, ReadOnlyMemory<byte> requestJson, CancellationToken cancellationToken = default);
}

/// <summary>A non-streamed completion: OpenRouter's status and body as received, and what was read from the body.</summary>
/// <param name="Body">The response body, UTF-8 JSON, to forward as it is.</param>
/// <param name="Model">The model that actually served the request.</param>
/// <param name="Failure">
/// Set when OpenRouter answered 200 but the generation failed after it began (an <c>error</c> on the choice,
/// <c>finish_reason: "error"</c>); the usage then says what was billed.
/// </param>
public sealed record ChatCompletionResult(
    int StatusCode,
    ReadOnlyMemory<byte> Body,
    string? GenerationId,
    string? Model,
    string? Provider,
    ChatUsage? Usage,
    OpenRouterException? Failure);

/// <summary>Tokens and cost of one completion, from its <c>usage</c>. <paramref name="Cost"/> in USD, as OpenRouter charged it.</summary>
public sealed record ChatUsage(
    int PromptTokens,
    int CompletionTokens,
    int TotalTokens,
    int CachedTokens,
    int ReasoningTokens,
    decimal? Cost,
    bool IsByok);

/// <summary>
/// A streamed completion being received. Enumerate <see cref="ReadEventsAsync"/> once, forwarding each event to the client;
/// <see cref="Summary"/> fills in on the way (id, model, provider, usage, failure).
/// </summary>
public interface IChatCompletionStream : IAsyncDisposable
{
    /// <summary>The generation id from the <c>X-Generation-Id</c> header, known before the first event.</summary>
    string? GenerationId { get; }

    /// <summary>What has been seen so far.</summary>
    ChatStreamSummary Summary { get; }

    /// <summary>
    /// The events as they arrive; ends after <c>data: [DONE]</c>. An error chunk is yielded (so it can be forwarded) and
    /// then ends the enumeration with <see cref="OpenRouterException"/> of kind <c>StreamError</c>; a stream cut before
    /// <c>[DONE]</c> throws kind <c>StreamInterrupted</c>, and no bytes within the idle timeout kind <c>Timeout</c>.
    /// An event's <see cref="ChatStreamEvent.Data"/> is valid only until the next event is requested.
    /// </summary>
    IAsyncEnumerable<ChatStreamEvent> ReadEventsAsync(CancellationToken cancellationToken = default);
}

/// <summary>One event of a streamed completion.</summary>
/// <param name="Data">For a chunk, usage or error: the JSON of the <c>data:</c> field, UTF-8; for a keep-alive: the comment text.</param>
public readonly record struct ChatStreamEvent(ChatStreamEventKind Kind, ReadOnlyMemory<byte> Data);

/// <summary>What a stream event carries.</summary>
public enum ChatStreamEventKind
{
    /// <summary>A comment such as <c>: OPENROUTER PROCESSING</c>, sent while the model works; worth forwarding to keep the client's connection alive.</summary>
    KeepAlive,

    /// <summary>A <c>chat.completion.chunk</c> with content.</summary>
    Chunk,

    /// <summary>The final chunk that carries <c>usage</c>.</summary>
    Usage,

    /// <summary>A chunk with a top-level <c>error</c>: the generation failed after it began.</summary>
    Error,
}

/// <summary>What a stream told so far: the generation's id, the model and provider that served it, its usage, how it ended.</summary>
public sealed record ChatStreamSummary(
    string? GenerationId,
    string? Model,
    string? Provider,
    ChatUsage? Usage,
    OpenRouterException? Failure,
    bool Completed);
