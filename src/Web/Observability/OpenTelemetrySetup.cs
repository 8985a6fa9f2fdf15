using Npgsql;
using OpenRouterSaaS.Application.Gateway.Telemetry;
using OpenRouterSaaS.Infrastructure.Telemetry;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace OpenRouterSaaS.Web.Observability;

/// <summary>
/// OpenTelemetry traces and metrics: requests, outgoing HTTP calls (OpenRouter), PostgreSQL commands, the runtime, and
/// the gateway's own meter. They are exported over OTLP when <c>Telemetry:OtlpEndpoint</c> or the standard
/// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set, and not at all otherwise. Query strings are redacted by the
/// instrumentation (they may carry confirmation codes); SQL is recorded without its parameter values.
/// </summary>
internal static class OpenTelemetrySetup
{
    public static WebApplicationBuilder AddTelemetry(this WebApplicationBuilder builder)
    {
        var settings = builder.Configuration.GetSection(TelemetryOptions.Section).Get<TelemetryOptions>() ?? new TelemetryOptions();
        var export = OtlpExport.From(settings, builder.Configuration);
        var serviceName = builder.Configuration["OTEL_SERVICE_NAME"] is { Length: > 0 } standard ? standard : settings.ServiceName;

        if (export is null)
        {
            // Nothing to send them to: no spans or measurements are recorded, so requests do not pay for them.
            return builder;
        }

        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(serviceName, serviceVersion: typeof(Program).Assembly.GetName().Version?.ToString()))
            .WithTracing(tracing => tracing
                .AddAspNetCoreInstrumentation(options => options.Filter = context => !HealthEndpoints.IsProbe(context.Request.Path))
                .AddHttpClientInstrumentation()
                .AddNpgsql())
            .WithMetrics(metrics => metrics
                .AddMeter(GatewayMetrics.MeterName)
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation()
                .AddNpgsqlInstrumentation());

        if (export.Endpoint is { } endpoint)
        {
            telemetry.UseOtlpExporter(export.Protocol, endpoint);
        }
        else
        {
            // Endpoint, protocol, headers and timeout come from the OTEL_EXPORTER_OTLP_* variables.
            telemetry.UseOtlpExporter();
        }

        return builder;
    }
}

/// <summary>Where the OTLP exporter sends: to <see cref="Endpoint"/>, or (when it is null) where the standard OTEL_EXPORTER_OTLP_* variables say.</summary>
internal sealed record OtlpExport(OtlpExportProtocol Protocol, Uri? Endpoint)
{
    public const string StandardEndpoint = "OTEL_EXPORTER_OTLP_ENDPOINT";

    /// <summary>The export the settings ask for, or null for none; a malformed setting stops the app, naming it.</summary>
    public static OtlpExport? From(TelemetryOptions settings, IConfiguration configuration)
    {
        if (string.IsNullOrWhiteSpace(settings.OtlpEndpoint))
        {
            return string.IsNullOrWhiteSpace(configuration[StandardEndpoint]) ? null : new OtlpExport(OtlpExportProtocol.Grpc, null);
        }

        if (!Uri.TryCreate(settings.OtlpEndpoint.Trim(), UriKind.Absolute, out var endpoint) || endpoint.Scheme is not ("http" or "https"))
        {
            throw new InvalidOperationException(
                "Telemetry:OtlpEndpoint must be the collector's http:// or https:// address, such as http://otel-collector:4317 (environment variable Telemetry__OtlpEndpoint).");
        }

        var protocol = settings.OtlpProtocol.Trim().ToLowerInvariant() switch
        {
            "grpc" => OtlpExportProtocol.Grpc,
            "http/protobuf" => OtlpExportProtocol.HttpProtobuf,
            _ => throw new InvalidOperationException("Telemetry:OtlpProtocol must be \"grpc\" or \"http/protobuf\" (environment variable Telemetry__OtlpProtocol)."),
        };
        return new OtlpExport(protocol, endpoint);
    }
}
