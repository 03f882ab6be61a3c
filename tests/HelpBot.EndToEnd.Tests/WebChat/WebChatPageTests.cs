using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace HelpBot.EndToEnd.Tests.WebChat;

/// <summary>The page at / with the official Web Chat bundle, against the built-in Direct Line, over WebSocket and polling.</summary>
[Collection(WebChatBrowsers.Name)]
public sealed class WebChatPageTests(WebChatHostFixture host) : WebChatPageTest(host)
{
    [Theory]
    [InlineData("websocket")]
    [InlineData("polling")]
    public async Task TheBotGreetsWithItsWelcomeCard(string transport)
    {
        await OpenAsync(transport);

        await Expect(Page.GetByText(BotSays.Greeting).First).ToBeVisibleAsync();
        await Expect(Page).ToHaveTitleAsync("HelpBot — HMS IT Accounts & Access");
        await Chat.ScreenshotAsync(Host.ScreenshotDirectory, $"page-greeting-{transport}");
        // Its buttons are big enough to tap.
        foreach (var button in await Page.Locator(".ac-pushButton").AllAsync())
        {
            var box = await button.BoundingBoxAsync();
            Assert.True(box is { Height: >= 44 }, $"\"{await button.TextContentAsync()}\" is {box?.Height:0} px high, under 44.");
        }
    }

    /// <summary>Issue 15, finding 8: the page's Content Security Policy blocks nothing the chat needs.</summary>
    [Theory]
    [InlineData("websocket")]
    [InlineData("polling")]
    public async Task Finding8_UnderItsContentSecurityPolicyThePageStartsAndAnswers(string transport)
    {
        var violations = new List<string>();
        Page.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase))
            {
                violations.Add(message.Text);
            }
        };
        var response = await Page.GotoAsync(new Uri(Host.BaseUrl, $"/?transport={transport}").ToString());
        Assert.Contains("script-src 'self'", await response!.HeaderValueAsync("content-security-policy") ?? "", StringComparison.Ordinal);
        await Expect(Page.GetByText(BotSays.Greeting).First).ToBeVisibleAsync();

        var text = BotSays.SafeCodeQuestion;
        await Chat.SendAsync(text);
        var answers = await Chat.WaitForBotAnswerToAsync(text);

        Assert.Contains(answers, a => BotSays.ReplyTo(text).IsMatch(a.Text));
        Assert.Empty(violations);
    }

    [Theory]
    [InlineData("websocket")]
    [InlineData("polling")]
    public async Task AMessageIsSentAndAnswered(string transport)
    {
        await OpenAsync(transport);
        await Expect(Page.GetByText(BotSays.Greeting).First).ToBeVisibleAsync();

        var text = BotSays.SafeCodeQuestion;
        await Chat.SendAsync(text);

        var answers = await Chat.WaitForBotAnswerToAsync(text);
        Assert.Contains(answers, a => BotSays.ReplyTo(text).IsMatch(a.Text));
        await Chat.ScreenshotAsync(Host.ScreenshotDirectory, $"page-answered-{transport}");
    }

    [Theory]
    [InlineData("websocket")]
    [InlineData("polling")]
    public async Task AnAdaptiveCardButtonSubmitsAndTheBotAnswers(string transport)
    {
        await OpenAsync(transport);
        var button = Page.GetByRole(AriaRole.Button, new() { Name = BotSays.WelcomeButton }).First;
        await Expect(button).ToBeVisibleAsync();
        var before = await Chat.BotActivityCountAsync();

        await button.ClickAsync();

        var answers = await Chat.WaitForNewBotActivitiesAsync(before);
        Assert.Contains(answers, a => BotSays.ReplyToWelcomeButton.IsMatch(a.Text));
    }

    [Theory]
    [InlineData("websocket")]
    [InlineData("polling")]
    public async Task AReloadKeepsTheConversation(string transport)
    {
        await OpenAsync(transport);
        await Expect(Page.GetByText(BotSays.Greeting).First).ToBeVisibleAsync();
        // A knowledge answer first: the registration question starts a flow, which would ask before switching topic.
        var text = BotSays.SafeCodeQuestion;
        await Chat.SendAsync(text);
        await Chat.WaitForBotAnswerToAsync(text);

        await Page.ReloadAsync();

        // The same conversation resumes: the earlier message and its answer are shown again, and the chat still works.
        await Chat.WaitForBotAnswerToAsync(text);
        var next = BotSays.RegistrationQuestion;
        await Chat.SendAsync(next);
        var answers = await Chat.WaitForBotAnswerToAsync(next);
        Assert.Contains(answers, a => BotSays.ReplyTo(next).IsMatch(a.Text));
    }

}
