using System.Text.Json;
using HelpBot.EndToEnd.Tests.AccountFlows;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace HelpBot.EndToEnd.Tests.WebChat;

/// <summary>
/// Suggested actions (the choice buttons under a question) are readable in full, as a person sees them: on the page at
/// a desktop and a phone width, and in the widget. Each button lies inside the window and its chat, and its label is
/// not cut off, so nobody has to scroll a carousel sideways to find "My alternate email"; and it is at least 44 px high.
/// </summary>
[Collection(WebChatBrowsers.Name)]
public sealed class ChoiceButtonsTests(WebChatHostFixture host) : WebChatPageTest(host)
{
    // The seed's expired-password account: asked where to send the SafeCode, it is offered its choices.
    private const string Username = "rbrown";

    // For each shown suggested action: its label, whether its box lies inside the window and inside Web Chat's own
    // area, and whether its text is wider than the room it has (cut off or hidden under an ellipsis).
    private const string MeasureScript = """
        () => {
          const root = document.querySelector('.helpbot-webchat-host').getBoundingClientRect();
          return [...document.querySelectorAll('.webchat__suggested-action')].map(button => {
            const box = button.getBoundingClientRect();
            const text = button.querySelector('.webchat__suggested-action__text') || button;
            return {
              label: (button.textContent || '').trim(),
              inside: box.left >= Math.max(0, root.left) - 1 && box.right <= Math.min(window.innerWidth, root.right) + 1
                && box.top >= root.top - 1 && box.bottom <= root.bottom + 1,
              truncated: text.scrollWidth > text.clientWidth + 1 || button.scrollWidth > button.clientWidth + 1,
              height: box.height
            };
          });
        }
        """;

    [Theory]
    [InlineData("page", 1280, 900)]
    [InlineData("page", 390, 844)]
    [InlineData("widget", 1280, 900)]
    [InlineData("widget", 390, 844)]
    public async Task EveryChoiceIsFullyReadableWithoutScrollingSideways(string where, int width, int height)
    {
        await Page.SetViewportSizeAsync(width, height);
        if (where == "page")
        {
            await OpenAsync("websocket");
        }
        else
        {
            await Page.GotoAsync(new Uri(Host.BaseUrl, "/widget-demo.html?transport=websocket").ToString());
            await Page.GetByRole(AriaRole.Button, new() { Name = "Chat with HelpBot" }).ClickAsync();
        }
        await Expect(Page.GetByText(BotSays.Greeting).First).ToBeVisibleAsync();

        await Chat.SendAsync(AccountFlowSays.ForgotPassword);
        await Expect(Page.Locator(WebChatDriver.ActivitySelector, new() { HasTextRegex = AccountFlowSays.AskIdentifier }).First).ToBeVisibleAsync();
        await Chat.SendAsync(Username);
        await Expect(Page.GetByRole(AriaRole.Button, new() { Name = AccountFlowSays.EmailChoice }).First).ToBeVisibleAsync();
        await Chat.ScreenshotAsync(Host.ScreenshotDirectory, $"choices-{where}-{width}");

        var buttons = (await Page.EvaluateAsync<JsonElement>(MeasureScript)).EnumerateArray().ToList();
        Assert.True(buttons.Count >= 2, $"Expected the channel choices as buttons, saw {buttons.Count}.");
        Assert.Contains(buttons, b => b.GetProperty("label").GetString()!.Contains(AccountFlowSays.EmailChoice, StringComparison.Ordinal));
        foreach (var button in buttons)
        {
            var label = button.GetProperty("label").GetString();
            Assert.True(button.GetProperty("inside").GetBoolean(), $"\"{label}\" lies (partly) outside the chat at {width} px ({where}).");
            Assert.False(button.GetProperty("truncated").GetBoolean(), $"\"{label}\" is cut off at {width} px ({where}).");
            Assert.True(button.GetProperty("height").GetDouble() >= 44, $"\"{label}\" is {button.GetProperty("height").GetDouble():0} px high, under the 44 px a finger needs.");
        }
    }
}
