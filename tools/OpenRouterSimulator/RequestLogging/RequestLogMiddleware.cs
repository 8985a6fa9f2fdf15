using System.Diagnostics;
using OpenRouterSimulator.Api;
using OpenRouterSimulator.Keys;

namespace OpenRouterSimulator.RequestLogging;

/// <summary>Logs every <c>/api/v1</c> request in memory (not to the console) and swallows cancellations of aborted requests.</summary>
internal sealed class RequestLogMiddleware(SimulatorState state)
{
    public async Task InvokeAsync(HttpContext context, Func<Task> next)
    {
        if (!context.Request.Path.StartsWithSegments("/api/v1", StringComparison.Ordinal))
        {
            await next();
            return;
        }

        var started = Stopwatch.GetTimestamp();
        var time = state.Time.GetUtcNow();
        var notes = RequestNotes.Attach(context);
        try
        {
            await next();
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client went away while we waited; nothing is left to answer.
        }
        finally
        {
            var request = context.Request;
            var bearer = KeySecrets.ReadBearer(request.Headers.Authorization);
            var fingerprint = bearer is null ? null : state.FindBySecret(bearer)?.Fingerprint ?? KeySecrets.Fingerprint(bearer);
            var path = request.QueryString.HasValue ? request.Path.Value + request.QueryString.Value : request.Path.Value ?? "";
            state.RequestLog.Add(sequence => new RequestLogEntry(
                sequence, time, request.Method, path, fingerprint, context.Response.StatusCode, notes.Fault, notes.Model,
                notes.GenerationId, context.RequestAborted.IsCancellationRequested, Stopwatch.GetElapsedTime(started).TotalMilliseconds,
                Header(request, "HTTP-Referer"), Header(request, "X-OpenRouter-Title"), Header(request, "X-Title"), notes.Body));
        }
    }

    private static string? Header(HttpRequest request, string name) =>
        request.Headers.TryGetValue(name, out var value) && value.Count > 0 ? value.ToString() : null;
}
