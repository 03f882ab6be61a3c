using System.Diagnostics;
using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;
using HelpBot.EndToEnd.Tests.WebChat;
using HelpBot.Tests.Shared;
using Microsoft.Extensions.DependencyInjection;

namespace HelpBot.EndToEnd.Tests.Teams;

/// <summary>
/// The real HelpBot host on Kestrel (empty app id, a free loopback port, its own LiteDB file and outbox in a temporary
/// folder, as <see cref="WebChatHostFixture"/> starts it) and the Microsoft 365 Agents Playground (npm
/// <c>@microsoft/m365agentsplayground</c>) as the Teams client, bound to 127.0.0.1 by tests/tools/loopback-only.js.
/// The Playground's current user is Jane Smith with jsmith's Entra object id, so HelpBot knows her from Teams.
/// The Playground is driven without a browser: its REST API sends what the user types, and its WebSocket delivers
/// what the bot sends. Both are stopped after the tests, the Playground with its whole process tree.
/// </summary>
public partial class TeamsPlaygroundFixture : IAsyncLifetime, IDisposable
{
    /// <summary>jsmith's fake Entra object id (bot/Accounts/accounts.seed.json).</summary>
    public const string JsmithAadObjectId = "0b6f1c2e-4a11-4d1e-9c01-000000000001";

    /// <summary>A Teams user of the fake tenant, as the Playground's configuration describes them.</summary>
    public sealed record PlaygroundUser(string Username, string Name, string GivenName, string Surname, string AadObjectId);

    public static readonly PlaygroundUser Jsmith = new("jsmith", "Jane Smith", "Jane", "Smith", JsmithAadObjectId);

    /// <summary>mlee, whose password expires in 3 days (accounts.seed.json).</summary>
    public static readonly PlaygroundUser Mlee = new("mlee", "Michael Lee", "Michael", "Lee", "0b6f1c2e-4a11-4d1e-9c01-000000000002");

    /// <summary>The team channel the service desk works in (the Playground's team has it besides General).</summary>
    public const string DeskChannelId = "desk-channel-id";

    public const string TeamId = "team-id";

    private readonly PlaygroundUser _user;
    private readonly Action<IServiceCollection>? _configureServices;
    private readonly Func<Uri, string[]>? _hostArgs;

    public TeamsPlaygroundFixture()
        : this(Jsmith, null)
    {
    }

    /// <param name="user">Who is signed in to the Playground.</param>
    /// <param name="configureServices">Replaces ports of the host (e.g. a slow directory) after HelpBot's registrations.</param>
    /// <param name="hostArgs">More host settings, given the Playground's address (e.g. its connector as the desk channel's service URL).</param>
    protected TeamsPlaygroundFixture(PlaygroundUser user, Action<IServiceCollection>? configureServices, Func<Uri, string[]>? hostArgs = null)
    {
        _user = user;
        _configureServices = configureServices;
        _hostArgs = hostArgs;
    }

    public const string TenantId = "9c0e1d2a-7b3f-4e5a-8c6d-000000000001";

