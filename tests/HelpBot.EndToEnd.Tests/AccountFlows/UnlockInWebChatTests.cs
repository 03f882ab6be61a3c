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
public sealed class UnlockInWebChatTests(WebChatHostFixture host) : WebChatPageTest(host)
{
    // The seed's locked personal account and her text-enabled phone (bot/Accounts/accounts.seed.json).
    private const string Username = "jsmith";
    private const string Phone = "+16175550101";

    [Theory]
    [InlineData("websocket")]
    [InlineData("polling")]
    public async Task ALockedUserUnlocksWithATextedSafeCode(string transport)
    {
        // Each run starts from a locked account: the other transport's run may have unlocked it already.
        Host.Lock(Username);
        var directory = Host.Services.GetRequiredService<IAccountDirectory>();
        Assert.True((await directory.FindAsync(Username))!.IsLocked);
        await OpenAsync(transport);

        var welcomeButton = Page.GetByRole(AriaRole.Button, new() { Name = BotSays.WelcomeButton }).First;
        await Expect(welcomeButton).ToBeVisibleAsync();
        await welcomeButton.ClickAsync();
        await Expect(Activity(AccountFlowSays.AskIdentifier)).ToBeVisibleAsync();

        await Chat.SendAsync(Username);
        await Expect(Activity(AccountFlowSays.ChooseChannel)).ToBeVisibleAsync();
        var textChoice = Page.GetByRole(AriaRole.Button, new() { Name = AccountFlowSays.TextChoice }).First;
        await Expect(textChoice).ToBeVisibleAsync();
        var sent = Host.OutboxCount();
        await textChoice.ClickAsync();
        await Expect(Activity(AccountFlowSays.CodeTexted)).ToBeVisibleAsync();

        var code = await Host.WaitForSafeCodeAsync(Phone, sent);
        await Chat.SendAsync(code);

        await Expect(Activity(AccountFlowSays.RightCode)).ToBeVisibleAsync();
        var card = Page.Locator(WebChatDriver.ActivitySelector, new() { HasText = AccountFlowSays.UnlockedTitle }).First;
        await Expect(card).ToBeVisibleAsync();
        await Expect(card).ToContainTextAsync(AccountFlowSays.ADeviceToUpdate);
        await card.ScrollIntoViewIfNeededAsync();
        await Chat.ScreenshotAsync(Host.ScreenshotDirectory, $"unlock-done-{transport}");

        Assert.False((await directory.FindAsync(Username))!.IsLocked);
        // S4: the SafeCode is never logged, not even where its message is queued (which is logged, so the capture works).
        Assert.Contains(Host.Logs.Lines, line => line.Contains("Outbox: queued", StringComparison.Ordinal));
        Assert.DoesNotContain(Host.Logs.Lines, line => line.Contains(code, StringComparison.Ordinal));
    }

    private ILocator Activity(System.Text.RegularExpressions.Regex text) =>
        Page.Locator(WebChatDriver.ActivitySelector, new() { HasTextRegex = text }).First;
}
