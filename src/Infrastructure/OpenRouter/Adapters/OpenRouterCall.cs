using System.Net;
using System.Runtime.ExceptionServices;
using System.Text.Json;
using Microsoft.Extensions.Options;
using OpenRouterSaaS.Application.OpenRouter;
using OpenRouterSaaS.Infrastructure.OpenRouter.Http;
using Refit;

namespace OpenRouterSaaS.Infrastructure.OpenRouter.Adapters;

/// <summary>
/// Runs one non-streaming call within <see cref="OpenRouterOptions.Timeout"/> (retries included) and turns every way it can
/// fail into <see cref="OpenRouterException"/>. Refit's exceptions (which hold the request and its Authorization header)
/// never leave this class.
/// </summary>
internal sealed class OpenRouterCall(IOptions<OpenRouterOptions> options, TimeProvider time)
{
    public OpenRouterOptions Options => options.Value;

    public async Task<T> RunAsync<T>(string operation, Func<CancellationToken, Task<T>> call, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(options.Value.Timeout);
        try
        {
            return await call(deadline.Token);
        }
        catch (ApiRequestException wrapper) when (wrapper.InnerException is { } inner)
        {
            // Refit wraps what HttpClient threw (network failure, cancellation); the wrapper holds the request and its key.
            ExceptionDispatchInfo.Throw(Translate(operation, inner, cancellationToken) ?? inner);
            throw;
        }
        catch (Exception exception) when (Translate(operation, exception, cancellationToken) is { } translated)
        {
            throw translated;
        }
    }

    /// <summary>The <see cref="OpenRouterException"/> an exception stands for; null for the caller's own cancellation and for ours.</summary>
    public OpenRouterException? Translate(string operation, Exception exception, CancellationToken cancellationToken) => exception switch
    {
        OpenRouterException => null,
        OperationCanceledException when cancellationToken.IsCancellationRequested => null,
        OperationCanceledException => new OpenRouterException(
            OpenRouterFailureKind.Timeout, $"{operation}: no answer within {options.Value.Timeout.TotalSeconds:0.###} s"),
        ApiException { StatusCode: var status } when (int)status is >= 200 and < 300 =>
            OpenRouterErrors.Malformed(operation, "not the JSON expected", exception.InnerException as JsonException),
        ApiException api => OpenRouterErrors.FromResponse(
            operation, (int)api.StatusCode, api.Content, RetryAfter.Read(api.Headers, time.GetUtcNow())),
        HttpRequestException network => Unreachable(operation, network),
        JsonException json => OpenRouterErrors.Malformed(operation, json.Message, json),
        _ => null,
    };

    public static OpenRouterException Unreachable(string operation, HttpRequestException network) => new(
        OpenRouterFailureKind.Unreachable,
        $"{operation}: OpenRouter could not be reached, or the connection broke before an answer ({network.HttpRequestError}): {OpenRouterErrors.Scrub(network.Message)}",
        network.StatusCode is HttpStatusCode status ? (int)status : null,
        innerException: network);
}
