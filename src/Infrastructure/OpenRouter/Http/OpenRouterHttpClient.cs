using System.Net.Http.Headers;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace OpenRouterSaaS.Infrastructure.OpenRouter.Http;

/// <summary>What every HttpClient that talks to OpenRouter shares: base address, attribution headers, resilience, no logged header values.</summary>
internal static class OpenRouterHttpClient
{
    /// <summary>The named client on which streamed chat completions are sent.</summary>
    public const string StreamingClientName = "OpenRouter.Streaming";

    public static IHttpClientBuilder ConfigureForOpenRouter(this IHttpClientBuilder builder)
    {
        builder.ConfigureHttpClient((services, client) =>
        {
            var options = services.GetRequiredService<IOptions<OpenRouterOptions>>().Value;
            client.BaseAddress = BaseAddress(options);

            // Timeouts are ours: a whole-call deadline for non-streaming calls, an idle deadline for streams.
            client.Timeout = System.Threading.Timeout.InfiniteTimeSpan;
            var headers = client.DefaultRequestHeaders;
            headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
            if (!string.IsNullOrWhiteSpace(options.SiteUrl))
            {
                headers.TryAddWithoutValidation("HTTP-Referer", options.SiteUrl);
            }

            if (!string.IsNullOrWhiteSpace(options.AppTitle))
            {
                headers.TryAddWithoutValidation("X-OpenRouter-Title", options.AppTitle);
                headers.TryAddWithoutValidation("X-Title", options.AppTitle);
            }
        });

        // The Authorization header carries a tenant's or a person's key: never write header values to a log.
        builder.RedactLoggedHeaders(_ => true);
        builder.AddResilienceHandler("openrouter", (pipeline, context) =>
        {
            var services = context.ServiceProvider;
            OpenRouterResilience.Configure(
                pipeline,
                services.GetRequiredService<IOptions<OpenRouterOptions>>().Value,
                services.GetService<TimeProvider>() ?? TimeProvider.System,
                services.GetRequiredService<ILoggerFactory>().CreateLogger("OpenRouterSaaS.Infrastructure.OpenRouter.Resilience"));
        });
        return builder;
    }

    /// <summary>The base URL with a trailing slash, so relative paths such as <c>chat/completions</c> append to it.</summary>
    public static Uri BaseAddress(OpenRouterOptions options) => new(options.BaseUrl.TrimEnd('/') + "/", UriKind.Absolute);
}
