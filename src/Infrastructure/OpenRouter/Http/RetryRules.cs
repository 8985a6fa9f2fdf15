using System.Net;

namespace OpenRouterSaaS.Infrastructure.OpenRouter.Http;

/// <summary>
/// Which failed attempts may be repeated. A repeat must not make OpenRouter do (or bill) the work twice, so:
/// reads (GET) on any transient failure; a chat completion only when OpenRouter did not take it on (the connection was
/// never made, or it answered 429, 502 or 503 before any byte of an answer); other writes only when the connection was
/// never made or on 429 and 503. Never 400, 401, 402, 403, and never after a 200: a stream that began is the caller's.
/// </summary>
public static class RetryRules
{
    private const string ChatCompletionsPath = "/chat/completions";

    public static bool ShouldRetry(HttpRequestMessage? request, HttpResponseMessage? response, Exception? exception)
    {
        if (request is null)
        {
            return false;
        }

        var read = request.Method == HttpMethod.Get;
        if (exception is not null)
        {
            return exception switch
            {
                OperationCanceledException => false,
                HttpRequestException failure => read || NeverConnected(failure),
                _ => false,
            };
        }

        if (response is null)
        {
            return false;
        }

        var status = response.StatusCode;
        if (read)
        {
            return status is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests or HttpStatusCode.InternalServerError
                or HttpStatusCode.BadGateway or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout;
        }

        if (IsChatCompletion(request))
        {
            return status is HttpStatusCode.TooManyRequests or HttpStatusCode.BadGateway or HttpStatusCode.ServiceUnavailable;
        }

        return status is HttpStatusCode.TooManyRequests or HttpStatusCode.ServiceUnavailable;
    }

    /// <summary>The request never reached OpenRouter: no name, no connection, no TLS session.</summary>
    public static bool NeverConnected(HttpRequestException failure) =>
        failure.HttpRequestError is HttpRequestError.NameResolutionError or HttpRequestError.ConnectionError or HttpRequestError.SecureConnectionError;

    private static bool IsChatCompletion(HttpRequestMessage request) =>
        request.Method == HttpMethod.Post
        && request.RequestUri?.AbsolutePath.EndsWith(ChatCompletionsPath, StringComparison.Ordinal) == true;
}
