using System.Buffers;
using System.IO.Pipelines;

namespace OpenRouterSaaS.Infrastructure.OpenRouter.Streaming;

/// <summary>
/// Reads server-sent events from a stream as they arrive, per the HTML living standard's event-stream rules: lines end with
/// LF, CRLF or CR; a line starting with <c>:</c> is a comment (returned, so keep-alives can be passed on); <c>data:</c>
/// lines (several make one value, joined with LF) are dispatched at the blank line; other fields are ignored. Lines and
/// events may be split across network reads at any byte. The reader copies an event's data into one reused buffer: no
/// allocation per byte or per event once warm.
/// </summary>
public sealed class SseReader : IAsyncDisposable
{
    /// <summary>Largest event or line accepted: a generous bound so a broken or hostile stream cannot exhaust memory.</summary>
    public const int DefaultMaxEventBytes = 8 * 1024 * 1024;

    private readonly PipeReader _reader;
    private readonly int _maxEventBytes;
    private readonly ArrayBufferWriter<byte> _data = new(4096);
    private readonly ArrayBufferWriter<byte> _comment = new(64);
    private byte[] _line = new byte[256];
    private bool _hasData;
    private bool _dispatched;
    private bool _ended;

    public SseReader(Stream stream, int maxEventBytes = DefaultMaxEventBytes)
    {
        ArgumentNullException.ThrowIfNull(stream);
        _reader = PipeReader.Create(stream, new StreamPipeReaderOptions(bufferSize: 16 * 1024, minimumReadSize: 1024, leaveOpen: true));
        _maxEventBytes = maxEventBytes;
    }

    /// <summary>
    /// The next comment or event; null at the end of the stream (an event not closed by a blank line is dropped, as the
    /// standard says). Throws <see cref="InvalidDataException"/> for a line or event over the size limit.
    /// </summary>
    public async ValueTask<SseEvent?> ReadAsync(CancellationToken cancellationToken = default)
    {
        if (_dispatched)
        {
            _data.ResetWrittenCount();
            _dispatched = false;
        }

        while (!_ended)
        {
            var result = await _reader.ReadAsync(cancellationToken);
            var buffer = result.Buffer;
            while (TryReadLine(ref buffer, result.IsCompleted, out var line))
            {
                if (Process(line) is { } found)
                {
                    _reader.AdvanceTo(buffer.Start);
                    return found;
                }
            }

            if (result.IsCompleted)
            {
                _reader.AdvanceTo(buffer.End);
                _ended = true;
                break;
            }

            if (buffer.Length > _maxEventBytes)
            {
                throw new InvalidDataException($"A server-sent-events line longer than {_maxEventBytes} bytes.");
            }

            _reader.AdvanceTo(buffer.Start, buffer.End);
        }

        return null;
    }

    public async ValueTask DisposeAsync() => await _reader.CompleteAsync();

    /// <summary>Takes one line off the buffer, without its end. A CR at the very end waits for the next byte, which may be its LF.</summary>
    private static bool TryReadLine(ref ReadOnlySequence<byte> buffer, bool isFinal, out ReadOnlySequence<byte> line)
    {
        var reader = new SequenceReader<byte>(buffer);
        if (!reader.TryReadToAny(out line, "\r\n"u8, advancePastDelimiter: false))
        {
            return false;
        }

        reader.TryRead(out var end);
        if (end == (byte)'\r')
        {
            if (reader.End && !isFinal)
            {
                return false;
            }

            reader.IsNext((byte)'\n', advancePast: true);
        }

        buffer = buffer.Slice(reader.Position);
        return true;
    }

    private SseEvent? Process(in ReadOnlySequence<byte> sequence)
    {
        if (sequence.IsEmpty)
        {
            if (!_hasData)
            {
                return null;
            }

            _hasData = false;
            _dispatched = true;
            return new SseEvent(SseEventType.Data, _data.WrittenMemory);
        }

        var line = Flatten(sequence);
        var colon = line.IndexOf((byte)':');
        if (colon == 0)
        {
            _comment.ResetWrittenCount();
            _comment.Write(WithoutLeadingSpace(line[1..]));
            return new SseEvent(SseEventType.Comment, _comment.WrittenMemory);
        }

        var field = colon < 0 ? line : line[..colon];
        if (!field.SequenceEqual("data"u8))
        {
            return null;
        }

        var value = colon < 0 ? [] : WithoutLeadingSpace(line[(colon + 1)..]);
        if (_data.WrittenCount + value.Length + 1 > _maxEventBytes)
        {
            throw new InvalidDataException($"A server-sent event larger than {_maxEventBytes} bytes.");
        }

        if (_hasData)
        {
            _data.Write("\n"u8);
        }

        _data.Write(value);
        _hasData = true;
        return null;
    }

    private ReadOnlySpan<byte> Flatten(in ReadOnlySequence<byte> sequence)
    {
        if (sequence.IsSingleSegment)
        {
            return sequence.FirstSpan;
        }

        if (sequence.Length > _line.Length)
        {
            _line = new byte[Math.Max((int)sequence.Length, _line.Length * 2)];
        }

        sequence.CopyTo(_line);
        return _line.AsSpan(0, (int)sequence.Length);
    }

    private static ReadOnlySpan<byte> WithoutLeadingSpace(ReadOnlySpan<byte> value) =>
        value.Length > 0 && value[0] == (byte)' ' ? value[1..] : value;
}
