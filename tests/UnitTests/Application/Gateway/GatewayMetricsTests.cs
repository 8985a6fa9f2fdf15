using System.Diagnostics.Metrics;
using OpenRouterSaaS.Application.Gateway.Telemetry;
using OpenRouterSaaS.Domain.Credentials;

namespace OpenRouterSaaS.UnitTests.Application.Gateway;

/// <summary>What the gateway's meter reports, read the way an exporter reads it: through a <see cref="MeterListener"/>.</summary>
public sealed class GatewayMetricsTests : IDisposable
{
    private readonly GatewayMetrics _metrics = new();
    private readonly MeterListener _listener = new();
    private readonly List<Measured> _measured = [];

    public GatewayMetricsTests()
    {
        // Only this test's meter: other tests may run their own at the same time.
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter == _metrics.Meter)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Record(instrument, value, tags));
        _listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Record(instrument, value, tags));
        _listener.Start();
    }

    [Fact]
    public void A_call_counts_one_request_and_its_duration_in_milliseconds_by_model_status_and_streaming()
    {
        _metrics.RecordCall("openai/gpt-4o-mini", 200, streamed: true, TimeSpan.FromSeconds(1.5));

        var request = Assert.Single(_measured, measured => measured.Instrument == "gateway.requests");
        var duration = Assert.Single(_measured, measured => measured.Instrument == "gateway.request.duration");
        Assert.Equal(1d, request.Value);
        Assert.Equal(1500d, duration.Value);
        foreach (var measured in new[] { request, duration })
        {
            Assert.Equal("openai/gpt-4o-mini", measured.Tags["model"]);
            Assert.Equal(200, measured.Tags["status_code"]);
            Assert.Equal(true, measured.Tags["streamed"]);
        }
    }

    [Fact]
    public void A_call_refused_before_a_model_was_accepted_is_tagged_with_no_model()
    {
        _metrics.RecordCall(null, 403, streamed: false, TimeSpan.FromMilliseconds(3));

        Assert.Equal(GatewayMetrics.NoModel, Assert.Single(_measured, measured => measured.Instrument == "gateway.requests").Tags["model"]);
    }

    [Fact]
    public void Upstream_errors_are_counted_by_status()
    {
        _metrics.RecordUpstreamError("502");
        _metrics.RecordUpstreamError("Timeout");

        var errors = _measured.Where(measured => measured.Instrument == "gateway.upstream.errors").ToList();
        Assert.Equal(["502", "Timeout"], errors.Select(error => error.Tags["status"]));
        Assert.All(errors, error => Assert.Equal(1d, error.Value));
    }

    [Fact]
    public void Spend_is_counted_in_dollars_by_key_kind_and_a_free_call_adds_nothing()
    {
        _metrics.RecordSpend(0.0125m, CredentialKind.Shared);
        _metrics.RecordSpend(0m, CredentialKind.Personal);

        var spend = Assert.Single(_measured, measured => measured.Instrument == "gateway.spend");
        Assert.Equal(0.0125d, spend.Value, 10);
        Assert.Equal("shared", spend.Tags["key_kind"]);
    }

    [Fact]
    public void The_backlog_gauges_report_nothing_before_the_first_count_and_then_the_latest_one()
    {
        _listener.RecordObservableInstruments();
        Assert.DoesNotContain(_measured, measured => measured.Instrument is "budget.reservations.held" or "ledger.reconciliation.pending");

        _metrics.RecordBacklog(reservationsHeld: 4, reconciliationPending: 9);
        _metrics.RecordBacklog(reservationsHeld: 3, reconciliationPending: 7);
        _listener.RecordObservableInstruments();

        Assert.Equal(3d, Assert.Single(_measured, measured => measured.Instrument == "budget.reservations.held").Value);
        Assert.Equal(7d, Assert.Single(_measured, measured => measured.Instrument == "ledger.reconciliation.pending").Value);
    }

    public void Dispose()
    {
        _listener.Dispose();
        _metrics.Dispose();
    }

    private void Record<T>(Instrument instrument, T value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        where T : struct
    {
        var tagged = new Dictionary<string, object?>();
        foreach (var (name, tagValue) in tags)
        {
            tagged[name] = tagValue;
        }

        _measured.Add(new Measured(instrument.Name, Convert.ToDouble(value, System.Globalization.CultureInfo.InvariantCulture), tagged));
    }

    private sealed record Measured(string Instrument, double Value, Dictionary<string, object?> Tags);
}
