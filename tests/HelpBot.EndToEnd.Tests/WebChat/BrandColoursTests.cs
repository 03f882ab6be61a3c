using System.Text.Json;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace HelpBot.EndToEnd.Tests.WebChat;

/// <summary>
/// HMS crimson in every state a person sees, never Web Chat's default Microsoft blue or the browser's link blue: a
/// card button once pressed, and links in cards (an e-mail address here), at desktop and phone widths.
/// </summary>
[Collection(WebChatBrowsers.Name)]
public sealed class BrandColoursTests(WebChatHostFixture host) : WebChatPageTest(host)
{
    private const string Crimson = "rgb(165, 28, 48)";

    [Theory]
    [InlineData(1280, 900)]
    [InlineData(390, 844)]
    public async Task PressedButtonsAndLinksInCardsAreCrimson(int width, int height)
    {
        await Page.SetViewportSizeAsync(width, height);
        await OpenAsync("websocket");
        await Expect(Page.GetByText(BotSays.Greeting).First).ToBeVisibleAsync();

        // A welcome-card button, pressed: Web Chat marks it aria-pressed and fills it.
        var pressed = Page.GetByRole(AriaRole.Button, new() { Name = "Find my Harvard ID" }).First;
        await pressed.ClickAsync();
        await Expect(pressed).ToHaveAttributeAsync("aria-pressed", "true");
        await Expect(pressed).ToHaveCSSAsync("background-color", Crimson);

        // Leave that flow; then the contact answer: a card with an e-mail address as a link.
        foreach (var text in new[] { "cancel", BotSays.ContactQuestion, "HMS", "Student" })
        {
            await Chat.SendAsync(text);
            await Chat.WaitForBotAnswerToAsync(text);
        }
        var links = Page.Locator(".webchat__basic-transcript__activity .ac-adaptiveCard a");
        await Expect(links.First).ToBeVisibleAsync();
        await Chat.ScreenshotAsync(Host.ScreenshotDirectory, $"brand-colours-{width}");
        var colours = await links.EvaluateAllAsync<JsonElement>("links => links.map(a => [a.textContent, getComputedStyle(a).color])");
        Assert.Contains(colours.EnumerateArray(), l => l[0].GetString()!.Contains('@', StringComparison.Ordinal));
        foreach (var link in colours.EnumerateArray())
        {
            Assert.True(link[1].GetString() == Crimson, $"The link \"{link[0]}\" is {link[1]}, not crimson, at {width} px.");
        }
    }
}
