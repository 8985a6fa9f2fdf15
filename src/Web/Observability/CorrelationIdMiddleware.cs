using System.Diagnostics;
using Microsoft.Extensions.Primitives;
using OpenRouterSaaS.Domain.ApiTokens;
using OpenRouterSaaS.Domain.Credentials;

namespace OpenRouterSaaS.Web.Observability;

/// <summary>
/// Gives every request a correlation id: the client's <c>X-Correlation-Id</c> when it is a short, safe token, otherwise
/// the request's trace id. The id becomes <see cref="HttpContext.TraceIdentifier"/> (which the gateway writes on the
/// ledger row), comes back in the response's <c>X-Correlation-Id</c>, and is in the scope of every log line of the request.
/// </summary>
internal sealed class CorrelationIdMiddleware(RequestDelegate next, ILogger<CorrelationIdMiddleware> logger)
{
    public const string Header = "X-Correlation-Id";
    public const int MaxLength = 64;

    public async Task InvokeAsync(HttpContext context)
    {
        var id = FromClient(context.Request.Headers[Header]) ?? NewId();
        context.TraceIdentifier = id;
        // Set as the response starts, so an error page that clears the headers still carries it.
        context.Response.OnStarting(() =>
        {
            context.Response.Headers[Header] = id;
            return Task.CompletedTask;
        });

        using (logger.BeginScope("CorrelationId:{CorrelationId}", id))
        {
            await next(context);
        }
    }

    /// <summary>
    /// The client's id when there is exactly one, of at most <see cref="MaxLength"/> characters from [A-Za-z0-9-_.:], that
    /// does not look like an API token or an OpenRouter key (it is logged and stored); null otherwise.
    /// </summary>
    public static string? FromClient(StringValues values)
    {
        if (values.Count != 1 || values[0] is not { Length: > 0 and <= MaxLength } id)
        {
            return null;
        }

        var safe = id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or ':')
            && !id.StartsWith(ApiTokenFormat.Prefix, StringComparison.OrdinalIgnoreCase)
            && !id.StartsWith(OpenRouterKeyFormat.Prefix, StringComparison.OrdinalIgnoreCase);
        return safe ? id : null;
    }

    private static string NewId() =>
        Activity.Current is { TraceId: var traceId } && traceId != default ? traceId.ToHexString() : Guid.NewGuid().ToString("N");
}

internal static class CorrelationIdExtensions
{
    public static IApplicationBuilder UseCorrelationId(this IApplicationBuilder app) => app.UseMiddleware<CorrelationIdMiddleware>();
}
