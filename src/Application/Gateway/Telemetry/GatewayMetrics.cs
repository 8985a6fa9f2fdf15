using System.Diagnostics;
using System.Diagnostics.Metrics;
using OpenRouterSaaS.Domain.Credentials;
using OpenRouterSaaS.Domain.Usage;

namespace OpenRouterSaaS.Application.Gateway.Telemetry;

/// <summary>
/// The gateway's metrics, on the meter <see cref="MeterName"/>: calls and their latency per model, upstream errors by
/// status, spend by key kind, and two gauges of work in progress across all tenants (reservations held, ledger rows
/// waiting for reconciliation), fed by a sampler that counts them in the database.
/// </summary>
public sealed class GatewayMetrics : IDisposable
{
    public const string MeterName = "OpenRouterSaaS.Gateway";

    /// <summary>The model tag of a call refused before a model was accepted (the requested name is not a safe tag value).</summary>
    public const string NoModel = "(none)";

    // LLM calls take from a fraction of a second to minutes; OpenTelemetry's default buckets stop at 10 s.
    private static readonly double[] DurationBuckets = [100, 250, 500, 1_000, 2_500, 5_000, 10_000, 20_000, 30_000, 60_000, 120_000, 300_000];

    private readonly Counter<long> _requests;
    private readonly Histogram<double> _duration;
    private readonly Counter<long> _upstreamErrors;
    // Money is decimal everywhere else; a metric is exported as OpenTelemetry's double (its SDK drops decimal instruments).
    private readonly Counter<double> _spend;
    private Backlog? _backlog;

    public GatewayMetrics()
    {
        Meter = new Meter(MeterName);
        _requests = Meter.CreateCounter<long>("gateway.requests", "{request}", "Calls through the gateway, by model, status code and whether streamed.");
        _duration = Meter.CreateHistogram("gateway.request.duration", "ms", "How long a call through the gateway took, by model, status code and whether streamed.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = DurationBuckets });
        _upstreamErrors = Meter.CreateCounter<long>("gateway.upstream.errors", "{error}", "Calls OpenRouter failed, by the status it answered or the kind of failure.");
        _spend = Meter.CreateCounter<double>("gateway.spend", "USD", "What calls through the gateway cost, as OpenRouter reported it, by key kind.");
        Meter.CreateObservableGauge("budget.reservations.held", () => Observe(backlog => backlog.ReservationsHeld), "{reservation}",
            "Shared-key budget reservations currently held, across all tenants.");
        Meter.CreateObservableGauge("ledger.reconciliation.pending", () => Observe(backlog => backlog.ReconciliationPending), "{row}",
            "Ledger rows waiting for OpenRouter's generation record, across all tenants.");
    }

    /// <summary>This instance's meter: a listener picks its instruments by it when several app hosts share a process (tests).</summary>
    public Meter Meter { get; }

    /// <summary>
    /// One call that ended, whatever its outcome. <paramref name="model"/> is the model the call was allowed to use (or
    /// that served it); null for a call refused before that, so that a client's made-up model names do not become tags.
    /// </summary>
    public void RecordCall(string? model, int statusCode, bool streamed, TimeSpan duration)
    {
        var tags = new TagList
        {
            { "model", string.IsNullOrWhiteSpace(model) ? NoModel : model },
            { "status_code", statusCode },
            { "streamed", streamed },
        };
        _requests.Add(1, tags);
        _duration.Record(duration.TotalMilliseconds, tags);
    }

    /// <summary>
    /// A call that went through the gateway and answered <paramref name="statusCode"/>: its count and latency, the upstream
    /// error when OpenRouter failed it, and what it cost. <paramref name="outcome"/> is null for a call refused before a
    /// ledger row was written (a cancelled call answers 499, as nginx logs a client that went away).
    /// </summary>
    public void RecordCall(ChatCallOutcome? outcome, int statusCode, TimeSpan duration)
    {
        if (outcome is null)
        {
            RecordCall(null, statusCode, streamed: false, duration);
            return;
        }

        var status = outcome.Status == UsageStatus.Cancelled ? ClientClosedRequest : statusCode;
        RecordCall(outcome.ServedModel ?? outcome.RequestedModel, status, outcome.Streamed, duration);
        if (outcome.Status == UsageStatus.Failed && outcome.ErrorCode is { } code && code != GatewayErrorCode)
        {
            RecordUpstreamError(code);
        }

        RecordSpend(outcome.CostUsd ?? 0m, outcome.KeyKind);
    }

    /// <summary>The status recorded for a call whose client went away.</summary>
    public const int ClientClosedRequest = 499;

    /// <summary>The ledger's error code of a call that failed in the gateway itself, not upstream.</summary>
    public const string GatewayErrorCode = "gateway_error";

    /// <summary>A call OpenRouter failed: <paramref name="status"/> is the HTTP status it answered, or the kind of failure (a timeout, no connection) when it answered none.</summary>
    public void RecordUpstreamError(string status) =>
        _upstreamErrors.Add(1, new KeyValuePair<string, object?>("status", status));

    /// <summary>What one call cost, in USD, and which kind of key paid; nothing is recorded for a free call.</summary>
    public void RecordSpend(decimal usd, CredentialKind keyKind)
    {
        if (usd > 0m)
        {
            _spend.Add((double)usd, new KeyValuePair<string, object?>("key_kind", keyKind.ToString().ToLowerInvariant()));
        }
    }

    /// <summary>The latest counts for the two gauges; until the first, the gauges report nothing.</summary>
    public void RecordBacklog(long reservationsHeld, long reconciliationPending) =>
        Volatile.Write(ref _backlog, new Backlog(reservationsHeld, reconciliationPending));

    public void Dispose() => Meter.Dispose();

    private IEnumerable<Measurement<long>> Observe(Func<Backlog, long> value) =>
        Volatile.Read(ref _backlog) is { } backlog ? [new Measurement<long>(value(backlog))] : [];

    private sealed record Backlog(long ReservationsHeld, long ReconciliationPending);
}
