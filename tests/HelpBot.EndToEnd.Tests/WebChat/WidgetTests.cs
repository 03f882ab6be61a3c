using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace HelpBot.EndToEnd.Tests.WebChat;

/// <summary>The embeddable widget (widget.js) on the mock IT page, widget-demo.html.</summary>
[Collection(WebChatBrowsers.Name)]
public sealed class WidgetTests(WebChatHostFixture host) : IAsyncLifetime
{
    private IPage _page = null!;

    public async Task InitializeAsync()
    {
        _page = await host.NewPageAsync();
        _page.SetDefaultTimeout(30_000);
        SetDefaultExpectTimeout(30_000);
    }

    public async Task DisposeAsync() => await _page.CloseAsync();

    [Theory]
    [InlineData("websocket")]
    [InlineData("polling")]
    public async Task TheButtonOpensThePanelAndTheBotGreets(string transport)
    {
        await _page.GotoAsync(new Uri(host.BaseUrl, $"/widget-demo.html?transport={transport}").ToString());
        var launcher = _page.GetByRole(AriaRole.Button, new() { Name = "Chat with HelpBot" });
        var panel = _page.GetByRole(AriaRole.Dialog, new() { Name = "HelpBot" });
        await Expect(launcher).ToHaveAttributeAsync("aria-expanded", "false");
        await Expect(panel).ToBeHiddenAsync();

        // Opened from the keyboard, as a keyboard-only user would.
        await launcher.FocusAsync();
        await _page.Keyboard.PressAsync("Enter");

        await Expect(panel).ToBeVisibleAsync();
        await Expect(panel.GetByText(BotSays.Greeting).First).ToBeVisibleAsync();
        await new WebChatDriver(_page).ScreenshotAsync(host.ScreenshotDirectory, $"widget-open-{transport}");

        // Escape closes it and gives focus back to the button.
        await panel.PressAsync("Escape");
        await Expect(panel).ToBeHiddenAsync();
        await Expect(launcher).ToBeFocusedAsync();
    }
}
