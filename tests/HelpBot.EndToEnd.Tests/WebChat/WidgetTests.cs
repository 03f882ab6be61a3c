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

    [Theory]
    [InlineData(1280, 900)]
    [InlineData(390, 844)]
    public async Task ThePanelOpensOnTheWelcomesHeadingAndFillsAPhoneScreen(int width, int height)
    {
        await _page.SetViewportSizeAsync(width, height);
        await _page.GotoAsync(new Uri(host.BaseUrl, "/widget-demo.html?transport=websocket").ToString());
        await OpenFromTheKeyboardAndExpectTheGreetingAsync();

        // The welcome is seen from its first line, although Web Chat keeps the newest message in view.
        var heading = Panel.GetByText(BotSays.Greeting).First;
        var scrollable = Panel.Locator(".webchat__basic-transcript__scrollable");
        // Web Chat's layout settles for a moment after the card renders (and scrolls to the newest message as it does):
        // look once it has had time to, and allow up to 10 s more.
        await Task.Delay(2000);
        var (top, visibleTop, visibleBottom) = (0f, 0f, 0f);
        for (var tries = 0; tries < 50; tries++)
        {
            top = (await heading.BoundingBoxAsync())!.Y;
            var visible = (await scrollable.BoundingBoxAsync())!;
            (visibleTop, visibleBottom) = (visible.Y, visible.Y + visible.Height - 20);
            if (top >= visibleTop && top <= visibleBottom)
            {
                break;
            }
            await Task.Delay(200);
        }
        Assert.True(top >= visibleTop && top <= visibleBottom, $"The welcome's first line is at {top:0} px, outside the transcript ({visibleTop:0}–{visibleBottom:0}).");

        var panel = (await Panel.BoundingBoxAsync())!;
        var close = (await _page.GetByRole(AriaRole.Button, new() { Name = "Close the HelpBot chat" }).BoundingBoxAsync())!;
        Assert.True(close is { Width: >= 44, Height: >= 44 }, $"The close button is {close.Width:0}×{close.Height:0} px.");
        if (width <= 480)
        {
            // A phone: the whole screen, its heading and close button at the top.
            Assert.Equal((0, 0, width, height), ((int)panel.X, (int)panel.Y, (int)Math.Round(panel.Width), (int)Math.Round(panel.Height)));
        }
        else
        {
            Assert.True(panel.Width < width / 2, $"On a desktop the panel is a corner window, not {panel.Width:0} px wide.");
        }
        await new WebChatDriver(_page).ScreenshotAsync(host.ScreenshotDirectory, $"widget-open-{width}");
    }

    [Fact]
    public async Task TheBotsAnswersAreAnnouncedToScreenReaders()
    {
        await _page.GotoAsync(new Uri(host.BaseUrl, "/widget-demo.html?transport=websocket").ToString());
        await OpenFromTheKeyboardAndExpectTheGreetingAsync();
        // Web Chat's polite live region says each new message, then empties itself: record what passes through it.
        await _page.EvaluateAsync("""
            () => {
              window.__announced = [];
              new MutationObserver(() => {
                const region = document.querySelector('.helpbot-widget-panel .webchat__live-region-transcript');
                if (region) window.__announced.push(region.textContent || '');
              }).observe(document.querySelector('.helpbot-widget-panel'), { childList: true, subtree: true, characterData: true });
            }
            """);

        var chat = new WebChatDriver(_page);
        foreach (var text in new[] { "thanks", "are you a bot?" })
        {
            await chat.SendAsync(text);
            await chat.WaitForBotAnswerToAsync(text);
        }
        await _page.WaitForFunctionAsync("() => window.__announced.some(text => text.includes('automated assistant'))");
        Assert.Equal("polite", await _page.Locator(".helpbot-widget-panel .webchat__live-region-transcript").GetAttributeAsync("aria-live"));
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
