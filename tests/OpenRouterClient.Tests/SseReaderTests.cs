using System.Text;
using OpenRouterSaaS.Infrastructure.OpenRouter.Streaming;

namespace OpenRouterClient.Tests;

public sealed class SseReaderTests
{
    private const string OpenRouterStream =
        ": OPENROUTER PROCESSING\n\n"
        + "data: {\"id\":\"gen-1\",\"choices\":[{\"delta\":{\"content\":\"Hi\"}}]}\n\n"
        + ": OPENROUTER PROCESSING\n\n"
        + "data: {\"id\":\"gen-1\",\"choices\":[],\"usage\":{\"prompt_tokens\":5,\"completion_tokens\":1,\"cost\":0.00002}}\n\n"
        + "data: [DONE]\n\n";

    private static readonly string[] Expected =
    [
        "comment:OPENROUTER PROCESSING",
        "data:{\"id\":\"gen-1\",\"choices\":[{\"delta\":{\"content\":\"Hi\"}}]}",
        "comment:OPENROUTER PROCESSING",
        "data:{\"id\":\"gen-1\",\"choices\":[],\"usage\":{\"prompt_tokens\":5,\"completion_tokens\":1,\"cost\":0.00002}}",
        "data:[DONE]",
    ];

    [Theory]
    [InlineData("\n")]
    [InlineData("\r\n")]
    [InlineData("\r")]
    public async Task Reads_comments_and_events_with_any_line_ending(string lineEnding)
    {
        Assert.Equal(Expected, await ReadAllAsync(OpenRouterStream.Replace("\n", lineEnding, StringComparison.Ordinal), bytesPerRead: 4096));
    }

    [Theory]
    [InlineData("\n")]
    [InlineData("\r\n")]
    [InlineData("\r")]
    public async Task Reads_the_same_when_the_network_hands_over_one_byte_at_a_time(string lineEnding)
    {
        Assert.Equal(Expected, await ReadAllAsync(OpenRouterStream.Replace("\n", lineEnding, StringComparison.Ordinal), bytesPerRead: 1));
    }

    [Fact]
    public async Task Reads_the_same_when_split_at_every_byte_boundary()
    {
        var bytes = Encoding.UTF8.GetBytes(OpenRouterStream.Replace("\n", "\r\n", StringComparison.Ordinal));
        for (var split = 1; split < bytes.Length; split++)
        {
            var events = await ReadAllAsync(new ChunkedStream(bytes, [split, bytes.Length - split]));
            Assert.Equal(Expected, events);
        }
    }

    [Fact]
    public async Task Joins_multi_line_data_with_line_feeds_and_ignores_other_fields()
    {
        const string text = "event: message\nid: 7\nretry: 1000\ndata: {\"a\":\ndata:1}\ndata\n\n";

        Assert.Equal(["data:{\"a\":\n1}\n"], await ReadAllAsync(text, bytesPerRead: 3));
    }

    [Fact]
    public async Task A_blank_line_without_data_dispatches_nothing()
    {
        Assert.Equal(["data:x"], await ReadAllAsync("\n\n\nevent: ping\n\ndata: x\n\n", bytesPerRead: 2));
    }

    [Fact]
    public async Task A_truncated_stream_ends_and_drops_the_unfinished_event()
    {
        const string text = "data: {\"id\":\"gen-1\"}\n\ndata: {\"id\":\"gen-1\",\"choi";

        Assert.Equal(["data:{\"id\":\"gen-1\"}"], await ReadAllAsync(text, bytesPerRead: 5));
    }

    [Fact]
    public async Task Recognises_DONE_only_as_a_whole_data_value()
    {
        await using var reader = new SseReader(new MemoryStream(Encoding.UTF8.GetBytes("data: [DONE]x\n\ndata: [DONE]\n\n")));

        Assert.False((await reader.ReadAsync())!.Value.IsDone);
        Assert.True((await reader.ReadAsync())!.Value.IsDone);
        Assert.Null(await reader.ReadAsync());
    }

    [Fact]
    public async Task An_event_over_the_size_limit_is_refused()
    {
        var text = "data: " + new string('x', 200) + "\n\n";
        await using var reader = new SseReader(new ChunkedStream(Encoding.UTF8.GetBytes(text), [7]), maxEventBytes: 100);

        await Assert.ThrowsAsync<InvalidDataException>(async () => await reader.ReadAsync());
    }

    private static Task<List<string>> ReadAllAsync(string text, int bytesPerRead) =>
        ReadAllAsync(new ChunkedStream(Encoding.UTF8.GetBytes(text), [bytesPerRead]));

    private static async Task<List<string>> ReadAllAsync(Stream stream)
    {
        var events = new List<string>();
        await using var reader = new SseReader(stream);
        while (await reader.ReadAsync() is { } e)
        {
            events.Add((e.Type == SseEventType.Comment ? "comment:" : "data:") + Encoding.UTF8.GetString(e.Data.Span));
        }

        return events;
    }
}

/// <summary>A stream that hands out its bytes in reads of the given sizes (the last size repeating), as a slow network would.</summary>
internal sealed class ChunkedStream(byte[] bytes, int[] sizes) : Stream
{
    private int _position;
    private int _reads;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var size = Math.Min(Math.Min(sizes[Math.Min(_reads++, sizes.Length - 1)], buffer.Length), bytes.Length - _position);
        bytes.AsSpan(_position, size).CopyTo(buffer);
        _position += size;
        return size;
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(Read(buffer.Span));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        Task.FromResult(Read(buffer.AsSpan(offset, count)));

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
