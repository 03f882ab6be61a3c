using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace HelpBot.EndToEnd.Tests.WebChat;

/// <summary>The embeddable widget (widget.js): on the bot's own demo page, and embedded by another site (cross-origin).</summary>
[Collection(WebChatBrowsers.Name)]
public sealed class WidgetTests(WebChatHostFixture host) : IAsyncLifetime
{
    private IPage _page = null!;
    private ILocator Launcher => _page.GetByRole(AriaRole.Button, new() { Name = "Chat with HelpBot" });
    private ILocator Panel => _page.GetByRole(AriaRole.Dialog, new() { Name = "HelpBot" });

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

        await OpenFromTheKeyboardAndExpectTheGreetingAsync();
        await new WebChatDriver(_page).ScreenshotAsync(host.ScreenshotDirectory, $"widget-open-{transport}");

        // Escape closes it and gives focus back to the button.
        await Panel.PressAsync("Escape");
        await Expect(Panel).ToBeHiddenAsync();
        await Expect(Launcher).ToBeFocusedAsync();
    }

    [Theory]
    [InlineData("websocket")]
    [InlineData("polling")]
    public async Task EmbeddedInAnotherSiteTheWidgetChatsCrossOrigin(string transport)
    {
        // The IT site's page, on its own origin (served by Playwright), embeds the widget with one tag pointing at the bot:
        // webchat.js, the token (CORS, WebChat:AllowedOrigins) and Direct Line all come from the bot's origin.
        var widgetUrl = new Uri(host.BaseUrl, "/widget.js");
        await _page.RouteAsync($"{WebChatHostFixture.ItSiteOrigin}/**", route => route.FulfillAsync(new RouteFulfillOptions
        {
            ContentType = "text/html",
            Body = $"""
                <!DOCTYPE html>
                <html lang="en"><head><meta charset="utf-8"><title>HMS IT</title></head>
                <body><h1>Accounts &amp; Access</h1><script src="{widgetUrl}" defer></script></body></html>
                """,
        }));
        await host.AllowItSiteToReachTheBotAsync();
        await _page.GotoAsync($"{WebChatHostFixture.ItSiteOrigin}/accounts?transport={transport}");

        await OpenFromTheKeyboardAndExpectTheGreetingAsync();

        var chat = new WebChatDriver(_page);
        var text = BotSays.ContactQuestion;
        await chat.SendAsync(text);
        var answers = await chat.WaitForBotAnswerToAsync(text);
        Assert.Contains(answers, a => BotSays.ReplyTo(text).IsMatch(a.Text));
    }

    private async Task OpenFromTheKeyboardAndExpectTheGreetingAsync()
    {
        await Expect(Launcher).ToHaveAttributeAsync("aria-expanded", "false");
        await Expect(Panel).ToBeHiddenAsync();

        // As a keyboard-only user would.
        await Launcher.FocusAsync();
        await _page.Keyboard.PressAsync("Enter");

        await Expect(Panel).ToBeVisibleAsync();
        await Expect(Panel.GetByText(BotSays.Greeting).First).ToBeVisibleAsync();
    }
}
