using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace OpenRouterClient.Tests;

/// <summary>
/// A stand-in for OpenRouter that answers every request with one canned body, and keeps the request bodies it got:
/// for the answers the simulator never gives (malformed catalogues) and for byte-exact pass-through checks.
/// </summary>
public sealed class CannedOpenRouter : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly List<byte[]> _bodies = [];

    private CannedOpenRouter(WebApplication app, Uri baseUrl)
    {
        _app = app;
        BaseUrl = baseUrl;
    }

    public Uri BaseUrl { get; }

    public IReadOnlyList<byte[]> Bodies
    {
        get
        {
            lock (_bodies)
            {
                return [.. _bodies];
            }
        }
    }

    public static async Task<CannedOpenRouter> StartAsync(string body, int status = 200, string contentType = "application/json")
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        var app = builder.Build();
        CannedOpenRouter? canned = null;
        app.Run(async context =>
        {
            using var buffer = new MemoryStream();
            await context.Request.Body.CopyToAsync(buffer);
            lock (canned!._bodies)
            {
                canned._bodies.Add(buffer.ToArray());
            }

            context.Response.StatusCode = status;
            context.Response.ContentType = contentType;
            await context.Response.WriteAsync(body);
        });
        app.Urls.Add("http://127.0.0.1:0");
        await app.StartAsync();
        canned = new CannedOpenRouter(app, new Uri(new Uri(app.Urls.First()), "/api/v1"));
        return canned;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
