using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace HelpBot.EndToEnd.Tests.WebChat;

/// <summary>The page at / with the official Web Chat bundle, against the built-in Direct Line, over WebSocket and polling.</summary>
[Collection(WebChatBrowsers.Name)]
public sealed class WebChatPageTests(WebChatHostFixture host) : IAsyncLifetime
{
    private IPage _page = null!;
    private WebChatDriver _chat = null!;

    public async Task InitializeAsync()
    {
        _page = await host.NewPageAsync();
        // Generous waits: two shared cores load a 3.9 MB bundle. Nothing asserts on elapsed time.
        _page.SetDefaultTimeout(30_000);
        SetDefaultExpectTimeout(30_000);
        _chat = new WebChatDriver(_page);
    }

    public async Task DisposeAsync() => await _page.CloseAsync();

    [Theory]
    [InlineData("websocket")]
    [InlineData("polling")]
    public async Task TheBotGreetsWithItsWelcomeCard(string transport)
    {
        await OpenAsync(transport);

        await Expect(_page.GetByText(BotSays.Greeting).First).ToBeVisibleAsync();
        await Expect(_page).ToHaveTitleAsync("HelpBot — HMS IT Accounts & Access");
        await _chat.ScreenshotAsync(host.ScreenshotDirectory, $"page-greeting-{transport}");
    }

    [Theory]
    [InlineData("websocket")]
    [InlineData("polling")]
    public async Task AMessageIsSentAndAnswered(string transport)
    {
        await OpenAsync(transport);
        await Expect(_page.GetByText(BotSays.Greeting).First).ToBeVisibleAsync();

        var text = BotSays.SafeCodeQuestion;
        await _chat.SendAsync(text);

        var answers = await _chat.WaitForBotAnswerToAsync(text);
        Assert.Contains(answers, a => BotSays.ReplyTo(text).IsMatch(a.Text));
        await _chat.ScreenshotAsync(host.ScreenshotDirectory, $"page-answered-{transport}");
    }

    [Theory]
    [InlineData("websocket")]
    [InlineData("polling")]
    public async Task AnAdaptiveCardButtonSubmitsAndTheBotAnswers(string transport)
    {
        await OpenAsync(transport);
        var button = _page.GetByRole(AriaRole.Button, new() { Name = BotSays.WelcomeButton }).First;
        await Expect(button).ToBeVisibleAsync();
        var before = await _chat.BotActivityCountAsync();

        await button.ClickAsync();

        var answers = await _chat.WaitForNewBotActivitiesAsync(before);
        Assert.Contains(answers, a => BotSays.ReplyToWelcomeButton.IsMatch(a.Text));
    }

    [Theory]
    [InlineData("websocket")]
    [InlineData("polling")]
    public async Task AReloadKeepsTheConversation(string transport)
    {
        await OpenAsync(transport);
        var text = BotSays.RegistrationQuestion;
        await _chat.SendAsync(text);
        await _chat.WaitForBotAnswerToAsync(text);

        await _page.ReloadAsync();

        // The same conversation resumes: the earlier message and its answer are shown again, and the chat still works.
        await _chat.WaitForBotAnswerToAsync(text);
        var next = BotSays.SafeCodeQuestion;
        await _chat.SendAsync(next);
        var answers = await _chat.WaitForBotAnswerToAsync(next);
        Assert.Contains(answers, a => BotSays.ReplyTo(next).IsMatch(a.Text));
    }

    private async Task OpenAsync(string transport) =>
        await _page.GotoAsync(new Uri(host.BaseUrl, $"/?transport={transport}").ToString());
}
