using System.Diagnostics;

namespace OpenRouterSimulator.Tests;

public sealed class StreamingTests : IAsyncLifetime
{
    private SimulatorHost _sim = null!;

    public async Task InitializeAsync() => _sim = await SimulatorHost.StartAsync();

    public async Task DisposeAsync() => await _sim.DisposeAsync();

    [Fact]
    public async Task A_stream_starts_with_a_processing_comment_then_chunks_then_usage_then_done()
    {
        using var response = await _sim.ChatAsync(_sim.Demo.UserKey, Api.Chat("Stream this", stream: true));

        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType!.MediaType);
        var stream = await SseStream.ReadAsync(response);
        Assert.Equal("comment", stream.Order[0]);
        Assert.Contains(": OPENROUTER PROCESSING", stream.Comments);
        Assert.Equal(["usage", "done"], stream.Order.TakeLast(2));
        Assert.True(stream.Done);

        var content = stream.Chunks.Where(c => c.GetProperty("choices").GetArrayLength() > 0).ToList();
        Assert.True(content.Count > 5, "one chunk per word");
        Assert.All(stream.Chunks, c => Assert.Equal("chat.completion.chunk", c.GetProperty("object").GetString()));
        Assert.Equal("assistant", content[0].GetProperty("choices")[0].GetProperty("delta").GetProperty("role").GetString());
        Assert.False(content[1].GetProperty("choices")[0].GetProperty("delta").TryGetProperty("role", out _));
        Assert.Equal("stop", content[^1].GetProperty("choices")[0].GetProperty("finish_reason").GetString());
        Assert.All(content.SkipLast(1), c => Assert.Equal(System.Text.Json.JsonValueKind.Null, c.GetProperty("choices")[0].GetProperty("finish_reason").ValueKind));
    }

    [Fact]
    public async Task The_usage_chunk_has_empty_choices_and_counts_what_was_streamed()
    {
        using var response = await _sim.ChatAsync(_sim.Demo.UserKey, Api.Chat("Count me", "google/gemini-2.5-flash", stream: true));
        var stream = await SseStream.ReadAsync(response);

        var usageChunk = stream.Chunks[^1];
        Assert.Equal(0, usageChunk.GetProperty("choices").GetArrayLength());
        var usage = usageChunk.GetProperty("usage");
        var words = stream.Content.Split(' ').Length;
        Assert.Equal(words, usage.GetProperty("completion_tokens").GetInt32());
        var expected = (usage.GetProperty("prompt_tokens").GetInt32() * 0.0000003m) + (words * 0.0000025m);
        Assert.Equal(expected, usage.GetProperty("cost").GetDecimal());
    }

    [Fact]
    public async Task Streamed_and_unstreamed_replies_to_the_same_prompt_match_and_the_ids_agree()
    {
        using var plain = await _sim.ChatAsync(_sim.Demo.UserKey, Api.Chat("Same words please"));
        using var streamed = await _sim.ChatAsync(_sim.Demo.UserKey, Api.Chat("Same words please", stream: true));
        var stream = await SseStream.ReadAsync(streamed);

        var expected = (await plain.JsonAsync()).GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString();
        Assert.Equal(expected, stream.Content);
        var id = Assert.Single(streamed.Headers.GetValues("X-Generation-Id"));
        Assert.All(stream.Chunks, c => Assert.Equal(id, c.GetProperty("id").GetString()));
        Assert.All(stream.Chunks, c => Assert.Equal("OpenAI", c.GetProperty("provider").GetString()));
    }

    [Fact]
    public async Task A_token_limit_ends_the_stream_with_length()
    {
        using var response = await _sim.ChatAsync(_sim.Demo.UserKey, Api.Chat("Long story", stream: true, extra: "\"max_tokens\":4"));
        var stream = await SseStream.ReadAsync(response);

        Assert.Equal(4, stream.Content.Split(' ').Length);
        var last = stream.Chunks.Last(c => c.GetProperty("choices").GetArrayLength() > 0);
        Assert.Equal("length", last.GetProperty("choices")[0].GetProperty("finish_reason").GetString());
    }

    [Fact]
    public async Task Latency_in_a_stream_is_filled_with_keep_alive_comments()
    {
        await using var sim = await SimulatorHost.StartAsync(o => o.KeepAliveInterval = TimeSpan.FromMilliseconds(100));
        var watch = Stopwatch.StartNew();

        using var response = await sim.ChatAsync(sim.Demo.UserKey, Api.Chat("Slow one", stream: true), fault: "latency=450");
        var stream = await SseStream.ReadAsync(response);

        Assert.True(watch.ElapsedMilliseconds >= 400, $"took {watch.ElapsedMilliseconds} ms");
        Assert.True(stream.Comments.Count >= 3, $"{stream.Comments.Count} comments");
        Assert.True(stream.Done);
    }

    [Fact]
    public async Task Chunks_can_carry_several_words_and_arrive_with_a_delay()
    {
        await using var sim = await SimulatorHost.StartAsync(o =>
        {
            o.WordsPerChunk = 3;
            o.ChunkDelay = TimeSpan.FromMilliseconds(10);
            o.MinReplyWords = 12;
            o.MaxReplyWords = 12;
        });
        var watch = Stopwatch.StartNew();

        using var response = await sim.ChatAsync(sim.Demo.UserKey, Api.Chat("Three at a time", stream: true));
        var stream = await SseStream.ReadAsync(response);

        Assert.Equal(4, stream.Order.Count(o => o == "chunk"));
        Assert.Equal(12, stream.Content.Split(' ').Length);
        Assert.True(watch.ElapsedMilliseconds >= 35, $"took {watch.ElapsedMilliseconds} ms");
    }

    [Fact]
    public async Task The_usage_chunk_can_repeat_the_finish_reason_as_OpenRouter_documents()
    {
        await using var sim = await SimulatorHost.StartAsync(o => o.UsageChunkChoices = UsageChunkStyle.RepeatFinish);

        using var response = await sim.ChatAsync(sim.Demo.UserKey, Api.Chat("Repeat", stream: true));
        var stream = await SseStream.ReadAsync(response);

        var choice = Assert.Single(stream.Chunks[^1].GetProperty("choices").EnumerateArray());
        Assert.Equal("stop", choice.GetProperty("finish_reason").GetString());
        Assert.Equal("", choice.GetProperty("delta").GetProperty("content").GetString());
        Assert.True(stream.Chunks[^1].TryGetProperty("usage", out _));
    }

    [Fact]
    public async Task A_chunk_delay_fault_paces_one_stream_so_its_first_chunk_arrives_before_the_generation_ends()
    {
        using var response = await _sim.ChatAsync(_sim.Demo.UserKey, Api.Chat("Slowly please", stream: true), fault: "chunk-delay=200");
        await using var body = await response.Content.ReadAsStreamAsync();
        using var reader = new StreamReader(body);

        string? line;
        while ((line = await reader.ReadLineAsync()) is not null && !line.StartsWith("data: ", StringComparison.Ordinal))
        {
        }

        // The first chunk is here while the rest (a word every 200 ms) is still being made: nothing is recorded yet.
        Assert.NotNull(line);
        Assert.DoesNotContain(_sim.State.RequestLog.Entries, entry => entry.Fault == "chunk-delay=200");
        var rest = SseStream.Parse(await reader.ReadToEndAsync());
        Assert.True(rest.Done);
        Assert.Equal(200, Assert.Single(_sim.State.RequestLog.Entries, entry => entry.Fault == "chunk-delay=200").Status);
    }
}
