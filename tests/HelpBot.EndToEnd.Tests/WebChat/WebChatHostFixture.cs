using HelpBot.Bot.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace HelpBot.EndToEnd.Tests.WebChat;

/// <summary>
/// The real HelpBot host on Kestrel (a free loopback port, its own LiteDB file in a temporary folder) and one
/// Debian Chromium (a fresh profile in a temporary folder), started once for every browser test and stopped after.
/// Each test opens its own tab; Web Chat keeps its conversation in sessionStorage, which is per tab.
/// </summary>
public sealed class WebChatHostFixture : IAsyncLifetime
{
    /// <summary>Debian's chromium package (apt-get install -y chromium); Playwright never downloads a browser here.</summary>
    public const string ChromiumPath = "/usr/bin/chromium";

    private static readonly string[] ChromiumArgs =
    [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
    ];

    private readonly string _tempDirectory = Directory.CreateTempSubdirectory("helpbot-e2e-").FullName;
    private WebApplication? _app;
    private IPlaywright? _playwright;
    private IBrowserContext? _browser;

    /// <summary>A stand-in for the IT site that embeds the widget: a different origin, listed in WebChat:AllowedOrigins.
    /// Its pages are served by Playwright (see <see cref="WidgetTests"/>), not by a server.</summary>
    public const string ItSiteOrigin = "http://it-site.localhost";

    public Uri BaseUrl { get; private set; } = null!;

    /// <summary>When the environment variable HELPBOT_SCREENSHOTS names a folder, tests save screenshots there.</summary>
    public string? ScreenshotDirectory { get; } = Environment.GetEnvironmentVariable("HELPBOT_SCREENSHOTS");

    public async Task InitializeAsync()
    {
        _app = HelpBotHost.Build(
        [
            "--urls", "http://127.0.0.1:0",
            "--environment", "Testing",
            "--contentRoot", FindBotDirectory(),
            "--Storage:Path", Path.Combine(_tempDirectory, "helpbot.db"),
            "--WebChat:AllowedOrigins:0", ItSiteOrigin,
        ]);
        await _app.StartAsync();
        var address = _app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        BaseUrl = new Uri(address);

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
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
        try
        {
            Directory.Delete(_tempDirectory, recursive: true);
        }
        catch (IOException)
        {
            // LiteDB or Chromium may still hold a file for a moment; the OS cleans temp eventually.
        }
    }

    /// <summary>The host serves bot/wwwroot and reads bot/appsettings.json, as <c>dotnet run --project bot</c> does.</summary>
    private static string FindBotDirectory()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var bot = Path.Combine(dir.FullName, "bot");
            if (File.Exists(Path.Combine(bot, "HelpBot.Bot.csproj")))
            {
                return bot;
            }
        }
        throw new InvalidOperationException("Could not find bot/HelpBot.Bot.csproj above the test's output folder.");
    }
}

[CollectionDefinition(Name)]
public sealed class WebChatBrowsers : ICollectionFixture<WebChatHostFixture>
{
    public const string Name = "Web Chat in Chromium";
}
