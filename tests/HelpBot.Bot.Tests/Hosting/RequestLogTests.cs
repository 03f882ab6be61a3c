using System.Collections.Concurrent;
using System.Net;
using System.Net.WebSockets;
using HelpBot.Bot.Hosting;
using HelpBot.Bot.Tests.DirectLine;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Serilog.Events;

namespace HelpBot.Bot.Tests.Hosting;

/// <summary>
/// The one log line per request helps: a WebSocket that closed normally is not a warning, however long it lived; a 404
/// says which path was asked for, without the secrets a path can carry (reset tokens, Direct Line conversation ids).
/// </summary>
public sealed class RequestLogTests
{
    private const string RequestLogger = "Serilog.AspNetCore.RequestLoggingMiddleware";

    [Fact]
    public async Task AWebSocketThatLivedLongAndClosedNormallyIsLoggedAtInformation()
    {
        var logs = new LevelledLogs();
        using var host = new DirectLineHost(logs: logs);
        var token = host.NewToken();
        var started = await host.StartAsync(token.Token);
        var streamUrl = (string)started["streamUrl"]!;
        using var socket = await host.ConnectAsync(streamUrl);
        await DirectLineHost.ReceiveFrameAsync(socket);

        // Longer than the 2 s after which an ordinary request is a warning.
        await Task.Delay(TimeSpan.FromMilliseconds(RequestLog.SlowMilliseconds + 300));
        await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);

        var line = await logs.WaitForAsync(e => e.Category == RequestLogger && e.Message.Contains("/stream", StringComparison.Ordinal));
        Assert.Equal(LogLevel.Information, line.Level);
        Assert.Contains("/v3/directline/conversations/{conversationId}/stream", line.Message, StringComparison.Ordinal);
        Assert.Contains("101", line.Message, StringComparison.Ordinal);
        // No line about the stream is a warning (other requests may be, when a busy machine makes them slower than 2 s).
        Assert.DoesNotContain(logs.Entries, e => e.Level >= LogLevel.Warning && e.Category == RequestLogger && e.Message.Contains("/stream", StringComparison.Ordinal));
        // The request lines name neither the conversation id nor the stream token; no line at all holds the token.
        var streamToken = new Uri(streamUrl).Query[3..].Split('&')[0];
        Assert.DoesNotContain(logs.Entries, e => e.Category == RequestLogger
            && (e.Message.Contains(token.ConversationId, StringComparison.Ordinal) || e.Properties.Contains(token.ConversationId, StringComparison.Ordinal)));
        Assert.DoesNotContain(logs.Entries, e => e.Message.Contains(streamToken, StringComparison.Ordinal) || e.Properties.Contains(streamToken, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(101, 600_000, null, LogEventLevel.Information)]
    [InlineData(200, 2_500, null, LogEventLevel.Warning)]
    [InlineData(200, 20, null, LogEventLevel.Information)]
    [InlineData(404, 20, null, LogEventLevel.Information)]
    [InlineData(500, 20, null, LogEventLevel.Error)]
    [InlineData(101, 20, "boom", LogEventLevel.Error)]
    public void TheLevelFollowsTheOutcomeAndAWebSocketIsNeverSlow(int status, double elapsed, string? exception, LogEventLevel expected)
    {
        var http = new DefaultHttpContext();
        http.Request.Path = "/v3/directline/conversations/abc/stream";
        http.Response.StatusCode = status;

        Assert.Equal(expected, RequestLog.Level(http, elapsed, exception is null ? null : new InvalidOperationException(exception)));
    }

    [Fact]
    public void AGoodChatTurnIsDebugAndAFailedOneIsNot()
    {
        var http = new DefaultHttpContext();
        http.Request.Path = "/api/messages";
        http.Response.StatusCode = 200;
        Assert.Equal(LogEventLevel.Debug, RequestLog.Level(http, 30, null));
        http.Response.StatusCode = 401;
        Assert.Equal(LogEventLevel.Information, RequestLog.Level(http, 30, null));
    }

    [Theory]
    [InlineData("/", "/")]
    [InlineData("/no/such/page", "/no/such/page")]
    [InlineData("/lib/signalr.min.js", "/lib/signalr.min.js")]
    [InlineData("/wp-login.php", "/wp-login.php")]
    [InlineData("/reset/Zm9vYmFyYmF6cXV4MTIzNDU2Nzg5MA/extra", "/reset/{redacted}/extra")]
    [InlineData("/reset/short/x", "/reset/{redacted}/x")]
    [InlineData("/v3/directline/conversations/Hk3dQ9xZpL0aB7cD1eF2gw/nothing", "/v3/directline/conversations/{redacted}/nothing")]
    [InlineData("/v3/directline/tokens/abc/x", "/v3/directline/tokens/{redacted}/x")]
    [InlineData("/files/aB3xY9kQ", "/files/{redacted}")]
    [InlineData("/huid/12345678", "/huid/{redacted}")]
    [InlineData("/x/dl-0123456789abcdef0123456789abcdef", "/x/{redacted}")]
    [InlineData("/a b/c\nd", "/{redacted}/{redacted}")]
    [InlineData("/1/2/3/4/5/6/7/8/9/10", "/1/2/3/4/5/6/7/8/…")]
    public void AnUnmatchedPathIsLoggedWithoutAnythingTokenLike(string path, string logged) =>
        Assert.Equal(logged, RequestLog.SafePath(new PathString(path)));

    [Fact]
    public async Task A404SaysWhichPathWithoutTheSecretsItCarried()
    {
        const string ResetToken = "Q2hhbmdlTWVQbGVhc2UtMTIzNDU2Nzg5";
        const string ConversationId = "Hk3dQ9xZpL0aB7cD1eF2gw";
        var logs = new LevelledLogs();
        using var factory = new HelpBotFactory();
        using var app = factory.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.AddSingleton<ILoggerProvider>(logs)));
        using var client = app.CreateClient();

