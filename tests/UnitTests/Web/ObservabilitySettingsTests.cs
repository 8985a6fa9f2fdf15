using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;
using OpenRouterSaaS.Infrastructure.Telemetry;
using OpenRouterSaaS.Web.Hosting;
using OpenRouterSaaS.Web.Observability;
using OpenTelemetry.Exporter;

namespace OpenRouterSaaS.UnitTests.Web;

/// <summary>The settings of logging, telemetry export, the reverse proxy and the correlation id: their defaults, and a clear stop on a bad value.</summary>
public sealed class ObservabilitySettingsTests
{
    [Theory]
    [InlineData(null, false, "json")]
    [InlineData(null, true, "simple")]
    [InlineData("", false, "json")]
    [InlineData(" Simple ", false, "simple")]
    [InlineData("JSON", true, "json")]
    public void Logs_are_json_outside_development_unless_the_setting_says_otherwise(string? configured, bool development, string expected) =>
        Assert.Equal(expected, LogFormat.Choose(configured, development));

    [Fact]
    public void An_unknown_log_format_stops_the_app_naming_the_setting()
    {
        var error = Assert.Throws<InvalidOperationException>(() => LogFormat.Choose("xml", isDevelopment: false));

        Assert.Equal("Logging:Format must be \"json\" or \"simple\" (environment variable Logging__Format).", error.Message);
    }

    [Fact]
    public void Without_an_endpoint_nothing_is_exported()
    {
        Assert.Null(OtlpExport.From(new TelemetryOptions(), Configuration()));
    }

    [Theory]
    [InlineData("http://collector:4317", "grpc", OtlpExportProtocol.Grpc)]
    [InlineData("https://otel.example.com", "http/protobuf", OtlpExportProtocol.HttpProtobuf)]
    public void The_endpoint_setting_turns_the_export_on_with_its_protocol(string endpoint, string protocol, OtlpExportProtocol expected)
    {
        var export = OtlpExport.From(new TelemetryOptions { OtlpEndpoint = endpoint, OtlpProtocol = protocol }, Configuration());

        Assert.Equal(new OtlpExport(expected, new Uri(endpoint)), export);
    }

    [Fact]
    public void The_standard_OTEL_endpoint_variable_turns_the_export_on_and_the_exporter_reads_it_itself()
    {
        var export = OtlpExport.From(new TelemetryOptions(), Configuration(("OTEL_EXPORTER_OTLP_ENDPOINT", "http://collector:4318")));

        Assert.NotNull(export);
        Assert.Null(export.Endpoint);
    }

    [Theory]
    [InlineData("collector:4317", "grpc", "Telemetry:OtlpEndpoint must be the collector's http:// or https:// address")]
    [InlineData("ftp://collector", "grpc", "Telemetry:OtlpEndpoint must be the collector's http:// or https:// address")]
    [InlineData("http://collector:4317", "udp", "Telemetry:OtlpProtocol must be \"grpc\" or \"http/protobuf\"")]
    public void A_malformed_telemetry_setting_stops_the_app_naming_it(string endpoint, string protocol, string message)
    {
        var error = Assert.Throws<InvalidOperationException>(() =>
            OtlpExport.From(new TelemetryOptions { OtlpEndpoint = endpoint, OtlpProtocol = protocol }, Configuration()));

        Assert.StartsWith(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Forwarded_headers_are_trusted_from_loopback_and_the_configured_proxies_and_networks()
    {
        var options = ProxyOptions(("ForwardedHeaders:KnownProxies", "10.0.0.5, 10.0.0.6"), ("ForwardedHeaders:KnownNetworks", "172.28.0.0/24"));

        Assert.Equal(ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto, options.ForwardedHeaders);
        Assert.Contains(System.Net.IPAddress.Parse("10.0.0.5"), options.KnownProxies);
        Assert.Contains(System.Net.IPAddress.Parse("10.0.0.6"), options.KnownProxies);
        Assert.Contains(System.Net.IPNetwork.Parse("172.28.0.0/24"), options.KnownIPNetworks);
        Assert.Contains(System.Net.IPNetwork.Parse("127.0.0.0/8"), options.KnownIPNetworks);
    }

    [Theory]
    [InlineData("ForwardedHeaders:KnownProxies", "10.0.0.300", "ForwardedHeaders:KnownProxies lists \"10.0.0.300\", which is not an IP address")]
    [InlineData("ForwardedHeaders:KnownNetworks", "172.28.0.0", "ForwardedHeaders:KnownNetworks lists \"172.28.0.0\", which is not a network")]
    public void A_proxy_setting_that_does_not_parse_stops_the_app_naming_it(string setting, string value, string message)
    {
        var error = Assert.Throws<InvalidOperationException>(() => ProxyOptions((setting, value)));

        Assert.StartsWith(message, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("req-42")]
    [InlineData("4bf92f3577b34da6a3ce929d0e0e4736")]
    [InlineData("client.service:1234_abc")]
    public void A_short_safe_correlation_id_from_the_client_is_kept(string id) =>
        Assert.Equal(id, CorrelationIdMiddleware.FromClient(id));

    [Theory]
    [InlineData("")]
    [InlineData("has space")]
    [InlineData("line\nbreak")]
    [InlineData("<script>")]
    [InlineData("ünïcode")]
    [InlineData("ors_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("sk-or-v1-0123456789abcdef")]
    public void An_unsafe_correlation_id_or_one_that_looks_like_a_secret_is_refused(string id) =>
        Assert.Null(CorrelationIdMiddleware.FromClient(id));

    [Fact]
    public void A_correlation_id_over_64_characters_or_sent_twice_is_refused()
    {
        Assert.Null(CorrelationIdMiddleware.FromClient(new string('a', CorrelationIdMiddleware.MaxLength + 1)));
        Assert.NotNull(CorrelationIdMiddleware.FromClient(new string('a', CorrelationIdMiddleware.MaxLength)));
        Assert.Null(CorrelationIdMiddleware.FromClient(new StringValues(["one", "two"])));
    }

    private static IConfiguration Configuration(params (string Key, string Value)[] settings) =>
        new ConfigurationBuilder().AddInMemoryCollection(settings.Select(setting => new KeyValuePair<string, string?>(setting.Key, setting.Value))).Build();

    private static ForwardedHeadersOptions ProxyOptions(params (string Key, string Value)[] settings)
    {
        var services = new ServiceCollection().AddReverseProxy(Configuration(settings));
        using var provider = services.BuildServiceProvider();
        return provider.GetRequiredService<IOptions<ForwardedHeadersOptions>>().Value;
    }
}
