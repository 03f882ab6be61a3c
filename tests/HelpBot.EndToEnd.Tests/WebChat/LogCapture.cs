using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace HelpBot.EndToEnd.Tests.WebChat;

/// <summary>Keeps every log event of the host: the category, the rendered message, the raw properties and the exception.</summary>
public sealed class LogCapture : ILoggerProvider
{
    private readonly ConcurrentQueue<string> _lines = new();

    public IReadOnlyCollection<string> Lines => _lines;

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class Logger(LogCapture sink, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var properties = state is IEnumerable<KeyValuePair<string, object?>> pairs ? string.Join(";", pairs.Select(p => $"{p.Key}={p.Value}")) : "";
            sink._lines.Enqueue($"{logLevel} {category}: {formatter(state, exception)} | {properties} | {exception}");
        }
    }
}
