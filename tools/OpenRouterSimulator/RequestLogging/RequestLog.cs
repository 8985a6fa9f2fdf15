using System.Collections.Concurrent;

namespace OpenRouterSimulator.RequestLogging;

/// <summary>The most recent requests to <c>/api/v1</c>, with the key's fingerprint (never the key) and the fault applied.</summary>
public sealed class RequestLog
{
    private readonly ConcurrentQueue<RequestLogEntry> _entries = new();
    private readonly int _capacity;
    private long _sequence;

    internal RequestLog(int capacity) => _capacity = Math.Max(1, capacity);

    /// <summary>A snapshot, oldest first.</summary>
    public IReadOnlyList<RequestLogEntry> Entries => [.. _entries];

    /// <summary>Requests logged since the start or the last <see cref="Clear"/>, including those no longer kept.</summary>
    public long TotalCount => Interlocked.Read(ref _sequence);

    public void Clear()
    {
        _entries.Clear();
        Interlocked.Exchange(ref _sequence, 0);
    }

    internal void Add(Func<long, RequestLogEntry> entry)
    {
        _entries.Enqueue(entry(Interlocked.Increment(ref _sequence)));
        while (_entries.Count > _capacity && _entries.TryDequeue(out _))
        {
        }
    }
}

/// <summary>One logged request.</summary>
/// <param name="Sequence">Its number since the start or the last clear.</param>
/// <param name="Time">When it arrived (UTC).</param>
/// <param name="Method">HTTP method.</param>
/// <param name="Path">Path and query string.</param>
/// <param name="KeyFingerprint">First 12 hex of SHA-256 of the bearer key, or null without one.</param>
/// <param name="Status">Response status (200 for a stream, even when it failed mid-way).</param>
/// <param name="Fault">The fault spec applied, or null.</param>
/// <param name="Model">The model served, when one was chosen.</param>
/// <param name="GenerationId">The generation id, when one was made.</param>
/// <param name="Aborted">Whether the connection was aborted (client gone or fault <c>drop</c>).</param>
/// <param name="DurationMs">Time to the end of the response.</param>
/// <param name="HttpReferer">The <c>HTTP-Referer</c> attribution header, as sent.</param>
/// <param name="Title">The <c>X-OpenRouter-Title</c> attribution header, as sent.</param>
/// <param name="LegacyTitle">The older <c>X-Title</c> attribution header, as sent.</param>
/// <param name="Body">The body of a chat completion request as sent, when <see cref="SimulatorOptions.LogRequestBodies"/> is on.</param>
public sealed record RequestLogEntry(
    long Sequence,
    DateTimeOffset Time,
    string Method,
    string Path,
    string? KeyFingerprint,
    int Status,
    string? Fault,
    string? Model,
    string? GenerationId,
    bool Aborted,
    double DurationMs,
    string? HttpReferer = null,
    string? Title = null,
    string? LegacyTitle = null,
    string? Body = null);
