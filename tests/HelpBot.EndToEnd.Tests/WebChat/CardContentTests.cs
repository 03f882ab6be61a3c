using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace HelpBot.EndToEnd.Tests.WebChat;

/// <summary>
/// What the answers' cards look like to a person in Web Chat: a fact's title ("Valid for") on one line even at a phone
/// width; the device checklist as one bulleted list, without Entourage, with the Mobile Computing page as a link. And
/// what the host logs while a person chats: no warning when the chat's WebSocket closes, no 404 for the site's icon.
/// </summary>
[Collection(WebChatBrowsers.Name)]
public sealed partial class CardContentTests(WebChatHostFixture host) : WebChatPageTest(host)
{
    // For each fact title in the last bot activity (the text of a paragraph that is exactly a title): how many lines its
    // text is laid out on (the distinct tops of its line boxes) and whether it is cut off.
    private const string FactTitleLinesScript = """
        (titles) => {
          const activities = document.querySelectorAll('.webchat__basic-transcript__activity');
          const last = activities[activities.length - 1];
          const norm = (t) => t.replace(/\u00a0/g, ' ').trim();
          return [...last.querySelectorAll('p')].filter(p => titles.includes(norm(p.textContent))).map(p => {
            const tops = new Set();
            const walker = document.createTreeWalker(p, NodeFilter.SHOW_TEXT);
            for (let node = walker.nextNode(); node; node = walker.nextNode()) {
              const range = document.createRange();
              range.selectNodeContents(node);
              for (const r of range.getClientRects()) if (r.width > 0) tops.add(Math.round(r.top));
            }
            const block = p.closest('.ac-textBlock') || p;
            return { text: norm(p.textContent), lines: tops.size, cut: block.scrollWidth > block.clientWidth + 1 };
          });
        }
        """;

    private static readonly string[] SafeCodeFactTitles = ["Valid for", "Sent to"];

    [Theory]
    [InlineData(1280, 900)]
    [InlineData(390, 844)]
    [InlineData(320, 640)]
    public async Task AFactsTitleStaysOnOneLine(int width, int height)
    {
        await Page.SetViewportSizeAsync(width, height);
        await OpenAsync("websocket");
        await Expect(Page.GetByText(BotSays.Greeting).First).ToBeVisibleAsync();

        await Chat.SendAsync(BotSays.SafeCodeQuestion);
        await Expect(Page.Locator(WebChatDriver.ActivitySelector).Filter(new() { HasTextRegex = BotSays.ReplyTo(BotSays.SafeCodeQuestion) }).Last).ToBeVisibleAsync();
        await Chat.ScreenshotAsync(Host.ScreenshotDirectory, $"safecode-facts-{width}");
        if (Host.ScreenshotDirectory is not null)
        {
            await Page.Locator(WebChatDriver.ActivitySelector).Last.ScreenshotAsync(new() { Path = Path.Combine(Host.ScreenshotDirectory, $"safecode-card-{width}.png") });
        }

        var titles = (await Page.EvaluateAsync<JsonElement>(FactTitleLinesScript, SafeCodeFactTitles)).EnumerateArray().ToList();
        Assert.Equal(SafeCodeFactTitles, titles.Select(t => t.GetProperty("text").GetString()));
        foreach (var title in titles)
        {
            var text = title.GetProperty("text").GetString();
            Assert.True(title.GetProperty("lines").GetInt32() == 1, $"\"{text}\" breaks over {title.GetProperty("lines").GetInt32()} lines at {width} px.");
            Assert.False(title.GetProperty("cut").GetBoolean(), $"\"{text}\" is cut off at {width} px.");
        }
    }

    [Fact]
    public async Task TheDeviceChecklistIsOneBulletedListWithTheMobileComputingLink()
    {
        await OpenAsync("websocket");
        await Expect(Page.GetByText(BotSays.Greeting).First).ToBeVisibleAsync();

        await Chat.SendAsync("I keep getting locked out after changing my password");
        var checklist = Page.Locator(WebChatDriver.ActivitySelector).Filter(new() { HasText = "Update your new password everywhere" }).Last;
        await Expect(checklist).ToBeVisibleAsync();
        if (Host.ScreenshotDirectory is not null)
        {
            await checklist.ScreenshotAsync(new() { Path = Path.Combine(Host.ScreenshotDirectory, "device-checklist.png") });
        }

        // One list of bullets (markdown "- " items), not numbered steps.
        var list = checklist.Locator("ul");
        await Expect(list).ToHaveCountAsync(1);
        await Expect(list.Locator("li")).ToHaveCountAsync(10);
        await Expect(checklist.Locator("ol")).ToHaveCountAsync(0);
        await Expect(list).ToContainTextAsync("HMS email (OWA, Outlook)");
        await Expect(checklist).Not.ToContainTextAsync("Entourage");
        await Expect(checklist.GetByRole(AriaRole.Button, new() { Name = "Open the Mobile Computing page" })).ToBeVisibleAsync();
    }

    [Fact]
    public async Task ClosingTheChatLogsNoWarningAndNoPageAsksForAMissingFile()
    {
        var before = Host.Logs.Lines.Count;
        await OpenAsync("websocket");
        await Expect(Page.GetByText(BotSays.Greeting).First).ToBeVisibleAsync();
        await Chat.SendAsync(BotSays.SafeCodeQuestion);
        await Expect(Page.Locator(WebChatDriver.ActivitySelector).Filter(new() { HasTextRegex = BotSays.ReplyTo(BotSays.SafeCodeQuestion) }).Last).ToBeVisibleAsync();
        var icon = await Page.APIRequest.GetAsync(new Uri(Host.BaseUrl, "/favicon.ico").ToString());
        Assert.Equal(200, icon.Status);

        // Longer than the 2 s after which an ordinary request is a warning, then leave: the WebSocket closes.
        await Page.WaitForTimeoutAsync(2500);
        await Page.GotoAsync("about:blank");

        var deadline = DateTime.UtcNow.AddSeconds(15);
        string? stream = null;
        while (stream is null && DateTime.UtcNow < deadline)
        {
            stream = Host.Logs.Lines.Skip(before).FirstOrDefault(l => StreamLine().IsMatch(l));
            await Task.Delay(100);
        }
        var lines = Host.Logs.Lines.Skip(before).ToList();
        Assert.True(stream is not null, "No request line for the Direct Line stream:\n" + string.Join("\n", lines));
        Assert.StartsWith("Information ", stream, StringComparison.Ordinal);
        Assert.DoesNotContain(lines, l => l.StartsWith("Warning Serilog.AspNetCore.RequestLoggingMiddleware", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.Contains("answered 404", StringComparison.Ordinal));
    }

    [GeneratedRegex(@"RequestLoggingMiddleware: HTTP ""?GET""? ""?/v3/directline/conversations/\{conversationId\}/stream""? answered 101")]
    private static partial Regex StreamLine();
}
