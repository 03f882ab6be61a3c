using System.Text.RegularExpressions;
using HelpBot.Dialogs.Accounts;
using HelpBot.EndToEnd.Tests.WebChat;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace HelpBot.EndToEnd.Tests.AccountFlows;

/// <summary>
/// A forgotten password in the official Web Chat and on the one-time reset page (R4, R5): the username, a SafeCode by
/// email, the card's button opens the page in a new tab, a weak password is refused with its reason, a passphrase is
/// accepted, and the chat tab hears about the change (pushed over Direct Line) with the device checklist.
/// </summary>
[Collection(WebChatBrowsers.Name)]
public sealed class PasswordResetInWebChatTests(WebChatHostFixture host) : WebChatPageTest(host)
{
    // The seed's expired-password account: no text phone, an alternate email (bot/Accounts/accounts.seed.json).
    private const string Username = "rbrown";
    private const string AlternateEmail = "rosa.brown@example.net";
    private const string DemoPassword = "Amber-Thistle-6619";
    private const string WeakPassword = "Password1";
    private const string NewPassword = "violet tugboat humming quietly";

    [Fact]
    public async Task AForgottenPasswordIsSetOnTheResetPageAndTheChatIsToldWithTheDeviceChecklist()
    {
        var directory = Host.Services.GetRequiredService<IAccountDirectory>();
        Assert.True(await directory.CheckPasswordAsync(Username, DemoPassword), "The test starts from the seed's demo password.");
        await OpenAsync("websocket");
        await Expect(Page.GetByText(BotSays.Greeting).First).ToBeVisibleAsync();

        await Chat.SendAsync(AccountFlowSays.ForgotPassword);
        await Expect(Activity(AccountFlowSays.AskIdentifier)).ToBeVisibleAsync();
        await Chat.SendAsync(Username);
        await Expect(Activity(AccountFlowSays.ChooseChannel)).ToBeVisibleAsync();
        var emailChoice = Page.GetByRole(AriaRole.Button, new() { Name = AccountFlowSays.EmailChoice }).First;
        await Expect(emailChoice).ToBeVisibleAsync();
        var sent = Host.OutboxCount();
        await emailChoice.ClickAsync();
        await Expect(Activity(AccountFlowSays.CodeEmailed)).ToBeVisibleAsync();

        var code = await Host.WaitForSafeCodeAsync(AlternateEmail, sent);
        await Chat.SendAsync(code);
        await Expect(Activity(AccountFlowSays.RightCode)).ToBeVisibleAsync();

        // The card's Action.OpenUrl: Web Chat opens the one-time page in a new tab.
        var setPassword = Page.GetByRole(AriaRole.Button, new() { Name = AccountFlowSays.SetPasswordButton }).First;
        await Expect(setPassword).ToBeVisibleAsync();
        await Chat.ScreenshotAsync(Host.ScreenshotDirectory, "reset-link-card");
        var resetPage = await Host.RunAndWaitForNewPageAsync(() => setPassword.ClickAsync());
        string token;
        try
        {
            resetPage.SetDefaultTimeout(30_000);
            await Expect(resetPage.GetByRole(AriaRole.Heading, new() { Name = AccountFlowSays.ResetFormTitle })).ToBeVisibleAsync();
            Assert.StartsWith(Host.BaseUrl + "reset/", resetPage.Url, StringComparison.Ordinal);
            token = new Uri(resetPage.Url).Segments[^1];
            await Expect(resetPage.Locator("#username")).ToHaveValueAsync(Username);

            // R5: a common password is refused, and the page says why. Nothing changes.
            await SubmitAsync(resetPage, WeakPassword);
            await Expect(resetPage.Locator("#password-error")).ToContainTextAsync(AccountFlowSays.CommonPasswordReason);
            await new WebChatDriver(resetPage).ScreenshotAsync(Host.ScreenshotDirectory, "reset-page-refused");
            Assert.True(await directory.CheckPasswordAsync(Username, DemoPassword));

            await SubmitAsync(resetPage, NewPassword);
            await Expect(resetPage.GetByRole(AriaRole.Heading, new() { Name = AccountFlowSays.ResetSuccessTitle })).ToBeVisibleAsync();
            await new WebChatDriver(resetPage).ScreenshotAsync(Host.ScreenshotDirectory, "reset-page-done");
        }
        finally
        {
            await resetPage.CloseAsync();
        }

        // Back in the chat: the change, then the checklist, pushed into the open conversation.
        var changed = Activity(AccountFlowSays.PasswordChangedAt);
        await Expect(changed).ToBeVisibleAsync();
        var checklist = Page.Locator(WebChatDriver.ActivitySelector, new() { HasText = AccountFlowSays.DeviceChecklistTitle }).First;
        await Expect(checklist).ToBeVisibleAsync();
        await Expect(checklist).ToContainTextAsync(AccountFlowSays.ADeviceToUpdate);
        var transcript = await Chat.TranscriptAsync();
        var changedAt = IndexOf(transcript, a => AccountFlowSays.PasswordChangedAt.IsMatch(a.Text));
        var checklistAt = IndexOf(transcript, a => a.Text.Contains(AccountFlowSays.DeviceChecklistTitle, StringComparison.Ordinal));
        Assert.True(changedAt < checklistAt, $"The change ({changedAt}) should come before the checklist ({checklistAt}).");
        await checklist.ScrollIntoViewIfNeededAsync();
        await Chat.ScreenshotAsync(Host.ScreenshotDirectory, "reset-chat-told");

        Assert.True(await directory.CheckPasswordAsync(Username, NewPassword));
        Assert.False(await directory.CheckPasswordAsync(Username, DemoPassword));
        // S4, R4: neither the SafeCode, nor the new password, nor the link's token reaches the log.
        Assert.DoesNotContain(Host.Logs.Lines, line =>
            line.Contains(code, StringComparison.Ordinal) || line.Contains(NewPassword, StringComparison.Ordinal) || line.Contains(token, StringComparison.Ordinal));
    }

    private static async Task SubmitAsync(IPage resetPage, string password)
    {
        await resetPage.Locator("#password").FillAsync(password);
        await resetPage.Locator("#confirm").FillAsync(password);
        await resetPage.GetByRole(AriaRole.Button, new() { Name = AccountFlowSays.ResetFormSubmit, Exact = true }).ClickAsync();
    }

    private static int IndexOf(IReadOnlyList<ShownActivity> transcript, Func<ShownActivity, bool> match) =>
        transcript.Select((a, i) => (a, i)).First(x => !x.a.FromUser && match(x.a)).i;

    private ILocator Activity(Regex text) =>
        Page.Locator(WebChatDriver.ActivitySelector, new() { HasTextRegex = text }).First;
}
