using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using OpenRouterSaaS.Application.Gateway;

namespace OpenRouterSaaS.Web.Hosting;

/// <summary>
/// Answers a request that failed because the database could not be reached (down, restarting, the connection lost, the
/// pool exhausted) with 503 and <c>Retry-After</c> instead of a 500: for the API in OpenRouter's error shape, for pages a
/// plain page that needs nothing from the database. Other failures go on to the error page.
/// </summary>
internal sealed partial class DatabaseUnavailableHandler(ILogger<DatabaseUnavailableHandler> logger) : IExceptionHandler
{
    public const string Message = "The database is unavailable right now; nothing was changed. Try again in a few seconds.";

    /// <summary>How long a client is asked to wait before trying again.</summary>
    public static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(5);

    /// <summary>The page browsers get: no layout, as the layout's parts read the database.</summary>
    private static readonly string Page = $$"""
        <!DOCTYPE html>
        <html lang="en">
        <head>
            <meta charset="utf-8" />
            <meta name="viewport" content="width=device-width, initial-scale=1" />
            <title>Temporarily unavailable · OpenRouterSaaS</title>
            <link rel="stylesheet" href="/lib/bootstrap/css/bootstrap.min.css" />
            <link rel="stylesheet" href="/css/site.css" />
        </head>
        <body>
            <main class="container py-5" id="main">
                <div class="empty-state" id="database-unavailable">
                    <h1 class="h3">We can't reach our database right now</h1>
                    <p>{{WebUtility.HtmlEncode(Message)}}</p>
                    <p>This is on our side and usually passes within moments. Your data is safe.</p>
                    <a class="btn btn-primary" href="/">Go to the start page</a>
                </div>
            </main>
        </body>
        </html>
        """;

    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (!IsDatabaseUnavailable(exception) || httpContext.Response.HasStarted)
        {
            return false;
        }

        // The middleware has already pointed the request at the error page; the feature keeps where it was going.
        var path = httpContext.Features.Get<IExceptionHandlerPathFeature>()?.Path ?? httpContext.Request.Path.Value ?? "";
        LogUnavailable(logger, exception, path);
        if (WantsJson(path, httpContext.Request))
        {
            await HttpChatSink.WriteJsonAsync(httpContext, GatewayResponse.Error(StatusCodes.Status503ServiceUnavailable, Message, RetryAfter), cancellationToken);
            return true;
        }

        httpContext.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        httpContext.Response.Headers.RetryAfter = ((int)RetryAfter.TotalSeconds).ToString(CultureInfo.InvariantCulture);
        httpContext.Response.Headers.CacheControl = "no-store";
        httpContext.Response.ContentType = "text/html; charset=utf-8";
        await httpContext.Response.WriteAsync(Page, cancellationToken);
        return true;
    }

    /// <summary>
    /// Whether <paramref name="exception"/>, or one it wraps (EF Core's <c>DbUpdateException</c>, an
    /// <c>InvalidOperationException</c>, …), says the database could not be reached rather than refused what was asked.
    /// </summary>
    public static bool IsDatabaseUnavailable(Exception? exception)
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            switch (current)
            {
                case PostgresException postgres when postgres.IsTransient:
                case NpgsqlException and not PostgresException:
                case RetryLimitExceededException:
                case TimeoutException when current.Source == typeof(NpgsqlConnection).Assembly.GetName().Name:
                    return true;
                case AggregateException { InnerExceptions.Count: > 1 } aggregate:
                    return aggregate.InnerExceptions.Any(IsDatabaseUnavailable);
            }
        }

        return false;
    }

    /// <summary>
    /// The API, and requests that sent JSON (the playground's chat) or ask for JSON or events, get OpenRouter's error
    /// shape; browsers get a page.
    /// </summary>
    private static bool WantsJson(PathString path, HttpRequest request)
    {
        if (path.StartsWithSegments("/api") || request.HasJsonContentType())
        {
            return true;
        }

        var accept = request.Headers.Accept.ToString();
        return !accept.Contains("text/html", StringComparison.OrdinalIgnoreCase) &&
            (accept.Contains("application/json", StringComparison.OrdinalIgnoreCase) || accept.Contains("text/event-stream", StringComparison.OrdinalIgnoreCase));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The database could not be reached while serving {Path}; answered 503.")]
    private static partial void LogUnavailable(ILogger logger, Exception exception, string path);
}
