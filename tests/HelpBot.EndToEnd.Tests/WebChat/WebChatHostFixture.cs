using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using HelpBot.Bot.Accounts;
using HelpBot.Bot.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace HelpBot.EndToEnd.Tests.WebChat;

/// <summary>
/// The real HelpBot host on Kestrel (a free loopback port; its own LiteDB file and outbox file in a temporary folder,
/// so the demo cast starts fresh and nothing is written under bot/) and one Debian Chromium (a fresh profile in a
/// temporary folder), started once for every browser test and stopped after. Each test opens its own tab; Web Chat
/// keeps its conversation in sessionStorage, which is per tab. Everything the host logs is captured too.
/// </summary>
public sealed partial class WebChatHostFixture : IAsyncLifetime
{
    /// <summary>Debian's chromium package (apt-get install -y chromium); Playwright never downloads a browser here.</summary>
    public const string ChromiumPath = "/usr/bin/chromium";

    private static readonly string[] ChromiumArgs =
    [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
    ];

    private readonly string _tempDirectory = Directory.CreateTempSubdirectory("helpbot-e2e-").FullName;
    private LoopbackHelpBot? _bot;
    private IPlaywright? _playwright;
    private IBrowserContext? _browser;

    /// <summary>A stand-in for the IT site that embeds the widget: a different origin, listed in WebChat:AllowedOrigins.
    /// Its pages are served by Playwright (see <see cref="WidgetTests"/>), not by a server.</summary>
    public const string ItSiteOrigin = "http://it-site.localhost";

    public Uri BaseUrl { get; private set; } = null!;

    /// <summary>When the environment variable HELPBOT_SCREENSHOTS names a folder, tests save screenshots there.</summary>
    public string? ScreenshotDirectory { get; } = Environment.GetEnvironmentVariable("HELPBOT_SCREENSHOTS");

    /// <summary>The host's services: the directory, the database… for arranging and asserting.</summary>
    public IServiceProvider Services => _bot!.Services;

    /// <summary>Where SafeCodes and notices go (Messaging:OutboxPath), one JSON line each: {"at","channel","to","text"}.</summary>
    public string OutboxPath => _bot!.OutboxPath;

    /// <summary>Everything the host logged since it started: rendered message, properties and exception, one entry each.</summary>
    public LogCapture Logs => _bot!.Logs;

    public async Task InitializeAsync()
    {
        _bot = await LoopbackHelpBot.StartAsync(_tempDirectory, "--WebChat:AllowedOrigins:0", ItSiteOrigin);
        BaseUrl = _bot.Url;

        if (!File.Exists(ChromiumPath))
        {
            throw new InvalidOperationException($"{ChromiumPath} is missing; install Debian's browser with `apt-get install -y chromium`.");
        }
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchPersistentContextAsync(
            Path.Combine(_tempDirectory, "chromium-profile"),
            new BrowserTypeLaunchPersistentContextOptions
            {
                ExecutablePath = ChromiumPath,
                Headless = true,
                Args = ChromiumArgs,
                ViewportSize = new ViewportSize { Width = 1100, Height = 800 },
            });
    }

    /// <summary>A new tab: a new sessionStorage, so a new Web Chat conversation.</summary>
    public Task<IPage> NewPageAsync() => _browser!.NewPageAsync();

    /// <summary>Runs <paramref name="action"/> and returns the tab or window it opens (e.g. a card's Action.OpenUrl).</summary>
    public Task<IPage> RunAndWaitForNewPageAsync(Func<Task> action) => _browser!.RunAndWaitForPageAsync(action);

    /// <summary>The number of messages in the outbox so far: pass it to <see cref="WaitForOutboxMessageAsync"/> to wait for newer ones.</summary>
    public int OutboxCount() => Outbox.Count();

    /// <summary>Waits for the first message to <paramref name="to"/> after <paramref name="after"/> outbox messages whose text matches <paramref name="pattern"/>.</summary>
    public Task<JsonObject> WaitForOutboxMessageAsync(string to, int after, Regex pattern, TimeSpan? timeout = null) =>
        Outbox.WaitForAsync(to, after, pattern, timeout);

    /// <summary>The 6-digit SafeCode in the first new message to <paramref name="to"/> after <paramref name="after"/> messages.</summary>
    public Task<string> WaitForSafeCodeAsync(string to, int after) => Outbox.WaitForSafeCodeAsync(to, after);

    private HelpBot.Tests.Shared.OutboxFile Outbox => new(OutboxPath);

    /// <summary>
    /// Arranges a locked account, as too many wrong passwords would. IAccountDirectory has no "lock" (accounts lock in
    /// the directory itself, never through HelpBot), so the embedded directory's document is changed directly.
    /// </summary>
    public void Lock(string username)
    {
        // The embedded directory seeds the demo cast when it is first created.
        _ = Services.GetRequiredService<Dialogs.Accounts.IAccountDirectory>();
        var accounts = Services.GetRequiredService<HelpBotDatabase>().GetCollection(EmbeddedAccountDirectory.CollectionName);
        var account = accounts.FindById(username.ToLowerInvariant()) ?? throw new InvalidOperationException($"No account {username} in the embedded directory.");
        account["IsLocked"] = true;
        accounts.Update(account);
    }

    /// <summary>
    /// Lets the stand-in IT site reach the bot on 127.0.0.1. Chromium asks the user before a page reaches a more private
    /// address space (Local Network Access); in production both sites are public and nobody is asked.
    /// </summary>
    public Task AllowItSiteToReachTheBotAsync() => _browser!.GrantPermissionsAsync(["local-network-access"], new() { Origin = ItSiteOrigin });

    public async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.CloseAsync();
            await _browser.DisposeAsync();
        }
        _playwright?.Dispose();
        if (_bot is not null)
        {
            await _bot.DisposeAsync();
        }
        await LoopbackHelpBot.DeleteFolderAsync(_tempDirectory);
    }
}

[CollectionDefinition(Name)]
public sealed class WebChatBrowsers : ICollectionFixture<WebChatHostFixture>
{
    public const string Name = "Web Chat in Chromium";
}
