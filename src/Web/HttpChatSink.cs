using System.Globalization;
using Microsoft.AspNetCore.Http.Features;
using OpenRouterSaaS.Application.Gateway;

namespace OpenRouterSaaS.Web;

/// <summary>The gateway's answer written to an HTTP response: one JSON body, or server-sent events flushed one by one, never buffered.</summary>
internal sealed class HttpChatSink(HttpContext http) : IChatResponseSink
{
    /// <summary>Whether the answer became an event stream (status and headers sent).</summary>
    public bool IsStreaming { get; private set; }

    public Task RespondAsync(GatewayResponse response, CancellationToken cancellationToken) => WriteJsonAsync(http, response, cancellationToken);

    public async Task StartStreamAsync(CancellationToken cancellationToken)
    {
        var response = http.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
        // Asks a reverse proxy (nginx) not to hold the events back either.
        response.Headers["X-Accel-Buffering"] = "no";
        http.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        await response.StartAsync(cancellationToken);
        IsStreaming = true;
    }

    public async Task WriteEventAsync(ReadOnlyMemory<byte> frame, CancellationToken cancellationToken)
    {
        await http.Response.Body.WriteAsync(frame, cancellationToken);
        await http.Response.Body.FlushAsync(cancellationToken);
    }

    /// <summary>A JSON answer with its status and, for 429/503, <c>Retry-After</c> in whole seconds.</summary>
    public static async Task WriteJsonAsync(HttpContext http, GatewayResponse response, CancellationToken cancellationToken)
    {
        http.Response.StatusCode = response.StatusCode;
        http.Response.ContentType = "application/json";
        if (response.StatusCode == StatusCodes.Status401Unauthorized)
        {
            http.Response.Headers.WWWAuthenticate = "Bearer";
        }

        if (response.RetryAfter is { } wait)
        {
            http.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        }

        await http.Response.Body.WriteAsync(response.Body, cancellationToken);
    }
}
