using System.Buffers;
using System.IO.Pipelines;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.Features;
using OpenRouterSimulator.Api;
using OpenRouterSimulator.Faults;

namespace OpenRouterSimulator.Chat;

/// <summary>
/// Streams a completion as OpenRouter does: <c>: OPENROUTER PROCESSING</c> comments, one <c>data:</c> chunk per word or few words,
/// a usage chunk, then <c>data: [DONE]</c>. A client that disconnects stops the generation and leaves a cancelled record.
/// </summary>
internal sealed class StreamingResponder(SimulatorState state)
{
    private static readonly byte[] Processing = ": OPENROUTER PROCESSING\n\n"u8.ToArray();
    private static readonly byte[] DataPrefix = "data: "u8.ToArray();
    private static readonly byte[] EventEnd = "\n\n"u8.ToArray();
    private static readonly byte[] Done = "data: [DONE]\n\n"u8.ToArray();
    private static readonly TimeSpan DropGrace = TimeSpan.FromMilliseconds(250);

    public async Task RespondAsync(HttpContext context, Completion completion, FaultPlan faults, bool applyLatency)
    {
        var options = state.Options;
        var response = context.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
        response.Headers["X-Generation-Id"] = completion.Id;
        context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();

        var token = context.RequestAborted;
        var writer = response.BodyWriter;
        var sent = 0;
        var cancelled = false;
        var latency = TimeSpan.Zero;
        string? finish = null;
        string? nativeFinish = null;
        try
        {
            writer.Write(Processing);
            await writer.FlushAsync(token);
            if (applyLatency && faults.Latency > TimeSpan.Zero)
            {
                await KeepAliveAsync(writer, faults.Latency, token);
            }

            latency = System.Diagnostics.Stopwatch.GetElapsedTime(completion.StartTimestamp);
            using var json = new Utf8JsonWriter((IBufferWriter<byte>)writer);
            var perChunk = Math.Max(1, options.WordsPerChunk);
            var chunkCount = (completion.Pieces.Length + perChunk - 1) / perChunk;
            var chunkDelay = faults.ChunkDelay ?? options.ChunkDelay;
            var failAt = faults.StreamError || faults.Drop ? Math.Clamp(chunkCount / 2, 1, 3) : -1;
            for (var i = 0; i < chunkCount; i++)
            {
                if (i == failAt && faults.Drop)
                {
                    // Let the chunks already sent reach the client before the reset, as a network drop mid-stream would.
                    await Task.Delay(DropGrace, token);
                    cancelled = true;
                    context.Abort();
                    return;
                }

                if (i == failAt)
                {
                    (finish, nativeFinish) = ("error", "error");
                    WriteEvent(writer, json, ErrorChunk(completion));
                    await writer.FlushAsync(token);
                    return;
                }

                if (chunkDelay > TimeSpan.Zero)
                {
                    await Task.Delay(chunkDelay, token);
                }

                token.ThrowIfCancellationRequested();
                var start = i * perChunk;
                var count = Math.Min(perChunk, completion.Pieces.Length - start);
                var last = i == chunkCount - 1;
                WriteEvent(writer, json, Chunk(
                    completion,
                    new ChunkDelta(i == 0 ? "assistant" : null, string.Join("", completion.Pieces, start, count)),
                    last ? completion.FinishReason : null,
                    last ? completion.NativeFinishReason : null));
                sent += count;
                var flushed = await writer.FlushAsync(token);
                if (flushed.IsCanceled || flushed.IsCompleted)
                {
                    cancelled = true;
                    return;
                }
            }

            (finish, nativeFinish) = (completion.FinishReason, completion.NativeFinishReason);
            WriteEvent(writer, json, UsageChunk(completion, sent, options.UsageChunkChoices));
            writer.Write(Done);
            await writer.FlushAsync(token);
        }
        catch (Exception e) when (e is OperationCanceledException or IOException)
        {
            cancelled = true;
        }
        finally
        {
            var record = completion.ToRecord(sent, streamed: true, cancelled, cancelled ? null : finish, cancelled ? null : nativeFinish, latency, state.Time.GetUtcNow());
            state.Record(record, completion.Key);
        }
    }

    private async Task KeepAliveAsync(PipeWriter writer, TimeSpan wait, CancellationToken token)
    {
        var interval = state.Options.KeepAliveInterval > TimeSpan.Zero ? state.Options.KeepAliveInterval : wait;
        var remaining = wait;
        while (remaining > TimeSpan.Zero)
        {
            var step = remaining < interval ? remaining : interval;
            await Task.Delay(step, token);
            remaining -= step;
            if (remaining > TimeSpan.Zero)
            {
                writer.Write(Processing);
                await writer.FlushAsync(token);
            }
        }
    }

    private static void WriteEvent(PipeWriter writer, Utf8JsonWriter json, ChatCompletionChunk chunk)
    {
        writer.Write(DataPrefix);
        JsonSerializer.Serialize(json, chunk, SimulatorJsonContext.Wire.ChatCompletionChunk);
        json.Flush();
        json.Reset();
        writer.Write(EventEnd);
    }

    private static ChatCompletionChunk Chunk(Completion completion, ChunkDelta delta, string? finish, string? nativeFinish) =>
        new(completion.Id, completion.Model.ProviderName, completion.Model.Id, "chat.completion.chunk", completion.Created,
            [new ChunkChoice(0, delta, finish, nativeFinish)], SystemFingerprint: null);

    private static ChatCompletionChunk UsageChunk(Completion completion, int sent, UsageChunkStyle style)
    {
        IReadOnlyList<ChunkChoice> choices = style == UsageChunkStyle.RepeatFinish
            ? [new ChunkChoice(0, new ChunkDelta("assistant", ""), completion.FinishReason, completion.NativeFinishReason)]
            : [];
        return new ChatCompletionChunk(completion.Id, completion.Model.ProviderName, completion.Model.Id, "chat.completion.chunk",
            completion.Created, choices, SystemFingerprint: null)
        {
            Usage = completion.Usage(sent).ToDto(),
        };
    }

    private static ChatCompletionChunk ErrorChunk(Completion completion) =>
        Chunk(completion, new ChunkDelta(null, ""), "error", "error") with
        {
            Error = new ErrorDetail(StatusCodes.Status502BadGateway, "Provider disconnected unexpectedly",
                new JsonObject { ["error_type"] = "provider_unavailable", ["provider_name"] = completion.Model.ProviderName }),
        };
}
