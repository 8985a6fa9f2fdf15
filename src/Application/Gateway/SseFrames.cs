using System.Buffers;
using System.Text.Json;

namespace OpenRouterSaaS.Application.Gateway;

/// <summary>Frames server-sent events as OpenRouter sends them: <c>data: {json}</c>, <c>: comment</c>, <c>data: [DONE]</c>, each closed by a blank line.</summary>
public static class SseFrames
{
    /// <summary>The event that ends an OpenRouter stream.</summary>
    public static ReadOnlyMemory<byte> Done { get; } = "data: [DONE]\n\n"u8.ToArray();

    /// <summary>
    /// A <c>data:</c> event. A value of several lines gets one <c>data:</c> line each, so the reader joins them back into
    /// the same bytes.
    /// </summary>
    public static void WriteData(IBufferWriter<byte> writer, ReadOnlySpan<byte> data) => WriteLines(writer, "data: "u8, data);

    /// <summary>A comment, such as the keep-alive <c>: OPENROUTER PROCESSING</c>.</summary>
    public static void WriteComment(IBufferWriter<byte> writer, ReadOnlySpan<byte> text) => WriteLines(writer, ": "u8, text);

    /// <summary>A named event (<c>event: name</c>) whose data is <paramref name="value"/> as JSON.</summary>
    public static byte[] Named<T>(string name, T value)
    {
        var writer = new ArrayBufferWriter<byte>();
        writer.Write("event: "u8);
        writer.Write(System.Text.Encoding.UTF8.GetBytes(name));
        writer.Write("\n"u8);
        WriteData(writer, JsonSerializer.SerializeToUtf8Bytes(value));
        return writer.WrittenSpan.ToArray();
    }

    private static void WriteLines(IBufferWriter<byte> writer, ReadOnlySpan<byte> prefix, ReadOnlySpan<byte> value)
    {
        while (true)
        {
            var end = value.IndexOf((byte)'\n');
            writer.Write(prefix);
            writer.Write(end < 0 ? value : value[..end]);
            writer.Write("\n"u8);
            if (end < 0)
            {
                break;
            }

            value = value[(end + 1)..];
        }

        writer.Write("\n"u8);
    }
}
