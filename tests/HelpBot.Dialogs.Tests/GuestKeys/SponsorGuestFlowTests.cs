using System.Globalization;
using HelpBot.Cards;
using HelpBot.Dialogs.Accounts;
using HelpBot.Dialogs.Engine.Prompts;
using HelpBot.Dialogs.GuestKeys;
using HelpBot.Dialogs.SafeCode;
using Microsoft.Bot.Schema;
using Newtonsoft.Json.Linq;
using static HelpBot.Dialogs.Tests.BotHarness;
using static HelpBot.Dialogs.Tests.GuestKeys.GuestKeyFlows;

namespace HelpBot.Dialogs.Tests.GuestKeys;

public sealed class SponsorGuestFlowTests : IDisposable
{
    private readonly BotHarness _bot = new();

    [Fact]
    public async Task AFullTimeStaffSponsorGetsAKeyShownOnceAndSentToTheContactTheyVerified()
    {
        var user = await _bot.VerifiedSponsorAsync("jsmith");
        var sent = _bot.Outbox().Count;

        var key = await _bot.RequestKeyAsync(user);

        Assert.Matches(KeyPattern(), key);
        // Sent to the address that received the SafeCode, with the key and the guest's name.
        var message = await _bot.WaitForMessageAsync("jane.smith@example.org", sent);
        Assert.Contains(key, (string?)message["text"], StringComparison.Ordinal);
        Assert.Contains("Ana Lopez", (string?)message["text"], StringComparison.Ordinal);
        var invitation = Assert.Single(await _bot.Service().ListAsync("jsmith"));
        Assert.Equal("jsmith", invitation.Sponsor);
        Assert.Equal(GuestRole.Consultant, invitation.Role);
        Assert.Equal(GuestKeyStatus.Issued, invitation.StatusAt(DateTimeOffset.UtcNow));
        Assert.Equal(30, (int)Math.Round((invitation.KeyExpiresAt - invitation.IssuedAt).TotalDays));
        // C5: the issue is audited, without the key.
        var audit = await _bot.Audit.ReadAsync("jsmith");
        Assert.Contains(audit, e => e.Action == "guestkey.issued" && e.Outcome == "success");
        Assert.DoesNotContain(await _bot.Audit.ReadAsync(limit: 1000), e => $"{e.Detail} {e.Account} {e.Action}".Contains(key, StringComparison.Ordinal));
    }

    [Fact]
    public async Task TheKeyCardRemindsTheSponsorThatGivingTheKeyToTheGuestIsTheirJob()
    {
        var user = await _bot.VerifiedSponsorAsync("akumar");
        await _bot.Flow(user)
            .Send(GuestKeyTexts.RequestKeyChoice).AssertReply(_ => { })
            .Send(Submit(Form())).AssertReply(r =>
            {
                Assert.Equal(GuestKeyTexts.KeyIssued("Ana Lopez"), Text(r));
                Assert.Contains("Giving this key to your guest is your job", AllText(r), StringComparison.Ordinal);
            })
            .StartTestAsync();
    }

    [Theory]
    [InlineData("tnguyen", "a student")]
    [InlineData("rbrown", "your account is with HSDM")]
    public async Task IneligibleSponsorsAreToldWhyAndWhoCanSponsor(string username, string why)
    {
        await _bot.VerifiedSponsorAsync(username, afterVerified: r =>
        {
            Assert.Contains(why, Text(r), StringComparison.Ordinal);
            Assert.Contains("full-time staff or on-quad faculty of Harvard Medical School", Text(r), StringComparison.Ordinal);
            Assert.Contains("617-432-2000", Text(r), StringComparison.Ordinal);
        });

        Assert.Empty(await _bot.Service().ListAsync(username));
        Assert.Contains(await _bot.Audit.ReadAsync(username), e => e.Action == "guestkey.sponsor" && e.Outcome == "refused");
    }

    [Fact]
    public async Task R7_AForgedSubmitNamingAnotherSponsorIssuesNoKey()
    {
        var user = await _bot.VerifiedSponsorAsync("jsmith");
        var forged = Form();
        forged["sponsor"] = "akumar";

        await _bot.Flow(user)
            .Send(GuestKeyTexts.RequestKeyChoice).AssertReply(_ => { })
            .Send(Submit(forged)).AssertReply(GuestKeyTexts.ForgedSponsor)
            .AssertReply(r => Assert.Equal(InvitedUserRequestCard.Title, CardTitle(r)))
            .StartTestAsync();

        Assert.Empty(await _bot.Service().ListAsync("akumar"));
        Assert.Empty(await _bot.Service().ListAsync("jsmith"));
        Assert.DoesNotContain(await _bot.Audit.ReadAsync(limit: 1000), e => e.Action == "guestkey.issued" && e.Outcome == "success");
    }

