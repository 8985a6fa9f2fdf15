namespace OpenRouterSimulator.Faults;

/// <summary>The faults chosen for one request, by header <c>X-Simulator-Fault</c> or a <c>[[sim:fault=...]]</c> prompt marker.</summary>
internal sealed class FaultPlan
{
    public static readonly FaultPlan None = new();

    /// <summary>An error status to answer with instead of a completion (400, 401, 402, 403, 408, 429, 500, 502, 503).</summary>
    public int? Status { get; set; }

    /// <summary><c>Retry-After</c> seconds for a 429 or 503.</summary>
    public int? RetryAfterSeconds { get; set; }

    /// <summary>Added before the answer (for a stream: after the first processing comment).</summary>
    public TimeSpan Latency { get; set; }

    /// <summary>Pause before each streamed chunk of this request, instead of <see cref="SimulatorOptions.ChunkDelay"/>.</summary>
    public TimeSpan? ChunkDelay { get; set; }

    /// <summary>Send an error chunk after some content, status still 200.</summary>
    public bool StreamError { get; set; }

    /// <summary>Abort the connection after some chunks.</summary>
    public bool Drop { get; set; }

    /// <summary>Fail this many attempts of the same request with 503 before answering.</summary>
    public int FailFirst { get; set; }

    /// <summary>
    /// USD added to the generation record's <c>total_cost</c> (and so to what is billed and to the activity) beyond the
    /// response's <c>usage.cost</c>; negative bills less, never below zero. OpenRouter's bill can differ from the response.
    /// </summary>
    public decimal CostDrift { get; set; }

    /// <summary>Models that fail for this request, so a <c>models</c> list falls back past them.</summary>
    public HashSet<string> DownModels { get; } = new(StringComparer.Ordinal);

    /// <summary>The fault text as given, for the request log.</summary>
    public string? Description { get; set; }

    public bool IsEmpty => Description is null;
}
