using System.Runtime.CompilerServices;
using System.Text.Json;
using OpenRouterSaaS.Application.Common.Interfaces;
using OpenRouterSaaS.Application.OpenRouter;

namespace OpenRouterSaaS.Infrastructure.OpenRouter.Streaming;

/// <summary>
/// A streamed completion whose headers arrived with 200: reads its events as they come, through a <see cref="ChatStreamObserver"/>.
/// Owns the response; disposing it closes the connection, which cancels the generation upstream if it is still running.
/// </summary>
internal sealed class ChatCompletionStream : IChatCompletionStream
{
    private const string Operation = "POST /chat/completions (stream)";

    private readonly HttpRequestMessage _request;
    private readonly HttpResponseMessage _response;
    private readonly SseReader _reader;
    private readonly TimeSpan _idleTimeout;
    private readonly ChatStreamObserver _observer = new(Operation);
    private CancellationTokenSource? _idle;
    private int _reading;

    public ChatCompletionStream(HttpRequestMessage request, HttpResponseMessage response, Stream body, TimeSpan idleTimeout)
    {
        _request = request;
        _response = response;
        _reader = new SseReader(body);
        _idleTimeout = idleTimeout;
        GenerationId = response.Headers.TryGetValues("X-Generation-Id", out var values) ? values.FirstOrDefault() : null;
    }

    public string? GenerationId { get; }

    public ChatStreamSummary Summary => _observer.Summarize(GenerationId);

    public async IAsyncEnumerable<ChatStreamEvent> ReadEventsAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        if (Interlocked.Exchange(ref _reading, 1) != 0)
        {
            throw new InvalidOperationException("A completion stream can be read once only.");
        }

        while (true)
        {
            var next = await ReadNextAsync(cancellationToken);
            if (next.Type == SseEventType.Comment)
            {
                yield return new ChatStreamEvent(ChatStreamEventKind.KeepAlive, next.Data);
                continue;
            }

            if (next.IsDone)
            {
                _observer.MarkCompleted();
                yield break;
            }

            var kind = Observe(next.Data);
            yield return new ChatStreamEvent(kind, next.Data);
            if (kind == ChatStreamEventKind.Error)
            {
                throw _observer.Failure!;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _reader.DisposeAsync();
        _idle?.Dispose();
        _response.Dispose();
        _request.Dispose();
    }

    /// <summary>
    /// The next event, within the idle timeout. The timer runs only while waiting for OpenRouter: time the caller spends
    /// with an event (writing it to a slow client) is not silence from OpenRouter.
    /// </summary>
    private async ValueTask<SseEvent> ReadNextAsync(CancellationToken cancellationToken)
    {
        if (_idle is null || _idle.IsCancellationRequested)
        {
            // A timer that fired just after the last read completed must not fail the next one.
            _idle?.Dispose();
            _idle = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        }

        _idle.CancelAfter(_idleTimeout);
        try
        {
            return await _reader.ReadAsync(_idle.Token)
                ?? throw Fail(OpenRouterFailureKind.StreamInterrupted, "the stream ended before [DONE]");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw Fail(OpenRouterFailureKind.Timeout, $"no data for {_idleTimeout.TotalSeconds:0.###} s");
        }
        catch (IOException e)
        {
            throw Fail(OpenRouterFailureKind.StreamInterrupted, "the connection broke mid-stream", e);
        }
        catch (HttpRequestException e)
        {
            throw Fail(OpenRouterFailureKind.StreamInterrupted, "the connection broke mid-stream", e);
        }
        finally
        {
            _idle.CancelAfter(Timeout.InfiniteTimeSpan);
        }
    }

    private ChatStreamEventKind Observe(ReadOnlyMemory<byte> data)
    {
        try
        {
            return _observer.Observe(data.Span);
        }
        catch (JsonException e)
        {
            throw Fail(OpenRouterFailureKind.MalformedResponse, "a chunk is not a JSON object", e);
        }
    }

    private OpenRouterException Fail(OpenRouterFailureKind kind, string what, Exception? inner = null)
    {
        var failure = new OpenRouterException(kind, $"{Operation}: {what}", 200, innerException: inner);
        _observer.Failure ??= failure;
        return failure;
    }
}
