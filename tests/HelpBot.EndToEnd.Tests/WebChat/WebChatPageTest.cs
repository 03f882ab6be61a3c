using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace HelpBot.EndToEnd.Tests.WebChat;

/// <summary>
/// The base of every test that chats on the page at /: a fresh tab per test on the shared browser and host, generous
/// waits (two shared cores load a 3.9 MB bundle; nothing asserts on elapsed time), and the Web Chat driver.
/// </summary>
public abstract class WebChatPageTest(WebChatHostFixture host) : IAsyncLifetime
{
    protected WebChatHostFixture Host { get; } = host;

    protected IPage Page { get; private set; } = null!;

    protected WebChatDriver Chat { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Page = await Host.NewPageAsync();
        Page.SetDefaultTimeout(30_000);
        SetDefaultExpectTimeout(30_000);
        Chat = new WebChatDriver(Page);
    }

    public async Task DisposeAsync() => await Page.CloseAsync();

    /// <summary>Opens the chat page over <paramref name="transport"/> ("websocket" or "polling").</summary>
    protected async Task OpenAsync(string transport) =>
        await Page.GotoAsync(new Uri(Host.BaseUrl, $"/?transport={transport}").ToString());
}
