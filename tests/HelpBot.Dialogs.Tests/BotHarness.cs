using System.Text.Json.Nodes;
using HelpBot.Bot.Hosting;
using HelpBot.Bot.Tests;
using HelpBot.Dialogs.Accounts;
using HelpBot.Dialogs.Audit;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Builder.Adapters;
using Microsoft.Bot.Schema;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Newtonsoft.Json.Linq;

namespace HelpBot.Dialogs.Tests;

/// <summary>
/// The whole bot as it runs: the real host's services (embedded directory, SafeCode, outbox file, audit log, LiteDB
/// state) in a temporary folder, driven turn by turn through a TestAdapter. SafeCodes are read from the outbox file,
/// as a user would read them from their phone. By default the services run in a plain .NET host with no web server
/// (starting one per test was most of these tests' time); <c>webServer: true</c> adds the in-memory web server for the
/// tests that also open a page (the reset page).
/// </summary>
public sealed partial class BotHarness : IDisposable
{
    private readonly string _dataDirectory;
    private readonly IHost? _host;
    private readonly HelpBotFactory? _factory;
    private readonly Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactory<Program>? _app;

    /// <param name="replaceServices">Failure injection only (e.g. a directory that doesn't answer); everything else is real.</param>
    /// <param name="webServer">Also serve HTTP (<see cref="CreateClient"/>).</param>
    public BotHarness(IDictionary<string, string?>? settings = null, Action<IServiceCollection>? replaceServices = null, bool webServer = false)
    {
        if (webServer)
        {
            _factory = new HelpBotFactory(settings);
            _dataDirectory = _factory.DataDirectory;
            _app = replaceServices is null
                ? _factory
                : _factory.WithWebHostBuilder(b => Microsoft.AspNetCore.TestHost.WebHostBuilderExtensions.ConfigureTestServices(b, replaceServices));
            _ = _app.Server; // start the host: hosted services (message delivery, warm-up) run
            return;
        }
        _dataDirectory = System.IO.Directory.CreateTempSubdirectory("helpbot-test-").FullName;
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            EnvironmentName = "Testing",
            ApplicationName = typeof(Program).Assembly.GetName().Name,
            // appsettings.json is copied next to the tests.
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.Configuration.AddInMemoryCollection(HelpBotFactory.Settings(_dataDirectory, settings));
        builder.AddHelpBotServices();
        replaceServices?.Invoke(builder.Services);
        _host = builder.Build();
        _host.Start();
    }

    public IServiceProvider Services => _host?.Services ?? _app!.Services;

    /// <summary>A browser-like client of the same host (the reset page); only with <c>webServer: true</c>.</summary>
    public HttpClient CreateClient() => _app?.CreateClient() ?? throw new InvalidOperationException("This BotHarness has no web server: construct it with webServer: true.");

    public IAccountDirectory Directory => Services.GetRequiredService<IAccountDirectory>();

    public IAuditLog Audit => Services.GetRequiredService<IAuditLog>();

    public string OutboxPath => Path.Combine(_dataDirectory, "outbox.jsonl");

    /// <summary>A Web Chat-like user (anonymous) or, with <paramref name="aadObjectId"/>, a Teams user whose identity is proven.</summary>
    public TestAdapter NewUser(string name = "web-user", string channelId = "directline", string? aadObjectId = null)
    {
        var reference = TestAdapter.CreateConversation($"{name}-{Guid.NewGuid():N}", name, "helpbot");
        reference.ChannelId = channelId;
        reference.User = new ChannelAccount($"{name}-id", name) { AadObjectId = aadObjectId };
        // As Teams sends a one-to-one chat with the bot (TestAdapter puts the conversation's name in its type).
        reference.Conversation.ConversationType = channelId == Microsoft.Bot.Connector.Channels.Msteams ? "personal" : null;
        return new TestAdapter(reference);
    }

    public TestFlow Flow(TestAdapter adapter) => new(adapter, Services.GetRequiredService<IBot>().OnTurnAsync);

    /// <summary>One turn: the user says <paramref name="text"/>; all of that turn's replies as JSON, joined (cards included).</summary>
    public async Task<string> SayAsync(TestAdapter user, string text)
    {
        ArgumentNullException.ThrowIfNull(user);
        await user.ProcessActivityAsync(user.MakeActivity(text), Services.GetRequiredService<IBot>().OnTurnAsync, CancellationToken.None);
        var replies = new List<string>();
        while (user.GetNextReply() is { } reply)
        {
            replies.Add(AllText(reply));
        }
        return string.Join("\n", replies);
    }

    /// <summary>Every message in the outbox so far.</summary>
    public IReadOnlyList<JsonObject> Outbox() => new HelpBot.Tests.Shared.OutboxFile(OutboxPath).Read();

    /// <summary>Waits (briefly: delivery is a background queue) for a message to <paramref name="to"/> after <paramref name="after"/> messages, and returns it.</summary>
    public Task<JsonObject> WaitForMessageAsync(string to, int after = 0) => new HelpBot.Tests.Shared.OutboxFile(OutboxPath).WaitForAsync(to, after);

    /// <summary>The 6-digit SafeCode in the newest message to <paramref name="to"/>.</summary>
    public Task<string> SafeCodeSentToAsync(string to, int after = 0) => new HelpBot.Tests.Shared.OutboxFile(OutboxPath).WaitForSafeCodeAsync(to, after);

    /// <summary>
    /// Jane (locked) unlocks her account in a Web Chat-like conversation: her username, a SafeCode by text message,
    /// the code from the outbox, and the "unlocked" card. The same transcript whatever directory is behind the bot.
    /// </summary>
    public async Task UnlockJaneByTextAsync()
    {
        var user = NewUser();
        await Flow(user)
            .Send("I'm locked out of my account").AssertReply(AccountTexts.AskIdentifier)
            .Send("jsmith").AssertReply(reply => Xunit.Assert.Equal(HelpBot.Dialogs.SafeCode.SafeCodeDialogTexts.ChooseChannel, Text(reply)))
            .Send(HelpBot.Dialogs.SafeCode.SafeCodeDialogTexts.TextChoice).AssertReply(HelpBot.Dialogs.SafeCode.SafeCodeDialogTexts.SentIfOnFile(HelpBot.Dialogs.Messaging.MessageChannel.Text))
            .StartTestAsync();
        var code = await SafeCodeSentToAsync("+16175550101");
        await Flow(user)
            .Send(code).AssertReply(HelpBot.Dialogs.SafeCode.SafeCodeDialogTexts.Verified)
            .AssertReply(reply => Xunit.Assert.Equal("Your account is unlocked", CardTitle(reply)))
            .StartTestAsync();
    }

    public static string? CardTitle(IActivity reply) =>
        ((Activity)reply).Attachments is [{ Content: JObject card }, ..] ? (string?)card["body"]?[0]?["text"] : null;

    public static string Text(IActivity reply) => ((Activity)reply).Text ?? string.Empty;

    public static string AllText(IActivity reply) => Newtonsoft.Json.JsonConvert.SerializeObject(reply);

    public void Dispose()
    {
        if (_host is not null)
        {
            _host.StopAsync().GetAwaiter().GetResult();
            _host.Dispose();
            try { System.IO.Directory.Delete(_dataDirectory, recursive: true); } catch (IOException) { }
            return;
        }
        if (!ReferenceEquals(_app, _factory))
        {
            _app!.Dispose();
        }
        _factory!.Dispose();
    }
}
