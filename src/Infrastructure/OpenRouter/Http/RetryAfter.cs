using System.Net.Http.Headers;

namespace OpenRouterSaaS.Infrastructure.OpenRouter.Http;

/// <summary>Reads <c>Retry-After</c>, given in seconds or as an HTTP date.</summary>
public static class RetryAfter
{
    /// <summary>How long the response asks to wait, from <paramref name="now"/>; null without a (valid) header. Never negative.</summary>
    public static TimeSpan? Read(HttpResponseHeaders headers, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(headers);
        return headers.RetryAfter switch
        {
            { Delta: { } delta } => delta < TimeSpan.Zero ? TimeSpan.Zero : delta,
            { Date: { } date } => date <= now ? TimeSpan.Zero : date - now,
            _ => null,
        };
    }
}
