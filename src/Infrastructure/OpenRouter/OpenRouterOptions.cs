namespace OpenRouterSaaS.Infrastructure.OpenRouter;

/// <summary>How to reach OpenRouter: configuration section <c>OpenRouter</c>.</summary>
public sealed class OpenRouterOptions
{
    public const string SectionName = "OpenRouter";

    /// <summary>The API's base URL; the simulator's is <c>http://127.0.0.1:5090/api/v1</c>.</summary>
    public string BaseUrl { get; set; } = "https://openrouter.ai/api/v1";

    /// <summary>The whole of a non-streaming call, retries and waits included.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromMinutes(3);

    /// <summary>
    /// For a stream: the longest silence (not even a keep-alive comment) before it is given up. The wait for a stream's
    /// headers counts against <see cref="Timeout"/>.
    /// </summary>
    public TimeSpan StreamIdleTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Sent as <c>HTTP-Referer</c> so OpenRouter attributes the traffic to this site; not sent when empty.</summary>
    public string? SiteUrl { get; set; }

    /// <summary>Sent as <c>X-OpenRouter-Title</c> (and <c>X-Title</c> for older deployments); not sent when empty.</summary>
    public string? AppTitle { get; set; } = "OpenRouterSaaS";

    /// <summary>Retries of a request that is safe to repeat; 0 turns retrying off.</summary>
    public int MaxRetries { get; set; } = 2;

    /// <summary>First wait of the jittered exponential backoff, used when OpenRouter sends no <c>Retry-After</c>.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>
    /// Longest wait before a retry. A <c>Retry-After</c> longer than this is not waited for: the failure goes back to the
    /// caller with <c>RetryAfter</c> set.
    /// </summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(10);
}
