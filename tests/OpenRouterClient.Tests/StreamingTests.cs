using System.Text;
using System.Text.Json;
using OpenRouterSaaS.Application.Common.Interfaces;
using OpenRouterSaaS.Application.OpenRouter;
using OpenRouterSimulator;

namespace OpenRouterClient.Tests;

public sealed class StreamingTests
{
    private static readonly TimeSpan Forever = TimeSpan.FromHours(1);

    [Theory]
    [InlineData(UsageChunkStyle.Empty)]
    [InlineData(UsageChunkStyle.RepeatFinish)]
    public async Task A_stream_yields_keep_alives_chunks_and_usage_then_ends_at_DONE(UsageChunkStyle usageStyle)
    {
        await using var harness = await ClientHarness.StartAsync(options => options.UsageChunkChoices = usageStyle);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var chat = harness.Get<IChatCompletions>();
        var whole = await chat.CompleteAsync(harness.UserKey, ClientHarness.Chat("Tell me a story"), timeout.Token);

        await using var stream = await chat.StreamAsync(harness.UserKey, ClientHarness.Chat("Tell me a story", stream: true), timeout.Token);
        var kinds = new List<ChatStreamEventKind>();
        var content = new StringBuilder();
        await foreach (var e in stream.ReadEventsAsync(timeout.Token))
        {
            kinds.Add(e.Kind);
            if (e.Kind == ChatStreamEventKind.Chunk)
            {
                using var chunk = JsonDocument.Parse(e.Data);
                content.Append(chunk.RootElement.GetProperty("choices")[0].GetProperty("delta").GetProperty("content").GetString());
            }
        }

        Assert.Equal(ChatStreamEventKind.KeepAlive, kinds[0]);
        Assert.Equal(ChatStreamEventKind.Usage, kinds[^1]);
        Assert.True(kinds.Count(k => k == ChatStreamEventKind.Chunk) > 3);
        using (var body = JsonDocument.Parse(whole.Body))
        {
            Assert.Equal(body.RootElement.GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString(), content.ToString());
        }

        var summary = stream.Summary;
        Assert.True(summary.Completed);
        Assert.Null(summary.Failure);
        Assert.Equal(stream.GenerationId, summary.GenerationId);
        Assert.StartsWith("gen-", summary.GenerationId, StringComparison.Ordinal);
        Assert.Equal(("openai/gpt-4o", "OpenAI"), (summary.Model, summary.Provider));
        Assert.Equal(whole.Usage, summary.Usage);
    }

    [Fact]
    public async Task A_mid_stream_error_is_passed_on_then_raised_as_a_stream_error()
    {
        await using var harness = await ClientHarness.StartAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var kinds = new List<ChatStreamEventKind>();

        using (ClientHarness.Fault("stream-error"))
        {
            await using var stream = await harness.Get<IChatCompletions>().StreamAsync(harness.UserKey, ClientHarness.Chat("Break", stream: true), timeout.Token);
            var failure = await Assert.ThrowsAsync<OpenRouterException>(async () =>
            {
                await foreach (var e in stream.ReadEventsAsync(timeout.Token))
                {
                    kinds.Add(e.Kind);
                }
            });

            Assert.Equal((OpenRouterFailureKind.StreamError, 502), (failure.Kind, failure.StatusCode));
            Assert.Equal("Provider disconnected unexpectedly", failure.OpenRouterMessage);
            Assert.Equal("provider_unavailable", failure.ErrorType);
            Assert.Equal(ChatStreamEventKind.Error, kinds[^1]);
            Assert.Contains(ChatStreamEventKind.Chunk, kinds);
            Assert.Same(failure, stream.Summary.Failure);
            Assert.False(stream.Summary.Completed);
        }
    }

    [Fact]
    public async Task A_dropped_stream_ends_with_a_clear_error_not_a_hang()
    {
        await using var harness = await ClientHarness.StartAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var chunks = 0;

        using (ClientHarness.Fault("drop"))
        {
            await using var stream = await harness.Get<IChatCompletions>().StreamAsync(harness.UserKey, ClientHarness.Chat("Drop me", stream: true), timeout.Token);
            var failure = await Assert.ThrowsAsync<OpenRouterException>(async () =>
            {
                await foreach (var e in stream.ReadEventsAsync(timeout.Token))
                {
                    chunks += e.Kind == ChatStreamEventKind.Chunk ? 1 : 0;
                }
            });

            Assert.Equal(OpenRouterFailureKind.StreamInterrupted, failure.Kind);
            Assert.False(timeout.IsCancellationRequested);
            Assert.InRange(chunks, 1, 3);
            Assert.Null(stream.Summary.Usage);
        }

        // A stream that returned 200 is never sent again.
        await harness.WaitForRequestAsync("/chat/completions");
        Assert.Single(harness.Requests("/chat/completions"));
    }

