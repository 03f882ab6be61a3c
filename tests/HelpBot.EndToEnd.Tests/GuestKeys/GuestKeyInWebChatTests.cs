using System.Globalization;
using System.Text.RegularExpressions;
using HelpBot.Dialogs.Accounts;
using HelpBot.EndToEnd.Tests.AccountFlows;
using HelpBot.EndToEnd.Tests.WebChat;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace HelpBot.EndToEnd.Tests.GuestKeys;

/// <summary>
/// A guest key end to end in the official Web Chat: Jane Smith (full-time staff) verifies with a SafeCode by e-mail,
/// fills in the Invited User Request Form card and is shown the key; then, in a second conversation, the guest
/// registers with their last name and that key, adds an e-mail address, proves it with a SafeCode, and sets a
/// password on the one-time reset page.
/// </summary>
[Collection(WebChatBrowsers.Name)]
public sealed partial class GuestKeyInWebChatTests(WebChatHostFixture host) : WebChatPageTest(host)
{
    private const string SponsorEmail = "jane.smith@example.org";
    private const string GuestEmail = "ana.lopez@example.com";
    private const string GuestPassword = "amber lantern drifting slowly";

    [Fact]
    public async Task JaneSponsorsAGuestWhoThenRegistersWithTheKeyAndSetsAPassword()
    {
        // The sponsor.
        await OpenAsync("websocket");
        await Expect(Page.GetByText(BotSays.Greeting).First).ToBeVisibleAsync();
        await Chat.SendAsync("I want to sponsor a guest");
        await Expect(Activity(AccountFlowSays.AskIdentifier)).ToBeVisibleAsync();
        await Chat.SendAsync("jsmith");
        await Expect(Activity(AccountFlowSays.ChooseChannel)).ToBeVisibleAsync();
        var sent = Host.OutboxCount();
        await Page.GetByRole(AriaRole.Button, new() { Name = AccountFlowSays.EmailChoice }).First.ClickAsync();
        await Expect(Activity(AccountFlowSays.CodeEmailed)).ToBeVisibleAsync();
        await Chat.SendAsync(await Host.WaitForSafeCodeAsync(SponsorEmail, sent));
        await Expect(Activity(AccountFlowSays.RightCode)).ToBeVisibleAsync();
        await Page.GetByRole(AriaRole.Button, new() { Name = "Request a guest key" }).First.ClickAsync();

        var form = Page.Locator(WebChatDriver.ActivitySelector, new() { HasText = "Invited User Request Form" }).Last;
        await Expect(form).ToBeVisibleAsync();
        // Every field and button of the form is big enough to tap: at least 44 px high.
        foreach (var field in await form.Locator("input:not([type=radio]):not([type=checkbox]), textarea, select, button").AllAsync())
        {
            var box = await field.BoundingBoxAsync();
            Assert.True(box is { Height: >= 44 }, $"A form control ({await field.GetAttributeAsync("aria-label") ?? await field.TextContentAsync()}) is {box?.Height:0} px high, under 44.");
        }
        await form.GetByLabel(FirstNameLabel()).FillAsync("Ana");
        await form.GetByLabel(LastNameLabel()).FillAsync("Lopez");
        await form.GetByLabel(EmailLabel()).FillAsync(GuestEmail);
        await form.GetByLabel(OrganisationLabel()).FillAsync("Acme Research");
        await form.GetByRole(AriaRole.Radio, new() { Name = "Research collaborator" }).CheckAsync();
        await form.GetByLabel(ReasonLabel()).FillAsync("Analyses our sequencing data for the joint grant");
        // A last day more than a year ahead: the form is not sent, and says why under the date (it used to look as if
        // the button did nothing).
        await form.GetByLabel(LastDayLabel()).FillAsync(DateTime.Today.AddYears(2).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        await form.GetByRole(AriaRole.Button, new() { Name = "Request the guest key" }).ClickAsync();
        await Expect(form.GetByText(new Regex("^Choose a day from .* at most one year"))).ToBeVisibleAsync();
        await form.GetByLabel(LastDayLabel()).FillAsync(DateTime.Today.AddDays(120).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        await Chat.ScreenshotAsync(Host.ScreenshotDirectory, "guest-key-form");
        sent = Host.OutboxCount();
        await form.GetByRole(AriaRole.Button, new() { Name = "Request the guest key" }).ClickAsync();

        var keyCard = Page.Locator(WebChatDriver.ActivitySelector, new() { HasText = "Guest key for Ana Lopez" }).First;
        await Expect(keyCard).ToBeVisibleAsync();
        await Expect(keyCard).ToContainTextAsync("Giving this key to your guest is your job");
        var key = KeyPattern().Match(await keyCard.InnerTextAsync()).Value;
        Assert.Matches(KeyPattern(), key);
        // The same key reached the address that received the SafeCode.
        var mailed = await Host.WaitForOutboxMessageAsync(SponsorEmail, sent, KeyPattern());
        Assert.Equal(key, KeyPattern().Match((string)mailed["text"]!).Value);
        await Chat.ScreenshotAsync(Host.ScreenshotDirectory, "guest-key-issued");

        // The guest, in a conversation of their own.
        var guestPage = await Host.NewPageAsync();
        try
        {
            guestPage.SetDefaultTimeout(30_000);
            var guest = new WebChatDriver(guestPage);
            await guestPage.GotoAsync(new Uri(Host.BaseUrl, "/?transport=websocket").ToString());
            await Expect(guestPage.GetByText(BotSays.Greeting).First).ToBeVisibleAsync();
            await guest.SendAsync("I have a guest key");
            await Expect(GuestActivity(guestPage, "what's your last name")).ToBeVisibleAsync();
            await guest.SendAsync("Lopez");
            await Expect(GuestActivity(guestPage, "type the guest key")).ToBeVisibleAsync();
            await guest.SendAsync(key.ToLowerInvariant());
            await Expect(GuestActivity(guestPage, "your eCommons username is alopez")).ToBeVisibleAsync();
            sent = Host.OutboxCount();
            await guest.SendAsync(GuestEmail);
            var code = await Host.WaitForSafeCodeAsync(GuestEmail, sent);
            await guest.SendAsync(code);
            await Expect(guestPage.Locator(WebChatDriver.ActivitySelector, new() { HasTextRegex = AccountFlowSays.RightCode }).First).ToBeVisibleAsync();

            var setPassword = guestPage.GetByRole(AriaRole.Button, new() { Name = AccountFlowSays.SetPasswordButton }).First;
            await Expect(setPassword).ToBeVisibleAsync();
            await guest.ScreenshotAsync(Host.ScreenshotDirectory, "guest-registered");
            var resetPage = await Host.RunAndWaitForNewPageAsync(() => setPassword.ClickAsync());
            try
            {
                resetPage.SetDefaultTimeout(30_000);
                await Expect(resetPage.GetByRole(AriaRole.Heading, new() { Name = AccountFlowSays.ResetFormTitle })).ToBeVisibleAsync();
                await Expect(resetPage.Locator("#username")).ToHaveValueAsync("alopez");
                await resetPage.Locator("#password").FillAsync(GuestPassword);
                await resetPage.Locator("#confirm").FillAsync(GuestPassword);
                await resetPage.GetByRole(AriaRole.Button, new() { Name = AccountFlowSays.ResetFormSubmit, Exact = true }).ClickAsync();
                await Expect(resetPage.GetByRole(AriaRole.Heading, new() { Name = AccountFlowSays.ResetSuccessTitle })).ToBeVisibleAsync();
            }
            finally
            {
                await resetPage.CloseAsync();
            }
        }
        finally
        {
            await guestPage.CloseAsync();
        }

        var directory = Host.Services.GetRequiredService<IAccountDirectory>();
        Assert.True(await directory.CheckPasswordAsync("alopez", GuestPassword));
        // The sponsor heard that the guest registered; the key never reached the log.
        await Host.WaitForOutboxMessageAsync("jsmith@hms.harvard.edu", 0, RegisteredPattern());
        Assert.DoesNotContain(Host.Logs.Lines, line => line.Contains(key, StringComparison.OrdinalIgnoreCase));
    }

    private ILocator Activity(Regex text) => Page.Locator(WebChatDriver.ActivitySelector, new() { HasTextRegex = text }).First;

    private static ILocator GuestActivity(IPage page, string text) =>
        page.Locator(WebChatDriver.ActivitySelector, new() { HasTextRegex = new Regex(Regex.Escape(text).Replace("'", ".", StringComparison.Ordinal), RegexOptions.IgnoreCase) }).First;

    [GeneratedRegex("[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}")]
    private static partial Regex KeyPattern();

    [GeneratedRegex("registered for eCommons")]
    private static partial Regex RegisteredPattern();

    [GeneratedRegex("first name")]
    private static partial Regex FirstNameLabel();

    [GeneratedRegex("last name")]
    private static partial Regex LastNameLabel();

    [GeneratedRegex("e-mail address")]
    private static partial Regex EmailLabel();

    [GeneratedRegex("organisation")]
    private static partial Regex OrganisationLabel();

    [GeneratedRegex("need access")]
    private static partial Regex ReasonLabel();

    [GeneratedRegex("Last day of access")]
    private static partial Regex LastDayLabel();
}
