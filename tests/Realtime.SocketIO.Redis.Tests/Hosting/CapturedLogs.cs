using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Realtime.SocketIO.Redis.Tests.Hosting;

/// <summary>Every log line of a server, formatted with its event id and name and its exception, for tests that check what the logs say.</summary>
public sealed class CapturedLogs : ILoggerProvider
{
    private readonly ConcurrentQueue<string> _lines = new();

    public IReadOnlyCollection<string> Lines => _lines;

    public bool Contains(string text) => _lines.Any(line => line.Contains(text, StringComparison.Ordinal));

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class Logger(CapturedLogs logs, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception,
            Func<TState, Exception?, string> formatter) =>
            logs._lines.Enqueue($"{logLevel} {category} [{eventId.Id} {eventId.Name}]: {formatter(state, exception)} {exception}");
    }
}
