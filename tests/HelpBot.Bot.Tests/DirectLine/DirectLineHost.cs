using System.Net;
using System.Net.Http.Headers;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;
using HelpBot.Bot.DirectLine;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace HelpBot.Bot.Tests.DirectLine;

/// <summary>HelpBot in memory with a hand-driven clock, and a Direct Line client speaking the protocol as Web Chat does.</summary>
internal sealed class DirectLineHost : IDisposable
{
    public const string Prefix = "/v3/directline";

    private readonly HelpBotFactory _factory;
    private readonly WebApplicationFactory<Program> _app;

    public DirectLineHost(IDictionary<string, string?>? settings = null, Action<IServiceCollection>? services = null, ILoggerProvider? logs = null)
    {
        _factory = new HelpBotFactory(settings);
        _app = _factory.WithWebHostBuilder(builder =>
        {
            builder.ConfigureServices(s =>
            {
                s.AddSingleton<TimeProvider>(Clock);
                services?.Invoke(s);
            });
            if (logs is not null)
            {
                builder.ConfigureLogging(l => l.AddProvider(logs));
            }
        });
        Client = _app.CreateClient();
    }

    public ManualClock Clock { get; } = new();

    public HttpClient Client { get; }

    public IServiceProvider Services => _app.Services;

    public DirectLineTokens Tokens => Services.GetRequiredService<DirectLineTokens>();

    /// <summary>What the Web Chat page's backend does: mint a token for a new conversation.</summary>
    public DirectLineToken NewToken(string? userId = null, string? userName = null) => Tokens.IssueForNewConversation(userId, userName);

    public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? token, string? body = null)
    {
        using var request = new HttpRequestMessage(method, new Uri(Prefix + path, UriKind.Relative));
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        }
        return await Client.SendAsync(request);
    }

    /// <summary>POST /conversations; returns the response body after checking it succeeded.</summary>
    public async Task<JsonObject> StartAsync(string token)
    {
        var response = await SendAsync(HttpMethod.Post, "/conversations", token, "{\"user\":{}}");
        Assert.True(response.IsSuccessStatusCode, $"POST /conversations answered {(int)response.StatusCode}");
        return await ReadObjectAsync(response);
    }

    /// <summary>POST .../activities; returns the id the server gave the activity.</summary>
    public async Task<string> PostAsync(string conversationId, string token, JsonObject activity)
    {
        var response = await SendAsync(HttpMethod.Post, $"/conversations/{conversationId}/activities", token, activity.ToJsonString());
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var id = (string?)(await ReadObjectAsync(response))["id"];
        Assert.False(string.IsNullOrEmpty(id));
        return id!;
    }

    /// <summary>GET .../activities?watermark=; returns the activities and the watermark (asserted to be a JSON string).</summary>
    public async Task<(List<JsonObject> Activities, string Watermark)> PollAsync(string conversationId, string token, string? watermark = null)
    {
        var response = await SendAsync(HttpMethod.Get, $"/conversations/{conversationId}/activities?watermark={watermark}", token);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await ReadObjectAsync(response);
        Assert.Equal(System.Text.Json.JsonValueKind.String, body["watermark"]!.GetValueKind());
        return (body["activities"]!.AsArray().Select(a => a!.AsObject()).ToList(), (string)body["watermark"]!);
    }

    public async Task<WebSocket> ConnectAsync(string streamUrl)
    {
        var client = _app.Server.CreateWebSocketClient();
        return await client.ConnectAsync(new Uri(streamUrl), CancellationToken.None);
    }

    public static async Task<JsonObject> ReadObjectAsync(HttpResponseMessage response) =>
        JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();

    /// <summary>One text frame as JSON. Waits at most 10 s so a broken server fails the test instead of hanging it.</summary>
    public static async Task<JsonObject> ReceiveFrameAsync(WebSocket socket)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var buffer = new byte[64 * 1024];
        using var message = new MemoryStream();
        while (true)
        {
            var result = await socket.ReceiveAsync(buffer, timeout.Token);
            Assert.Equal(WebSocketMessageType.Text, result.MessageType);
            message.Write(buffer, 0, result.Count);
            if (result.EndOfMessage)
            {
                return JsonNode.Parse(message.ToArray())!.AsObject();
            }
        }
    }

    /// <summary>Frames until <paramref name="done"/> holds for the activities received so far.</summary>
    public static async Task<List<JsonObject>> ReceiveUntilAsync(WebSocket socket, Func<List<JsonObject>, bool> done, List<string?>? watermarks = null)
    {
        var received = new List<JsonObject>();
        while (!done(received))
        {
            var frame = await ReceiveFrameAsync(socket);
            watermarks?.Add((string?)frame["watermark"]);
            received.AddRange(frame["activities"]!.AsArray().Select(a => a!.AsObject()));
        }
        return received;
    }

    public static JsonObject Message(string text, string? clientActivityId = null) => new()
    {
        ["type"] = "message",
        ["text"] = text,
        ["textFormat"] = "plain",
        ["attachments"] = new JsonArray(),
        ["channelData"] = new JsonObject { ["attachmentSizes"] = new JsonArray(), ["clientActivityID"] = clientActivityId ?? Guid.NewGuid().ToString("N")[..10] },
        ["channelId"] = "webchat",
        ["from"] = new JsonObject { ["id"] = "u-webchat", ["name"] = "Web Chat user", ["role"] = "user" },
        ["locale"] = "en-US",
        ["localTimestamp"] = "2026-11-28T20:32:21.347Z",
        ["localTimezone"] = "UTC",
    };

    public static bool IsBotMessage(JsonObject a) => (string?)a["type"] == "message" && (string?)a["from"]?["role"] == "bot";

    public void Dispose()
    {
        Client.Dispose();
        _app.Dispose();
        _factory.Dispose();
    }
}

/// <summary>A clock the test moves by hand, so token expiry is tested without waiting.</summary>
internal sealed class ManualClock : TimeProvider
{
    private readonly Lock _gate = new();
    private DateTimeOffset _now = TimeProvider.System.GetUtcNow();

    public override DateTimeOffset GetUtcNow()
    {
        lock (_gate)
        {
            return _now;
        }
    }

    public void Advance(TimeSpan by)
    {
        lock (_gate)
        {
            _now += by;
        }
    }
}

/// <summary>Records every log message (rendered), to prove secrets stay out of logs.</summary>
internal sealed class CapturingLoggerProvider : ILoggerProvider
{
    private readonly System.Collections.Concurrent.ConcurrentQueue<string> _messages = new();

    public IReadOnlyCollection<string> Messages => _messages;

    public ILogger CreateLogger(string categoryName) => new CapturingLogger(categoryName, _messages);

    public void Dispose()
    {
    }

    private sealed class CapturingLogger(string category, System.Collections.Concurrent.ConcurrentQueue<string> messages) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            // The rendered message, the structured values and the exception: a token must be in none of them.
            var values = state is IEnumerable<KeyValuePair<string, object?>> pairs ? string.Join(" ", pairs.Select(p => $"{p.Key}={p.Value}")) : "";
            messages.Enqueue($"{category}: {formatter(state, exception)} {values} {exception}");
        }
    }
}
