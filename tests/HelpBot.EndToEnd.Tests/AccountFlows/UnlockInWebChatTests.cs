using HelpBot.Dialogs.Accounts;
using HelpBot.EndToEnd.Tests.WebChat;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace HelpBot.EndToEnd.Tests.AccountFlows;

/// <summary>
/// A locked user unlocks their account in the official Web Chat: the welcome card's button, their username, a
/// SafeCode by text (read from the outbox file, as from a phone), the unlocked card with the devices to update.
/// </summary>
[Collection(WebChatBrowsers.Name)]
public sealed class UnlockInWebChatTests(WebChatHostFixture host) : IAsyncLifetime
{
    // The seed's locked personal account and her text-enabled phone (bot/Directory/accounts.seed.json).
    private const string Username = "jsmith";
    private const string Phone = "+16175550101";

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
    public async Task ALockedUserUnlocksWithATextedSafeCode(string transport)
    {
        // Each run starts from a locked account: the other transport's run may have unlocked it already.
        host.Lock(Username);
        var directory = host.Services.GetRequiredService<IAccountDirectory>();
        Assert.True((await directory.FindAsync(Username))!.IsLocked);
        await _page.GotoAsync(new Uri(host.BaseUrl, $"/?transport={transport}").ToString());

        var welcomeButton = _page.GetByRole(AriaRole.Button, new() { Name = BotSays.WelcomeButton }).First;
        await Expect(welcomeButton).ToBeVisibleAsync();
        await welcomeButton.ClickAsync();
        await Expect(Activity(AccountFlowSays.AskIdentifier)).ToBeVisibleAsync();

        await _chat.SendAsync(Username);
        await Expect(Activity(AccountFlowSays.ChooseChannel)).ToBeVisibleAsync();
        var textChoice = _page.GetByRole(AriaRole.Button, new() { Name = AccountFlowSays.TextChoice }).First;
        await Expect(textChoice).ToBeVisibleAsync();
        var sent = host.OutboxCount();
        await textChoice.ClickAsync();
        await Expect(Activity(AccountFlowSays.CodeTexted)).ToBeVisibleAsync();

        var code = await host.WaitForSafeCodeAsync(Phone, sent);
        await _chat.SendAsync(code);

        await Expect(Activity(AccountFlowSays.RightCode)).ToBeVisibleAsync();
        var card = _page.Locator(WebChatDriver.ActivitySelector, new() { HasText = AccountFlowSays.UnlockedTitle }).First;
        await Expect(card).ToBeVisibleAsync();
        await Expect(card).ToContainTextAsync(AccountFlowSays.ADeviceToUpdate);
        await card.ScrollIntoViewIfNeededAsync();
        await _chat.ScreenshotAsync(host.ScreenshotDirectory, $"unlock-done-{transport}");

        Assert.False((await directory.FindAsync(Username))!.IsLocked);
        // S4: the SafeCode is never logged, not even where its message is queued (which is logged, so the capture works).
        Assert.Contains(host.Logs.Lines, line => line.Contains("Outbox: queued", StringComparison.Ordinal));
        Assert.DoesNotContain(host.Logs.Lines, line => line.Contains(code, StringComparison.Ordinal));
    }

    private ILocator Activity(System.Text.RegularExpressions.Regex text) =>
        _page.Locator(WebChatDriver.ActivitySelector, new() { HasTextRegex = text }).First;
}