    [Fact]
    public async Task The_first_event_is_readable_while_OpenRouter_is_still_streaming_and_disposing_cancels_upstream()
    {
        // The simulator sends its processing comment, then waits an hour before the first chunk: a client that buffered the
        // body would never return. The request log gets its entry only when the simulator's response has ended.
        await using var harness = await ClientHarness.StartAsync(options => options.ChunkDelay = Forever);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));

        var stream = await harness.Get<IChatCompletions>().StreamAsync(harness.UserKey, ClientHarness.Chat("Take your time", stream: true), timeout.Token);
        await using (stream)
        {
            await using var events = stream.ReadEventsAsync(timeout.Token).GetAsyncEnumerator(timeout.Token);
            Assert.True(await events.MoveNextAsync());
            Assert.Equal(ChatStreamEventKind.KeepAlive, events.Current.Kind);
            Assert.Equal("OPENROUTER PROCESSING", Encoding.UTF8.GetString(events.Current.Data.Span));
            Assert.Empty(harness.Requests("/chat/completions"));
            Assert.NotNull(stream.GenerationId);
        }

        var logged = await WaitForAsync(() => harness.Requests("/chat/completions").SingleOrDefault(), timeout.Token);
        Assert.True(logged.Aborted);
        Assert.False(timeout.IsCancellationRequested);
    }

    [Fact]
    public async Task Cancelling_the_read_cancels_the_upstream_generation()
    {
        await using var harness = await ClientHarness.StartAsync(options => options.ChunkDelay = Forever);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token);
        var stream = await harness.Get<IChatCompletions>().StreamAsync(harness.UserKey, ClientHarness.Chat("Never mind", stream: true), cancel.Token);
        string generationId;
        await using (stream)
        {
            generationId = stream.GenerationId!;
            await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
            {
                await foreach (var e in stream.ReadEventsAsync(cancel.Token))
                {
                    if (e.Kind == ChatStreamEventKind.KeepAlive)
                    {
                        await cancel.CancelAsync();
                    }
                }
            });
        }

        var logged = await WaitForAsync(() => harness.Requests("/chat/completions").SingleOrDefault(), timeout.Token);
        Assert.True(logged.Aborted);
        var generation = await harness.Get<IGenerationSource>().GetGenerationAsync(harness.UserKey, generationId, timeout.Token);
        Assert.True(generation.Generation!.Cancelled);
    }

    [Fact]
    public async Task A_silent_stream_times_out_after_the_idle_timeout()
    {
        await using var harness = await ClientHarness.StartAsync(
            options => options.ChunkDelay = Forever,
            new Dictionary<string, string?> { ["OpenRouter:StreamIdleTimeout"] = "00:00:00.200" });
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        await using var stream = await harness.Get<IChatCompletions>().StreamAsync(harness.UserKey, ClientHarness.Chat("Silence", stream: true), timeout.Token);

        var failure = await Assert.ThrowsAsync<OpenRouterException>(async () =>
        {
            await foreach (var e in stream.ReadEventsAsync(timeout.Token))
            {
                Assert.Equal(ChatStreamEventKind.KeepAlive, e.Kind);
            }
        });

        Assert.Equal(OpenRouterFailureKind.Timeout, failure.Kind);
        Assert.False(timeout.IsCancellationRequested);
    }

    [Fact]
    public async Task Time_the_caller_spends_with_an_event_is_not_counted_as_silence()
    {
        // OpenRouter has sent everything at once; the caller (writing to a slow client) takes longer than the idle timeout per event.
        await using var harness = await ClientHarness.StartAsync(
            options => options.MaxReplyWords = options.MinReplyWords = 4,
            new Dictionary<string, string?> { ["OpenRouter:StreamIdleTimeout"] = "00:00:00.100" });
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        await using var stream = await harness.Get<IChatCompletions>().StreamAsync(harness.UserKey, ClientHarness.Chat("Slow reader", stream: true), timeout.Token);

        await foreach (var e in stream.ReadEventsAsync(timeout.Token))
        {
            await Task.Delay(250, timeout.Token);
        }

        Assert.True(stream.Summary.Completed);
        Assert.NotNull(stream.Summary.Usage);
    }

    [Fact]
    public async Task Errors_before_the_stream_began_are_typed_like_any_other()
    {
        await using var harness = await ClientHarness.StartAsync();
        var chat = harness.Get<IChatCompletions>();

        using (ClientHarness.Fault("402"))
        {
            var failure = await Assert.ThrowsAsync<OpenRouterException>(() => chat.StreamAsync(harness.UserKey, ClientHarness.Chat("Pay", stream: true)));
            Assert.Equal((OpenRouterFailureKind.PaymentRequired, 402), (failure.Kind, failure.StatusCode));
        }

        var unknownModel = await Assert.ThrowsAsync<OpenRouterException>(() => chat.StreamAsync(harness.UserKey, ClientHarness.Chat("Hi", "acme/none", stream: true)));
        Assert.Equal(OpenRouterFailureKind.BadRequest, unknownModel.Kind);
        Assert.Contains("acme/none", unknownModel.OpenRouterMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_body_that_does_not_ask_for_streaming_is_refused_clearly()
    {
        await using var harness = await ClientHarness.StartAsync();

        var failure = await Assert.ThrowsAsync<OpenRouterException>(() =>
            harness.Get<IChatCompletions>().StreamAsync(harness.UserKey, ClientHarness.Chat("Not streamed", stream: false)));

        Assert.Equal(OpenRouterFailureKind.MalformedResponse, failure.Kind);
        Assert.Contains("\"stream\": true", failure.Message, StringComparison.Ordinal);
    }

    private static async Task<T> WaitForAsync<T>(Func<T?> probe, CancellationToken cancellationToken)
        where T : class
    {
        while (true)
        {
            if (probe() is { } found)
            {
                return found;
            }

            await Task.Delay(10, cancellationToken);
        }
    }
}
