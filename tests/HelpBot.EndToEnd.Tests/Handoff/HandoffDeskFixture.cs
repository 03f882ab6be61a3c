using HelpBot.EndToEnd.Tests.WebChat;
using Microsoft.Playwright;

namespace HelpBot.EndToEnd.Tests.Handoff;

/// <summary>
/// The real host on Kestrel with the desk always open (Handoff:ServiceHours = 24/7) and the demo agent, and one
/// Debian Chromium holding both sides: the user's Web Chat tab and the agent's console tab (the console's cookie is
/// scoped to /agent, Web Chat keeps its conversation in the tab's sessionStorage, so they don't mix).
/// </summary>
public sealed class HandoffDeskFixture : IAsyncLifetime
{
    private readonly string _tempDirectory = Directory.CreateTempSubdirectory("helpbot-e2e-desk-").FullName;
    private LoopbackHelpBot? _bot;
    private IPlaywright? _playwright;
    private IBrowserContext? _browser;

    public Uri BaseUrl => _bot!.Url;

    public IServiceProvider Services => _bot!.Services;

    public string? ScreenshotDirectory { get; } = Environment.GetEnvironmentVariable("HELPBOT_SCREENSHOTS");

    public async Task InitializeAsync()
    {
        _bot = await LoopbackHelpBot.StartAsync(_tempDirectory, "--Handoff:ServiceHours", "24/7", "--AgentConsole:DemoAgent", "true");
        if (!File.Exists(WebChatHostFixture.ChromiumPath))
        {
            throw new InvalidOperationException($"{WebChatHostFixture.ChromiumPath} is missing; install Debian's browser with `apt-get install -y chromium`.");
        }
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchPersistentContextAsync(
            Path.Combine(_tempDirectory, "chromium-profile"),
            new BrowserTypeLaunchPersistentContextOptions
            {
                ExecutablePath = WebChatHostFixture.ChromiumPath,
                Headless = true,
                Args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync"],
                ViewportSize = new ViewportSize { Width = 1200, Height = 900 },
            });
    }

    public Task<IPage> NewPageAsync() => _browser!.NewPageAsync();

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
