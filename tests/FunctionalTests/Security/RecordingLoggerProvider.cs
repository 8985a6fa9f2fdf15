using System.Text;
using Microsoft.Extensions.Logging;

namespace OpenRouterSaaS.FunctionalTests.Security;

/// <summary>
/// Records every log entry into an <see cref="AppOutput"/> with all that a sink could print: the formatted message,
/// each structured value (a JSON sink writes them all, not only those in the message), the exception and the scopes.
/// </summary>
internal sealed class RecordingLoggerProvider(AppOutput output) : ILoggerProvider, ISupportExternalScope
{
    private IExternalScopeProvider _scopes = new LoggerExternalScopeProvider();

    public ILogger CreateLogger(string categoryName) => new RecordingLogger(this, categoryName);

    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

    public void Dispose()
    {
    }

    private static void AppendValues(StringBuilder text, object? state)
    {
        if (state is IEnumerable<KeyValuePair<string, object?>> values)
        {
            foreach (var (name, value) in values)
            {
                text.Append(" | ").Append(name).Append('=').Append(value);
            }
        }
    }

    private sealed class RecordingLogger(RecordingLoggerProvider provider, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => provider._scopes.Push(state);

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var text = new StringBuilder().Append(formatter(state, exception));
            AppendValues(text, state);
            provider._scopes.ForEachScope(
                (scope, builder) =>
                {
                    builder.Append(" => ").Append(scope);
                    AppendValues(builder, scope);
                },
                text);
            if (exception is not null)
            {
                text.AppendLine().Append(exception);
            }

            provider.Add(new LogLine(logLevel, category, text.ToString()));
        }
    }

    private void Add(LogLine line) => output.Add(line);
}