    private readonly string _tempDirectory = Directory.CreateTempSubdirectory("helpbot-teams-").FullName;
    private readonly List<JsonObject> _frames = [];
    private readonly SemaphoreSlim _arrived = new(0);
    private readonly CancellationTokenSource _stopping = new();
    private LoopbackHelpBot? _bot;
    private Process? _playground;
    private readonly StringBuilder _playgroundOutput = new();
    private ClientWebSocket? _socket;
    private Task? _receiving;
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(30) };

    public Uri BotUrl { get; private set; } = null!;

    public Uri PlaygroundUrl { get; private set; } = null!;

    /// <summary>The personal chat's id and the current user's id, as the Playground reports them.</summary>
    public string ConversationId { get; private set; } = null!;

    public string UserId { get; private set; } = null!;

    public string BotId { get; private set; } = null!;

    public IServiceProvider Services => _bot!.Services;

    public string OutboxPath => _bot!.OutboxPath;

    public LogCapture Logs => _bot!.Logs;

    public async Task InitializeAsync()
    {
        // The Playground's port first: the host may need its address in its settings.
        PlaygroundUrl = new Uri($"http://127.0.0.1:{LoopbackHelpBot.FreeLoopbackPort()}");
        _bot = await LoopbackHelpBot.StartAsync(_tempDirectory, _configureServices, _hostArgs?.Invoke(PlaygroundUrl) ?? []);
        BotUrl = _bot.Url;

        await StartPlaygroundAsync();
        var config = JsonNode.Parse(await _http.GetStringAsync(new Uri(PlaygroundUrl, "/_internal/v1/config")))!["config"]!;
        ConversationId = (string)config["personalChat"]!["id"]!;
        UserId = (string)config["currentUser"]!["id"]!;
        BotId = (string)config["bot"]!["id"]!;

        _socket = new ClientWebSocket();
        await _socket.ConnectAsync(new Uri($"ws://127.0.0.1:{PlaygroundUrl.Port}/_ws_conversation/v1/conversations/stream"), _stopping.Token);
        _receiving = ReceiveAsync(_socket);
    }

    private async Task StartPlaygroundAsync()
    {
        var tools = RepoPaths.Of("tests", "tools");
        var cli = Path.Combine(tools, "node_modules", "@microsoft", "m365agentsplayground", "cli.js");
        if (!File.Exists(cli))
        {
            throw new InvalidOperationException("The @microsoft/m365agentsplayground npm package is missing: run ./test.sh (or npm ci in tests/tools) first.");
        }
        var port = PlaygroundUrl.Port;
        // The Playground reads .m365agentsplayground.yml from its working folder and writes devTools/ logs there.
        await File.WriteAllTextAsync(Path.Combine(_tempDirectory, ".m365agentsplayground.yml"), PlaygroundConfig());
        var start = new ProcessStartInfo("node",
            ["-r", Path.Combine(tools, "loopback-only.js"), cli, "-e", new Uri(BotUrl, "/api/messages").ToString(), "-c", "msteams", "-p", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--disable-telemetry"])
        {
            WorkingDirectory = _tempDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
        };
        start.Environment["TEAMSAPPTESTER_BROWSER"] = "none";
        start.Environment["M365_AGENTS_PLAYGROUND_LOGFILE"] = Path.Combine(_tempDirectory, "playground.log");
        _playground = Process.Start(start) ?? throw new InvalidOperationException("Could not start node.");
        _playground.OutputDataReceived += (_, e) => { lock (_playgroundOutput) { _playgroundOutput.AppendLine(e.Data); } };
        _playground.ErrorDataReceived += (_, e) => { lock (_playgroundOutput) { _playgroundOutput.AppendLine(e.Data); } };
        _playground.BeginOutputReadLine();
        _playground.BeginErrorReadLine();

        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (true)
        {
            if (_playground.HasExited)
            {
                throw new InvalidOperationException($"The Playground exited ({_playground.ExitCode}): {PlaygroundOutput}\n{PlaygroundLog()}");
            }
            try
            {
                using var ping = await _http.GetAsync(new Uri(PlaygroundUrl, "/_internal/v1/config"), deadline.Token);
                if (ping.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"The Playground did not answer on {PlaygroundUrl} within 60 s: {PlaygroundOutput}");
            }
            await Task.Delay(200, deadline.Token);
        }
    }

    /// <summary>
    /// The fake tenant: the current user (Jane Smith by default) has their seed account's Entra object id. The Playground
    /// insists on at least five other users. The team has a service-desk channel.
    /// </summary>
    private string PlaygroundConfig()
    {
        var others = string.Concat(Enumerable.Range(1, 5).Select(i => $"""
              - id: user-id-{i}
                name: Colleague {i}
                userPrincipleName: colleague{i}@hms.example.edu
                aadObjectId: 9c0e1d2a-7b3f-4e5a-8c6d-10000000000{i}
                givenName: Colleague
                surname: Number{i}
                email: colleague{i}@hms.example.edu

            """));
        return $"""
            version: "0.1.1"
            tenantId: {TenantId}
            bot:
              id: 00000000-0000-0000-0000-00000000000011
              name: HelpBot
            currentUser:
              id: user-id-{_user.Username}
              name: {_user.Name}
              userPrincipleName: {_user.Username}@hms.harvard.edu
              aadObjectId: {_user.AadObjectId}
              givenName: {_user.GivenName}
              surname: {_user.Surname}
              email: {_user.Username}@hms.harvard.edu
            users:
            {others}personalChat:
              id: personal-chat-{_user.Username}
            groupChat:
              id: group-chat-id
              name: Group Chat
            team:
              id: {TeamId}
              name: HMS IT
              aadGroupId: 00000000-0000-0000-0000-000000000031
              channels:
                - id: {DeskChannelId}
                  name: Service Desk

            """;
    }

    public string PlaygroundOutput
    {
        get
        {
            lock (_playgroundOutput)
            {
                return _playgroundOutput.ToString();
            }
        }
    }

    private string PlaygroundLog()
    {
        var log = Path.Combine(_tempDirectory, "playground.log");
        return File.Exists(log) ? File.ReadAllText(log) : "";
    }

    /// <summary>Is the Playground's port reachable on an address of this machine other than loopback? (It must not be.)</summary>
    public async Task<IReadOnlyList<string>> NonLoopbackAddressesReachingThePlaygroundAsync()
    {
        var addresses = NetworkInterface.GetAllNetworkInterfaces()
            .Where(n => n.OperationalStatus == OperationalStatus.Up)
            .SelectMany(n => n.GetIPProperties().UnicastAddresses.Select(a => a.Address))
            .Where(a => !IPAddress.IsLoopback(a) && a.AddressFamily == AddressFamily.InterNetwork)
            .ToList();
        var reachable = new List<string>();
        foreach (var address in addresses)
        {
            using var client = new TcpClient();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(3));
            try
            {
                await client.ConnectAsync(address, PlaygroundUrl.Port, timeout.Token);
                reachable.Add(address.ToString());
            }
            catch (Exception ex) when (ex is SocketException or OperationCanceledException)
            {
                // refused: as it should be
            }
        }
        return reachable;
    }

    /// <summary>The number of WebSocket frames so far: pass it to the waits to look only at newer ones.</summary>
    public int FrameCount
    {
        get
        {
            lock (_frames)
            {
                return _frames.Count;
            }
        }
    }

    /// <summary>Every frame the Playground pushed so far.</summary>
    public IReadOnlyList<JsonObject> Frames
    {
        get
        {
            lock (_frames)
            {
                return [.. _frames];
            }
        }
    }

    /// <summary>What the user does when installing the app in Teams: the Playground sends installationUpdate and conversationUpdate (membersAdded).</summary>
    public async Task InstallAsync(string? conversationId = null)
    {
        using var body = new StringContent("{}", Encoding.UTF8, "application/json");
        using var response = await _http.PostAsync(new Uri(PlaygroundUrl, $"/_debug/conversation/{conversationId ?? ConversationId}/installation"), body);
        response.EnsureSuccessStatusCode();
    }

    /// <summary>The user types <paramref name="text"/> in the personal chat.</summary>
    public async Task SendAsync(string text)
    {
        var json = new JsonObject { ["text"] = text, ["textFormat"] = "plain", ["from"] = new JsonObject { ["id"] = UserId } };
        using var body = new StringContent(json.ToJsonString(), Encoding.UTF8, "application/json");
        using var response = await _http.PostAsync(new Uri(PlaygroundUrl, $"/_conversation/v1/conversations/{ConversationId}/messages"), body);
        Assert.True(response.IsSuccessStatusCode, $"The Playground refused the message: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    /// <summary>
    /// The user writes <paramref name="text"/> in a team channel or a thread of one (<paramref name="conversationId"/>),
    /// @mentioning HelpBot as Teams requires for the bot to hear it.
    /// </summary>
    public async Task SendInChannelAsync(string conversationId, string text)
    {
        var json = new JsonObject
        {
            ["type"] = "text",
            ["text"] = $"<at>HelpBot</at> {text}",
            ["textFormat"] = "plain",
            ["from"] = new JsonObject { ["id"] = UserId },
            ["mentions"] = new JsonArray(new JsonObject
            {
                ["type"] = "mention",
                ["text"] = "<at>HelpBot</at>",
                ["mentioned"] = new JsonObject { ["id"] = BotId, ["name"] = "HelpBot" },
            }),
        };
        using var body = new StringContent(json.ToJsonString(), Encoding.UTF8, "application/json");
        using var response = await _http.PostAsync(new Uri(PlaygroundUrl, $"/_conversation/v1/conversations/{Uri.EscapeDataString(conversationId)}/messages"), body);
        Assert.True(response.IsSuccessStatusCode, $"The Playground refused the message: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    /// <summary>The user presses an Action.Submit button of the bot's message <paramref name="messageId"/>.</summary>
    public async Task SubmitAsync(string messageId, JsonObject value)
    {
        var json = new JsonObject
        {
            ["conversation"] = new JsonObject { ["id"] = ConversationId },
            ["from"] = new JsonObject { ["id"] = UserId },
            ["replyToId"] = messageId,
            ["value"] = value,
        };
        using var body = new StringContent(json.ToJsonString(), Encoding.UTF8, "application/json");
        using var response = await _http.PostAsync(new Uri(PlaygroundUrl, "/_conversation/v1/submit"), body);
        Assert.True(response.IsSuccessStatusCode, $"The Playground refused the submit: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    /// <summary>
    /// The user presses an Action.Execute button of the bot's message <paramref name="messageId"/>: Teams sends an
    /// <c>adaptiveCard/action</c> invoke and shows the card the bot answers with in place of the old one. Returns the
    /// invoke response (statusCode, type, value) once the bot has answered.
    /// </summary>
    public async Task<JsonObject> InvokeAsync(string messageId, JsonObject action, string? conversationId = null)
    {
        var json = new JsonObject
        {
            ["name"] = "adaptiveCard/action",
            ["conversation"] = new JsonObject { ["id"] = conversationId ?? ConversationId },
            ["from"] = new JsonObject { ["id"] = UserId },
            ["replyToId"] = messageId,
            ["value"] = new JsonObject { ["action"] = action, ["trigger"] = "manual" },
        };
        using var body = new StringContent(json.ToJsonString(), Encoding.UTF8, "application/json");
        using var response = await _http.PostAsync(new Uri(PlaygroundUrl, "/_conversation/v1/invoke"), body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"The Playground refused the invoke: {(int)response.StatusCode} {text}");
        return JsonNode.Parse(text)!.AsObject();
    }

    /// <summary>Sends <paramref name="activity"/> to the bot exactly as given (the Playground's custom activities), e.g. one without <c>from.aadObjectId</c>.</summary>
    public async Task SendCustomActivityAsync(JsonObject activity)
    {
        using var body = new StringContent(activity.ToJsonString(), Encoding.UTF8, "application/json");
        using var response = await _http.PostAsync(new Uri(PlaygroundUrl, "/_internal/v1/customActivities"), body);
        Assert.True(response.IsSuccessStatusCode, $"The Playground refused the custom activity: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    /// <summary>Where the Playground's connector API is (the serviceUrl it gives the bot).</summary>
    public string ServiceUrl => new Uri(PlaygroundUrl, "/_connector").ToString();

    /// <summary>Waits for the first frame after <paramref name="after"/> frames that matches <paramref name="match"/>.</summary>
    public async Task<JsonObject> WaitForFrameAsync(int after, Func<JsonObject, bool> match, string what)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (true)
        {
            if (Frames.Skip(after).FirstOrDefault(match) is { } found)
            {
                return found;
            }
            try
            {
                await _arrived.WaitAsync(TimeSpan.FromMilliseconds(500), deadline.Token);
            }
            catch (OperationCanceledException)
            {
                var seen = string.Join("\n", Frames.Skip(after).Select(f => f.ToJsonString()[..Math.Min(600, f.ToJsonString().Length)]));
                throw new TimeoutException($"No {what} arrived. Frames:\n{seen}");
            }
        }
    }

    /// <summary>Waits for the first message the bot sends after <paramref name="after"/> frames that matches <paramref name="match"/>.</summary>
    public async Task<JsonObject> WaitForBotMessageAsync(int after, Func<JsonObject, bool> match, string what, TimeSpan? timeout = null)
    {
        using var deadline = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(30));
        while (true)
        {
            var found = Frames.Skip(after)
                .Where(f => (string?)f["action"] == "createMessage" && (string?)f["message"]?["from"]?["id"] == BotId)
                .Select(f => f["message"]!.AsObject())
                .FirstOrDefault(match);
            if (found is not null)
            {
                return found;
            }
            try
            {
                await _arrived.WaitAsync(TimeSpan.FromMilliseconds(500), deadline.Token);
            }
            catch (OperationCanceledException)
            {
                var seen = string.Join("\n", BotMessages(after).Select(m => m.ToJsonString()[..Math.Min(400, m.ToJsonString().Length)]));
                throw new TimeoutException($"The bot did not send {what}. It sent:\n{seen}");
            }
        }
    }

    /// <summary>The messages the bot sent after <paramref name="after"/> frames.</summary>
    public IReadOnlyList<JsonObject> BotMessages(int after) =>
        Frames.Skip(after)
            .Where(f => (string?)f["action"] == "createMessage" && (string?)f["message"]?["from"]?["id"] == BotId)
            .Select(f => f["message"]!.AsObject()).ToList();

    private async Task ReceiveAsync(ClientWebSocket socket)
    {
        var buffer = new byte[64 * 1024];
        using var message = new MemoryStream();
        try
        {
            while (socket.State == WebSocketState.Open)
            {
                var result = await socket.ReceiveAsync(buffer, _stopping.Token);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    return;
                }
                message.Write(buffer, 0, result.Count);
                if (!result.EndOfMessage)
                {
                    continue;
                }
                var text = Encoding.UTF8.GetString(message.ToArray());
                message.SetLength(0);
                if (JsonNode.Parse(text) is JsonObject frame)
                {
                    lock (_frames)
                    {
                        _frames.Add(frame);
                    }
                    _arrived.Release();
                }
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or WebSocketException)
        {
            // stopping, or the Playground went away
        }
    }

    /// <summary>The 6-digit SafeCode in the first message to <paramref name="to"/> after the first <paramref name="after"/> outbox messages.</summary>
    public Task<string> WaitForSafeCodeAsync(string to, int after) => new HelpBot.Tests.Shared.OutboxFile(OutboxPath).WaitForSafeCodeAsync(to, after);

    public int OutboxCount() => new HelpBot.Tests.Shared.OutboxFile(OutboxPath).Count();

    public async Task DisposeAsync()
    {
        await _stopping.CancelAsync();
        if (_receiving is not null)
        {
            await _receiving;
        }
        if (_playground is not null)
        {
            // Node and anything it started (the whole tree), whether or not the tests passed.
            if (!_playground.HasExited)
            {
                _playground.Kill(entireProcessTree: true);
            }
            await _playground.WaitForExitAsync();
            _playground.Dispose();
        }
        if (_bot is not null)
        {
            await _bot.DisposeAsync();
        }
        Dispose();
        await LoopbackHelpBot.DeleteFolderAsync(_tempDirectory);
    }

    /// <summary>Releases the client objects (idempotent); <see cref="DisposeAsync"/> stops the servers and calls it.</summary>
    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
        if (disposing)
        {
            _socket?.Dispose();
            _http.Dispose();
            _arrived.Dispose();
            _stopping.Dispose();
        }
    }
}
