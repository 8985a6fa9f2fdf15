namespace OpenRouterSaaS.Infrastructure.Telemetry;

/// <summary>Where traces and metrics go, and how often the gauges are sampled: configuration section <c>Telemetry</c>.</summary>
public sealed class TelemetryOptions
{
    public const string Section = "Telemetry";

    /// <summary>
    /// The OTLP collector's base address (e.g. <c>http://collector:4317</c>); unset means no export, unless the standard
    /// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set.
    /// </summary>
    public string? OtlpEndpoint { get; set; }

    /// <summary><c>grpc</c> or <c>http/protobuf</c>, for <see cref="OtlpEndpoint"/>.</summary>
    public string OtlpProtocol { get; set; } = "grpc";

    /// <summary>The <c>service.name</c> of the traces and metrics; the standard <c>OTEL_SERVICE_NAME</c> wins when set.</summary>
    public string ServiceName { get; set; } = "OpenRouterSaaS";

    /// <summary>Time between two counts of held reservations and unreconciled ledger rows; zero or less turns the counting off.</summary>
    public TimeSpan BacklogSampleInterval { get; set; } = TimeSpan.FromSeconds(30);
}
