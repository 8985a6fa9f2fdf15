using System.Buffers;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.Extensions.Options;

namespace OpenRouterSaaS.Web.Security;

/// <summary>
/// Refuses a form post to a page that is larger than <see cref="SecurityOptions.MaxFormBytes"/> with 413, which the
/// status page explains. Without it a huge form would be read whole, and the antiforgery check that reads it first
/// would turn the failure into a misleading 400. The API (<c>/api</c>) keeps its own, larger, limit.
/// </summary>
internal sealed class FormSizeLimit(RequestDelegate next, IOptions<SecurityOptions> options)
{
    public async Task InvokeAsync(HttpContext http)
    {
        var request = http.Request;
        var limit = options.Value.MaxFormBytes;
        // The status page shown for the 413 is the same request again: it passes.
        if (!request.HasFormContentType || request.Path.StartsWithSegments("/api") || http.Features.Get<IStatusCodeReExecuteFeature>() is not null)
        {
            await next(http);
            return;
        }

        if (request.ContentLength > limit || (request.ContentLength is null && !await FitsAsync(request, limit, http.RequestAborted)))
        {
            http.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
            // The status page that explains it is this request again: it must find an empty form, not this one.
            request.Body = Stream.Null;
            request.ContentLength = 0;
            return;
        }

        await next(http);
    }

    /// <summary>A body of unknown length (chunked) is read up to the limit and kept for the form reader; false when it is larger.</summary>
    private static async Task<bool> FitsAsync(HttpRequest request, long limit, CancellationToken cancellationToken)
    {
        request.EnableBuffering();
        var buffer = ArrayPool<byte>.Shared.Rent(16 * 1024);
        try
        {
            long total = 0;
            int read;
            while ((read = await request.Body.ReadAsync(buffer, cancellationToken)) > 0)
            {
                total += read;
                if (total > limit)
                {
                    return false;
                }
            }

            request.Body.Position = 0;
            return true;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
