using System.Diagnostics.CodeAnalysis;
using System.Net;
using Microsoft.AspNetCore.HttpOverrides;
using IPNetwork = System.Net.IPNetwork;

namespace OpenRouterSaaS.Web.Hosting;

/// <summary>
/// Behind a load balancer: the client's address and scheme are taken from <c>X-Forwarded-For</c> and
/// <c>X-Forwarded-Proto</c>, but only when the request comes from a trusted proxy — loopback, or an address in
/// <c>ForwardedHeaders:KnownProxies</c> / <c>ForwardedHeaders:KnownNetworks</c> (comma-separated). From anyone else
/// the headers are ignored, so a client cannot pretend to come from elsewhere.
/// </summary>
internal static class ReverseProxy
{
    public const string KnownProxiesSetting = "ForwardedHeaders:KnownProxies";
    public const string KnownNetworksSetting = "ForwardedHeaders:KnownNetworks";

    public static IServiceCollection AddReverseProxy(this IServiceCollection services, IConfiguration configuration)
    {
        var proxies = Parse<IPAddress>(configuration[KnownProxiesSetting], KnownProxiesSetting, "an IP address such as 10.0.0.5", IPAddress.TryParse);
        var networks = Parse<IPNetwork>(configuration[KnownNetworksSetting], KnownNetworksSetting, "a network such as 172.28.0.0/24", IPNetwork.TryParse);
        services.Configure<ForwardedHeadersOptions>(options =>
        {
            options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            foreach (var proxy in proxies)
            {
                options.KnownProxies.Add(proxy);
            }

            foreach (var network in networks)
            {
                options.KnownIPNetworks.Add(network);
            }
        });
        return services;
    }

    /// <summary>First in the pipeline, so that everything after it sees the client's address and scheme.</summary>
    public static IApplicationBuilder UseReverseProxy(this IApplicationBuilder app) => app.UseForwardedHeaders();

    private delegate bool TryParse<T>(string text, [NotNullWhen(true)] out T? value);

    /// <summary>The comma-separated values of one setting; one that does not parse stops the app, naming the setting and the value.</summary>
    private static List<T> Parse<T>(string? setting, string name, string example, TryParse<T> tryParse)
    {
        var values = new List<T>();
        foreach (var text in (setting ?? "").Split([',', ';', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!tryParse(text, out var value))
            {
                throw new InvalidOperationException(
                    $"{name} lists \"{text}\", which is not {example}; separate several with commas (environment variable {name.Replace(":", "__", StringComparison.Ordinal)}).");
            }

            values.Add(value);
        }

        return values;
    }
}
