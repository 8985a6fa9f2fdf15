using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenRouterSaaS.Infrastructure.OpenRouter;
using OpenRouterSimulator;
using OpenRouterSimulator.RequestLogging;

namespace OpenRouterClient.Tests;

/// <summary>
/// The simulator on a free loopback port and the real, DI-built OpenRouter client pointed at it. Retry waits are tiny.
/// Every log line written through the client is kept; on disposal none may contain a key the test used.
/// </summary>
public sealed class ClientHarness : IAsyncDisposable
{
    public const string SiteUrl = "https://saas.example";
    public const string AppTitle = "OpenRouterSaaS tests";

    private readonly WebApplication _app;
    private readonly ServiceProvider _services;
    private readonly List<string> _secrets = [];

    private ClientHarness(WebApplication app, ServiceProvider services, CapturedLogs logs)
    {
        _app = app;
        _services = services;
        Logs = logs;
        State = app.Services.GetRequiredService<SimulatorState>();
        _secrets.Add(State.DemoKeys!.UserKey);
        _secrets.Add(State.DemoKeys!.ManagementKey);
    }

    public SimulatorState State { get; }

    public CapturedLogs Logs { get; }

    public string UserKey => State.DemoKeys!.UserKey;

    public string ManagementKey => State.DemoKeys!.ManagementKey;

    /// <summary>Starts a simulator (generations readable at once) and a client; <paramref name="settings"/> override <c>OpenRouter:*</c>.</summary>
    public static async Task<ClientHarness> StartAsync(
        Action<SimulatorOptions>? simulator = null, IReadOnlyDictionary<string, string?>? settings = null, Uri? baseUrl = null)
    {
        var app = SimulatorApp.Create(
            ["--Logging:LogLevel:Default=Warning", "--Logging:LogLevel:Microsoft.Hosting.Lifetime=Warning"],
            options =>
            {
                options.GenerationDelay = TimeSpan.Zero;
                simulator?.Invoke(options);
            });
        app.Urls.Add("http://127.0.0.1:0");
        await app.StartAsync();
        var address = new Uri(app.Urls.First());

        var values = new Dictionary<string, string?>
        {
            ["OpenRouter:BaseUrl"] = (baseUrl ?? new Uri(address, "/api/v1")).ToString(),
            ["OpenRouter:SiteUrl"] = SiteUrl,
            ["OpenRouter:AppTitle"] = AppTitle,
            ["OpenRouter:MaxRetries"] = "3",
            ["OpenRouter:RetryDelay"] = "00:00:00.001",
            ["OpenRouter:MaxRetryDelay"] = "00:00:02",
            ["OpenRouter:Timeout"] = "00:00:30",
            ["OpenRouter:StreamIdleTimeout"] = "00:00:30",
        };
        foreach (var (name, value) in settings ?? new Dictionary<string, string?>())
        {
            values[name] = value;
        }

        var logs = new CapturedLogs();
        var services = new ServiceCollection();
        services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Trace).AddProvider(logs));
        services.ConfigureHttpClientDefaults(client => client.AddHttpMessageHandler(() => new SimulatorFaultHandler()));
        services.AddOpenRouter(new ConfigurationBuilder().AddInMemoryCollection(values).Build());
        return new ClientHarness(app, services.BuildServiceProvider(validateScopes: true), logs);
    }

    public T Get<T>()
        where T : notnull => _services.GetRequiredService<T>();

    /// <summary>A fresh key in a fresh account; its secret is checked against the logs at the end.</summary>
    public CreatedKey NewKey(decimal? limit = null, string? limitReset = null, bool management = false, string? account = null, decimal? credits = null)
    {
        var key = State.CreateKey(new SimulatedKeyRequest("client test", limit, limitReset, management, credits, account));
        _secrets.Add(key.Key);
        return key;
    }

    /// <summary>Remembers a secret the test learnt some other way (a minted key), so the log check covers it.</summary>
    public void Remember(string secret) => _secrets.Add(secret);

    /// <summary>Requests to <c>/api/v1{path}</c> (query string ignored), oldest first.</summary>
    public IReadOnlyList<RequestLogEntry> Requests(string path) =>
        [.. State.RequestLog.Entries.Where(e => e.Path.Split('?')[0] == "/api/v1" + path)];

    /// <summary>
    /// Waits (up to 10 s) until the simulator has logged a request to <paramref name="path"/>: it logs a request when it has
    /// finished with it, which for a dropped connection can be just after the client saw the drop.
    /// </summary>
    public async Task WaitForRequestAsync(string path)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (Requests(path).Count == 0 && !timeout.IsCancellationRequested)
        {
            await Task.Delay(10, CancellationToken.None);
        }
    }

    /// <summary>Until disposed, requests sent by the client in this async flow carry <c>X-Simulator-Fault</c> (and one request id, for <c>fail-first</c>).</summary>
    public static IDisposable Fault(string fault) => SimulatorFaultHandler.Use(fault);

    public static byte[] Chat(string prompt, string model = "openai/gpt-4o", bool stream = false, string? extra = null) =>
        Encoding.UTF8.GetBytes(
            $$"""{"model":{{JsonSerializer.Serialize(model)}},"stream":{{(stream ? "true" : "false")}},"messages":[{"role":"user","content":{{JsonSerializer.Serialize(prompt)}}}]{{(extra is null ? "" : "," + extra)}}}""");

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        await _app.StopAsync();
        await _app.DisposeAsync();
        var leaked = Logs.Lines.Count(line => _secrets.Any(secret => line.Contains(secret, StringComparison.Ordinal)));
        Assert.True(leaked == 0, $"{leaked} log lines contain a key");
    }
}

/// <summary>Adds the simulator's fault header to requests sent within a <see cref="Use"/> scope.</summary>
internal sealed class SimulatorFaultHandler : DelegatingHandler
{
    private static readonly AsyncLocal<(string Fault, string RequestId)?> Current = new();

    public static IDisposable Use(string fault)
    {
        Current.Value = (fault, Guid.NewGuid().ToString("N"));
        return new Scope();
    }

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (Current.Value is { } fault && !request.Headers.Contains("X-Simulator-Fault"))
        {
            request.Headers.Add("X-Simulator-Fault", fault.Fault);
            request.Headers.Add("X-Simulator-Request-Id", fault.RequestId);
        }

        return base.SendAsync(request, cancellationToken);
    }

    private sealed class Scope : IDisposable
    {
        public void Dispose() => Current.Value = null;
    }
}

/// <summary>Every log line (with its exception) written through the client's logging, at every level.</summary>
public sealed class CapturedLogs : ILoggerProvider
{
    private readonly ConcurrentQueue<string> _lines = new();

    public IReadOnlyList<string> Lines => [.. _lines];

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, _lines);

    public void Dispose()
    {
    }

    private sealed class Logger(string category, ConcurrentQueue<string> lines) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            lines.Enqueue($"{logLevel} {category}: {formatter(state, exception)} {exception}");
    }
}
