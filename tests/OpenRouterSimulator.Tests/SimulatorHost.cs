using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace OpenRouterSimulator.Tests;

/// <summary>The simulator hosted in-process on a free loopback port, with a plain HttpClient pointed at it.</summary>
public sealed class SimulatorHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private SimulatorHost(WebApplication app, Uri address)
    {
        _app = app;
        Address = address;
        Client = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(30) };
        State = app.Services.GetRequiredService<SimulatorState>();
    }

    public Uri Address { get; }

    public HttpClient Client { get; }

    public SimulatorState State { get; }

    public DemoKeys Demo => State.DemoKeys!;

    /// <summary>Starts a simulator whose generations are readable at once (<c>GenerationDelay</c> zero) unless configured otherwise.</summary>
    public static async Task<SimulatorHost> StartAsync(Action<SimulatorOptions>? configure = null, params string[] args)
    {
        var app = SimulatorApp.Create(
            ["--Logging:LogLevel:Default=Warning", "--Logging:LogLevel:Microsoft.Hosting.Lifetime=Warning", .. args],
            options =>
            {
                options.GenerationDelay = TimeSpan.Zero;
                configure?.Invoke(options);
            });
        app.Urls.Add("http://127.0.0.1:0");
        await app.StartAsync();
        return new SimulatorHost(app, new Uri(app.Urls.First()));
    }

    public CreatedKey NewKey(decimal? limit = null, string? limitReset = null, bool management = false, string? account = null, decimal? credits = null) =>
        State.CreateKey(new SimulatedKeyRequest("test key", limit, limitReset, management, credits, account));

    public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? key, string? json = null, string? fault = null, string? requestId = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (key is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }

        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }

        if (fault is not null)
        {
            request.Headers.Add("X-Simulator-Fault", fault);
        }

        if (requestId is not null)
        {
            request.Headers.Add("X-Simulator-Request-Id", requestId);
        }

        return await Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
    }

    public Task<HttpResponseMessage> ChatAsync(string key, string json, string? fault = null, string? requestId = null) =>
        SendAsync(HttpMethod.Post, "/api/v1/chat/completions", key, json, fault, requestId);

    public Task<HttpResponseMessage> GetAsync(string path, string? key, string? fault = null) => SendAsync(HttpMethod.Get, path, key, null, fault);

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

/// <summary>Small helpers to build requests and read answers.</summary>
public static class Api
{
    public static string Chat(string prompt, string model = "openai/gpt-4o", bool stream = false, string? extra = null) =>
        $$"""{"model":{{JsonSerializer.Serialize(model)}},"stream":{{(stream ? "true" : "false")}},"messages":[{"role":"system","content":"You are terse."},{"role":"user","content":{{JsonSerializer.Serialize(prompt)}}}]{{(extra is null ? "" : "," + extra)}}}""";

    public static async Task<JsonElement> JsonAsync(this HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        using var document = JsonDocument.Parse(text);
        return document.RootElement.Clone();
    }

    /// <summary>Asserts OpenRouter's error shape and returns the error object.</summary>
    public static async Task<JsonElement> ErrorAsync(this HttpResponseMessage response, int status)
    {
        Assert.Equal(status, (int)response.StatusCode);
        var body = await response.JsonAsync();
        var error = body.GetProperty("error");
        Assert.Equal(status, error.GetProperty("code").GetInt32());
        Assert.False(string.IsNullOrWhiteSpace(error.GetProperty("message").GetString()));
        return error;
    }

    public static decimal Price(this JsonElement model, string name) =>
        decimal.Parse(model.GetProperty("pricing").GetProperty(name).GetString()!, System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>A clock the test moves by hand.</summary>
public sealed class ManualClock(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset _now = start;

    public override DateTimeOffset GetUtcNow() => _now;

    public void Advance(TimeSpan by) => _now += by;
}