        foreach (var path in new[] { "/no/such/page", $"/reset/{ResetToken}/extra?t={ResetToken}", $"/v3/directline/conversations/{ConversationId}/nothing" })
        {
            using var response = await client.GetAsync(new Uri(path, UriKind.Relative));
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        }

        await logs.WaitForAsync(e => e.Category == RequestLogger && e.Message.Contains("/no/such/page", StringComparison.Ordinal) && e.Message.Contains("404", StringComparison.Ordinal));
        await logs.WaitForAsync(e => e.Category == RequestLogger && e.Message.Contains("/reset/{redacted}/extra", StringComparison.Ordinal));
        await logs.WaitForAsync(e => e.Category == RequestLogger && e.Message.Contains("/v3/directline/conversations/{redacted}/nothing", StringComparison.Ordinal));
        Assert.DoesNotContain(logs.Entries, e => e.Message.Contains("(static or unmatched)", StringComparison.Ordinal));
        foreach (var secret in new[] { ResetToken, ConversationId })
        {
            Assert.DoesNotContain(logs.Entries, e => e.Message.Contains(secret, StringComparison.Ordinal) || e.Properties.Contains(secret, StringComparison.Ordinal));
        }
    }

    /// <summary>Every event with its level, category, rendered message and properties.</summary>
    private sealed class LevelledLogs : ILoggerProvider
    {
        public ConcurrentQueue<Entry> Entries { get; } = new();

        public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

        public async Task<Entry> WaitForAsync(Func<Entry, bool> match)
        {
            var until = DateTime.UtcNow.AddSeconds(10);
            while (DateTime.UtcNow < until)
            {
                if (Entries.FirstOrDefault(match) is { } found)
                {
                    return found;
                }
                await Task.Delay(50);
            }
            Assert.Fail("No such log line; the lines were:\n" + string.Join("\n", Entries.Select(e => $"{e.Level} {e.Category}: {e.Message}")));
            return null!;
        }

        public void Dispose()
        {
        }

        public sealed record Entry(LogLevel Level, string Category, string Message, string Properties);

        private sealed class Logger(LevelledLogs sink, string category) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                var properties = state is IEnumerable<KeyValuePair<string, object?>> pairs ? string.Join(";", pairs.Select(p => $"{p.Key}={p.Value}")) : "";
                sink.Entries.Enqueue(new Entry(logLevel, category, formatter(state, exception), properties));
            }
        }
    }
}
