using System.Collections.Concurrent;
using System.Net.Http.Json;
using HelpBot.Bot.Adapters;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;

namespace HelpBot.Bot.Tests.Hosting;

public class ConcurrentTurnsTests
{
    [Fact]
    public async Task MessagesArrivingTogetherInOneConversationAreAllHandledWithoutAFailedTurn()
    {
        var failures = new FailedTurns();
        using var factory = new HelpBotFactory();
        using var app = factory.WithWebHostBuilder(b => b.ConfigureLogging(l => l.AddProvider(failures)));
        using var client = app.CreateClient();
        // Messages that each change the conversation's state (a flow starts, advances or ends).
        string[] messages = ["who do I contact about my harvard id", "HMS (Medical School)", "Student", "cancel"];

        // A double-click, or a fast typist: several turns of the same conversation in flight at once.
        for (var round = 0; round < 5; round++)
        {
            var responses = await Task.WhenAll(messages.Select(m =>
                client.PostAsJsonAsync(new Uri("/api/messages", UriKind.Relative), Activities.Message("c-burst", m))));
            Assert.All(responses, r => Assert.True(r.IsSuccessStatusCode));
        }

        // Without one-turn-at-a-time, two turns load the same state and the second save fails its ETag check.
        Assert.Empty(failures.Messages);
    }

    private sealed class FailedTurns : ILoggerProvider
    {
        public ConcurrentQueue<string> Messages { get; } = new();

        public ILogger CreateLogger(string categoryName) =>
            categoryName == typeof(TurnErrorHandler).FullName ? new Recorder(Messages) : Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;

        public void Dispose()
        {
        }

        private sealed class Recorder(ConcurrentQueue<string> messages) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Error;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                if (logLevel >= LogLevel.Error)
                {
                    messages.Enqueue(formatter(state, exception) + " " + exception?.GetType().Name);
                }
            }
        }
    }
}