    [Fact]
    public async Task R7_AFormSubmittedBeforeTheSafeCodeIsVerifiedIssuesNothing()
    {
        var user = _bot.NewUser();
        await _bot.Flow(user)
            .Send("I want to sponsor a guest").AssertReply(AccountTexts.AskIdentifier)
            .Send(Submit(Form())).AssertReply(AccountTexts.IdentifierRetry)
            .Send("jsmith").AssertReply(_ => { })
            .Send("email").AssertReply(_ => { })
            .Send(Submit(Form())).AssertReply(SafeCodeDialogTexts.CodeRetry)
            .Send(Submit(Form())).AssertReply($"{EngineTexts.StillNotCaught} {SafeCodeDialogTexts.CodeRetry}")
            .StartTestAsync();

        Assert.Empty(await _bot.Service().ListAsync("jsmith"));
        Assert.DoesNotContain(await _bot.Audit.ReadAsync(limit: 1000), e => e.Action == "guestkey.issued");
    }

    [Fact]
    public async Task EachWrongFieldGetsItsOwnErrorAndWhatWasTypedIsKept()
    {
        var user = await _bot.VerifiedSponsorAsync("akumar");
        var beyondAYear = DateTime.UtcNow.AddYears(1).AddDays(5).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        JObject? card = null;
        await _bot.Flow(user)
            .Send(GuestKeyTexts.RequestKeyChoice).AssertReply(_ => { })
            .Send(Submit(Form(firstName: "", email: "ana at example", role: "", reason: "  ", lastDay: beyondAYear)))
            .AssertReply(r =>
            {
                Assert.Equal(GuestKeyTexts.FormHasErrors, Text(r));
                card = (JObject)((Activity)r).Attachments[0].Content;
            })
            .StartTestAsync();

        Assert.Equal(GuestKeyTexts.FirstNameMissing, ErrorOn(card!, "FirstName"));
        Assert.Equal(GuestKeyTexts.EmailInvalid, ErrorOn(card!, "Email"));
        Assert.Equal(GuestKeyTexts.RoleMissing, ErrorOn(card!, "Role"));
        Assert.Equal(GuestKeyTexts.ReasonMissing, ErrorOn(card!, "Reason"));
        Assert.StartsWith("Guest access can last at most one year", ErrorOn(card!, "LastDay"), StringComparison.Ordinal);
        Assert.Null(ErrorOn(card!, "LastName"));
        Assert.Null(ErrorOn(card!, "Organisation"));
        // What was typed is still there, right or wrong.
        Assert.Equal("Lopez", ValueOf(card!, "lastName"));
        Assert.Equal("ana at example", ValueOf(card!, "email"));
        Assert.Equal(beyondAYear, ValueOf(card!, "lastDay"));

        var past = DateTime.UtcNow.AddDays(-3).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        await _bot.Flow(user)
            .Send(Submit(Form(lastDay: past))).AssertReply(r =>
            {
                var again = (JObject)((Activity)r).Attachments[0].Content;
                Assert.Equal("That date is in the past: please choose a day after today.", ErrorOn(again, "LastDay"));
                Assert.Null(ErrorOn(again, "FirstName"));
            })
            .StartTestAsync();
        Assert.Empty(await _bot.Service().ListAsync("akumar"));

        // Fixed: the key is issued.
        await _bot.Flow(user).Send(Submit(Form())).AssertReply(r => KeyOnCard(r)).StartTestAsync();
        Assert.Single(await _bot.Service().ListAsync("akumar"));
    }

    [Fact]
    public async Task InTeamsTheSponsorIsNotAskedWhoTheyAreAndTheKeyGoesToTheTextedPhone()
    {
        var teams = _bot.NewUser("jane", "msteams", "0b6f1c2e-4a11-4d1e-9c01-000000000001");
        var sent = _bot.Outbox().Count;
        await _bot.Flow(teams)
            .Send("I want to sponsor a guest").AssertReply(SafeCodeDialogTexts.ChooseChannel)
            .Send("Text •••• 0101").AssertReply(SafeCodeDialogTexts.SentTo("•••• 0101"))
            .StartTestAsync();
        var code = await _bot.SafeCodeSentToAsync("+16175550101", sent);
        await _bot.Flow(teams).Send(code).AssertReply(SafeCodeDialogTexts.Verified).AssertReply(GuestKeyTexts.MenuQuestion).StartTestAsync();
        sent = _bot.Outbox().Count;

        var key = await _bot.RequestKeyAsync(teams);

        var texted = await _bot.WaitForMessageAsync("+16175550101", sent);
        Assert.Contains(key, (string?)texted["text"], StringComparison.Ordinal);
        Assert.Equal("jsmith", Assert.Single(await _bot.Service().ListAsync("jsmith")).Sponsor);
    }

    [Fact]
    public async Task TypingInsteadOfFillingInTheFormIsGentlyRedirected()
    {
        var user = await _bot.VerifiedSponsorAsync("akumar");
        await _bot.Flow(user)
            .Send(GuestKeyTexts.RequestKeyChoice).AssertReply(_ => { })
            .Send("Ana").AssertReply(GuestKeyTexts.FormRetry)
            .Send("cancel").AssertReply(FlowTexts.Cancelled)
            .StartTestAsync();
    }

    public void Dispose() => _bot.Dispose();

    private static string? ErrorOn(JObject card, string field) =>
        (string?)card.Descendants().OfType<JObject>().FirstOrDefault(o => (string?)o["id"] == InvitedUserRequestCard.ErrorId(field))?["text"];

    private static string? ValueOf(JObject card, string id) =>
        (string?)card.Descendants().OfType<JObject>().FirstOrDefault(o => (string?)o["id"] == id)?["value"];
}
