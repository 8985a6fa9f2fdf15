using System.Collections.Concurrent;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace OpenRouterSaaS.FunctionalTests.Security;

/// <summary>
/// Everything an app wrote where someone other than its database could read it: every log line at every level
/// (message, exception, structured values and scopes) and every response it sent (status line, headers and body).
/// </summary>
public sealed class AppOutput
{
    private readonly ConcurrentQueue<LogLine> _logLines = new();
    private readonly ConcurrentQueue<SentResponse> _responses = new();

    public IReadOnlyCollection<LogLine> LogLines => _logLines;

    public IReadOnlyCollection<SentResponse> Responses => _responses;

    /// <summary>
    /// Adds the recording logger (at Trace, whatever the app's own levels: a rule for one provider beats the rules for
    /// all of them, so the console keeps its quieter levels) and the recording of responses, outermost in the pipeline.
    /// </summary>
    public void Register(IServiceCollection services)
    {
        services.AddSingleton<ILoggerProvider>(new RecordingLoggerProvider(this));
        services.Configure<LoggerFilterOptions>(options => options.AddFilter<RecordingLoggerProvider>(null, LogLevel.Trace));
        services.AddSingleton<IStartupFilter>(new ResponseRecorder(this));
    }

    internal void Add(LogLine line) => _logLines.Enqueue(line);

    internal void Add(SentResponse response) => _responses.Enqueue(response);
}

/// <summary>One log entry as any logging sink could write it.</summary>
public sealed record LogLine(LogLevel Level, string Category, string Text);

/// <summary>One response as the client received it: <see cref="Text"/> holds the status, the headers and the body.</summary>
public sealed record SentResponse(string Method, string Url, int Status, string Text)
{
    public override string ToString() => $"{Method} {Url} -> {Status}";
}
