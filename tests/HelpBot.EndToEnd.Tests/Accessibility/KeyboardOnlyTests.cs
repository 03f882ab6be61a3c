using HelpBot.Dialogs.Accounts;
using HelpBot.EndToEnd.Tests.AccountFlows;
using HelpBot.EndToEnd.Tests.WebChat;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace HelpBot.EndToEnd.Tests.Accessibility;

/// <summary>
/// A locked user unlocks their account with the keyboard alone, on the Web Chat page and in the widget: into the
/// transcript and the welcome card's button, Escape out of the card, the send box, a suggested action, the SafeCode. In
/// the widget, Escape on a card button only leaves the card; Escape outside a card closes the panel and gives the focus
/// back to the launcher.
/// </summary>
[Collection(WebChatBrowsers.Name)]
public sealed class KeyboardOnlyTests(WebChatHostFixture host) : WebChatPageTest(host)
{
    // Two of the seed's personal accounts with a text-enabled phone (bot/Accounts/accounts.seed.json), locked by each
    // test; others in this collection use jsmith, and each account may be texted 5 codes an hour (S7).
    private static readonly (string Username, string Phone) OnThePage = ("akumar", "+16175550103");
    private static readonly (string Username, string Phone) InTheWidget = ("tnguyen", "+16175550104");

    private ILocator Transcript => Page.Locator(".webchat__basic-transcript").First;

    private ILocator SendBox => Page.Locator("[data-id='webchat-sendbox-input']").First;

    [Fact]
    public async Task AnUnlockOnTheWebChatPageWithTheKeyboardAlone()
    {
        Host.Lock(OnThePage.Username);
        await OpenAsync("websocket");
        await Expect(Page.GetByText(BotSays.Greeting).First).ToBeVisibleAsync();

        await KeyboardUser.TabUntilFocusedAsync(Page, Transcript);
        await UnlockFromTheWelcomeCardAsync(OnThePage);
    }

    [Fact]
    public async Task AnUnlockInTheWidgetWithTheKeyboardAloneAndEscapeLeavesACardBeforeThePanel()
    {
        Host.Lock(InTheWidget.Username);
        await Page.GotoAsync(new Uri(Host.BaseUrl, "/widget-demo.html?transport=websocket").ToString());
        var launcher = Page.GetByRole(AriaRole.Button, new() { Name = "Chat with HelpBot" });
        var panel = Page.GetByRole(AriaRole.Dialog, new() { Name = "HelpBot" });
        await KeyboardUser.TabUntilFocusedAsync(Page, launcher);
        await Page.Keyboard.PressAsync("Enter");

        // Once Web Chat is ready, the focus is in its send box: the user can type straight away.
        await Expect(panel.GetByText(BotSays.Greeting).First).ToBeVisibleAsync();
        await Expect(SendBox).ToBeFocusedAsync();

        // Into the welcome card and out again: Escape leaves the card, the panel stays open.
        await Page.Keyboard.PressAsync("Shift+Tab");
        await KeyboardUser.TabUntilFocusedAsync(Page, Transcript);
        await Page.Keyboard.PressAsync("Enter");
        await Expect(Page.GetByRole(AriaRole.Button, new() { Name = BotSays.WelcomeButton }).First).ToBeFocusedAsync();
        await Page.Keyboard.PressAsync("Escape");
        await Expect(panel).ToBeVisibleAsync();
        await Expect(Transcript).ToBeFocusedAsync();

        await UnlockFromTheWelcomeCardAsync(InTheWidget);

        // Escape outside a card closes the panel, and the focus goes back to the launcher.
        await KeyboardUser.TabUntilFocusedAsync(Page, SendBox);
        await Page.Keyboard.PressAsync("Escape");
        await Expect(panel).ToBeHiddenAsync();
        await Expect(launcher).ToBeFocusedAsync();
    }

    /// <summary>From the transcript having the focus: Enter into the welcome card, its unlock button, the username, the
    /// text-message choice, the SafeCode; the account is unlocked.</summary>
    private async Task UnlockFromTheWelcomeCardAsync((string Username, string Phone) user)
    {
        await Expect(Transcript).ToBeFocusedAsync();
        await Page.Keyboard.PressAsync("Enter");
        await Expect(Page.GetByRole(AriaRole.Button, new() { Name = BotSays.WelcomeButton }).First).ToBeFocusedAsync();
        await Page.Keyboard.PressAsync("Enter");
        await Expect(Activity(AccountFlowSays.AskIdentifier)).ToBeVisibleAsync();

        // Tab stays inside a card (Web Chat's focus trap); Escape leaves it, back to the transcript, then on to the send box.
        await Page.Keyboard.PressAsync("Escape");
        await Expect(Transcript).ToBeFocusedAsync();
        await KeyboardUser.TabUntilFocusedAsync(Page, SendBox);
        await Page.Keyboard.TypeAsync(user.Username);
        await Page.Keyboard.PressAsync("Enter");
        await Expect(Activity(AccountFlowSays.ChooseChannel)).ToBeVisibleAsync();

        var textChoice = Page.GetByRole(AriaRole.Button, new() { Name = AccountFlowSays.TextChoice }).First;
        await Expect(textChoice).ToBeVisibleAsync();
        var sent = Host.OutboxCount();
        await KeyboardUser.TabUntilFocusedAsync(Page, textChoice);
        await Page.Keyboard.PressAsync(" ");
        await Expect(Activity(AccountFlowSays.CodeTexted)).ToBeVisibleAsync();

        var code = await Host.WaitForSafeCodeAsync(user.Phone, sent);
        await KeyboardUser.TabUntilFocusedAsync(Page, SendBox);
        await Page.Keyboard.TypeAsync(code);
        await Page.Keyboard.PressAsync("Enter");
        await Expect(Page.Locator(WebChatDriver.ActivitySelector, new() { HasText = AccountFlowSays.UnlockedTitle }).First).ToBeVisibleAsync();
        var directory = Host.Services.GetRequiredService<IAccountDirectory>();
        Assert.False((await directory.FindAsync(user.Username))!.IsLocked);
    }

    private ILocator Activity(System.Text.RegularExpressions.Regex text) =>
        Page.Locator(WebChatDriver.ActivitySelector, new() { HasTextRegex = text }).First;
}
