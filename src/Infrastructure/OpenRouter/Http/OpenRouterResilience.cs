using Microsoft.Extensions.Logging;
using Polly;
using Polly.Retry;

namespace OpenRouterSaaS.Infrastructure.OpenRouter.Http;

/// <summary>
/// The one resilience pipeline of every OpenRouter HttpClient: bounded retries with jittered exponential backoff, only of
/// what <see cref="RetryRules"/> says is safe, waiting what <c>Retry-After</c> asks (up to <see cref="OpenRouterOptions.MaxRetryDelay"/>;
/// a longer wait is not retried but handed back). No per-attempt timeout: it would cut a long stream; non-streaming calls
/// are bounded as a whole by <see cref="OpenRouterOptions.Timeout"/>, streams by <see cref="OpenRouterOptions.StreamIdleTimeout"/>.
/// </summary>
internal static class OpenRouterResilience
{
    public static void Configure(ResiliencePipelineBuilder<HttpResponseMessage> pipeline, OpenRouterOptions options, TimeProvider time, ILogger logger)
    {
        if (options.MaxRetries == 0)
        {
            return;
        }

        pipeline.AddRetry(new RetryStrategyOptions<HttpResponseMessage>
        {
            MaxRetryAttempts = options.MaxRetries,
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
            Delay = options.RetryDelay,
            MaxDelay = options.MaxRetryDelay,
            ShouldHandle = arguments =>
            {
                var response = arguments.Outcome.Result;
                var retry = RetryRules.ShouldRetry(arguments.Context.GetRequestMessage(), response, arguments.Outcome.Exception)
                    && !(response is not null && RetryAfter.Read(response.Headers, time.GetUtcNow()) > options.MaxRetryDelay);
                return ValueTask.FromResult(retry);
            },
            DelayGenerator = arguments =>
                ValueTask.FromResult(arguments.Outcome.Result is { } response ? RetryAfter.Read(response.Headers, time.GetUtcNow()) : null),
            OnRetry = arguments =>
            {
                var request = arguments.Context.GetRequestMessage();
                logger.LogWarning(
                    "OpenRouter {Method} {Path} failed ({Failure}), retry {Retry} of {MaxRetries} in {Delay} ms",
                    request?.Method, request?.RequestUri?.AbsolutePath, Describe(arguments.Outcome), arguments.AttemptNumber + 1,
                    options.MaxRetries, (long)arguments.RetryDelay.TotalMilliseconds);
                return ValueTask.CompletedTask;
            },
        });
    }

    private static string Describe(Outcome<HttpResponseMessage> outcome) => outcome switch
    {
        { Result: { } response } => $"{(int)response.StatusCode} {response.StatusCode}",
        { Exception: HttpRequestException { HttpRequestError: var error } } => $"network: {error}",
        { Exception: { } exception } => exception.GetType().Name,
        _ => "unknown",
    };

}
