using HelpBot.Dialogs.Accounts;
using HelpBot.Dialogs.Engine.Prompts;
using HelpBot.Dialogs.Messaging;
using HelpBot.Dialogs.Registration;
using HelpBot.Dialogs.SafeCode;
using Microsoft.Bot.Builder.Adapters;
using Microsoft.Bot.Schema;
using Microsoft.Extensions.DependencyInjection;
using Newtonsoft.Json.Linq;
using static HelpBot.Dialogs.Tests.BotHarness;

namespace HelpBot.Dialogs.Tests.Registration;

public sealed class UpdateProfileFlowTests : IDisposable
{
    private const string SelfServiceCard = "Changing your email address or other details";

    private readonly BotHarness _bot = new();

    private IPendingProfileChanges Pending => _bot.Services.GetRequiredService<IPendingProfileChanges>();

    [Fact]
    public async Task ANewEmailIsRecordedAsPendingUntilHrUpdatesPeopleSoftAndShownWhenAskedAgain()
    {
        var user = _bot.NewUser();
        await VerifyAsWebUserAsync(user, "jsmith", "+16175550101");
        await _bot.Flow(user)
            .Send(ProfileTexts.EmailChoice).AssertReply(ProfileTexts.AskEmail("jsmith@hms.harvard.edu"))
            .Send("jane at example").AssertReply(ProfileTexts.EmailRetry)
            .Send("JSmith@hms.harvard.edu").AssertReply(ProfileTexts.EmailSame)
            .Send("jane.smith@newmail.example.org").AssertReply(ProfileTexts.Confirm(ProfileTexts.Email, "jane.smith@newmail.example.org"))
            .Send("yes").AssertReply(r =>
            {
                Assert.Equal(ProfileTexts.Recorded(ProfileTexts.Email), Text(r));
                Assert.Contains("PeopleSoft", Text(r), StringComparison.Ordinal);
                Assert.Contains("Preferences, then My Address", Text(r), StringComparison.Ordinal);
                Assert.Contains("whitepages.med.harvard.edu", Text(r), StringComparison.Ordinal);
            })
            .StartTestAsync();

        var change = Assert.Single(await Pending.ForAccountAsync("jsmith"));
        Assert.Equal((ProfileChangeKind.Email, "jane.smith@newmail.example.org"), (change.Kind, change.NewValue));
        // The directory changes only when HR's PeopleSoft update reaches it.
        Assert.Equal("jsmith@hms.harvard.edu", (await _bot.Directory.FindAsync("jsmith"))!.Email);
        var audit = Assert.Single(await _bot.Audit.ReadAsync("jsmith"), e => e.Action == "profile.change.requested");
        Assert.Equal("email to j•••@newmail.example.org; pending HR (PeopleSoft)", audit.Detail);

        // Asking again (after a SafeCode) shows what is still waiting.
        var again = _bot.NewUser();
        await VerifyAsWebUserAsync(again, "jsmith", "+16175550101", expectPending: r => Assert.StartsWith(
            "You already asked on ", Text(r), StringComparison.Ordinal));
    }

    [Fact]
    public async Task InTeamsAPostalAddressIsAskedPartByPartWithClearRetries()
    {
        var anita = _bot.NewUser("anita", "msteams", "0b6f1c2e-4a11-4d1e-9c01-000000000003");
        await _bot.Flow(anita)
            .Send("I moved and need to update my address").AssertReply(r => Assert.Equal(SelfServiceCard, CardTitle(r)))
            .AssertReply(r => Assert.Equal(ProfileTexts.Offer, Text(r)))
            .Send("yes").AssertReply(r => Assert.Equal(SafeCodeDialogTexts.ChooseChannel, Text(r)))
            .Send("email").AssertReply(SafeCodeDialogTexts.SentTo("a•••@example.org"))
            .StartTestAsync();
        var code = await _bot.SafeCodeSentToAsync("anita.kumar@example.org");

        await _bot.Flow(anita)
            .Send(code).AssertReply(SafeCodeDialogTexts.Verified).AssertReply(r => Assert.Equal(ProfileTexts.AskWhat, Text(r)))
            .Send("address").AssertReply(ProfileTexts.AskStreet)
            .Send("25  Shattuck Street,  Apt 2").AssertReply(ProfileTexts.AskCity)
            .Send("02115").AssertReply(ProfileTexts.CityRetry)
            .Send("Boston").AssertReply(ProfileTexts.AskState)
            .Send("Mass").AssertReply(ProfileTexts.StateRetry)
            .Send("massachusetts").AssertReply(ProfileTexts.AskZip)
            .Send("2115").AssertReply(ProfileTexts.ZipRetry)
            .Send("02115").AssertReply(ProfileTexts.Confirm(ProfileTexts.Address, "25 Shattuck Street, Apt 2, Boston, MA 02115"))
            .Send("yes").AssertReply(ProfileTexts.Recorded(ProfileTexts.Address))
            .StartTestAsync();

        var change = Assert.Single(await Pending.ForAccountAsync("akumar"));
        Assert.Equal((ProfileChangeKind.PostalAddress, "25 Shattuck Street, Apt 2, Boston, MA 02115"), (change.Kind, change.NewValue));
        // The audit log records that it changed, not the address.
        Assert.DoesNotContain(await _bot.Audit.ReadAsync(limit: 1000), e => $"{e.Detail}".Contains("Shattuck", StringComparison.Ordinal));
    }

    [Fact]
    public async Task R7_AForgedSubmitCannotRecordAChangeWithoutTheSafeCode()
    {
        var user = _bot.NewUser();
        var forged = new Activity(ActivityTypes.Message)
        {
            Value = JObject.FromObject(new { kind = "Email", username = "akumar", text = "attacker@evil.example" }),
        };
        await _bot.Flow(user)
            .Send("I need to change my email address in the directory").AssertReply(_ => { }).AssertReply(_ => { })
            .Send("yes").AssertReply(AccountTexts.AskIdentifier)
            .Send("akumar").AssertReply(_ => { })
            .Send("text").AssertReply(SafeCodeDialogTexts.SentIfOnFile(MessageChannel.Text))
            .Send(forged).AssertReply(SafeCodeDialogTexts.CodeRetry)
            .Send("yes").AssertReply($"{EngineTexts.StillNotCaught} {SafeCodeDialogTexts.CodeRetry}")
            .StartTestAsync();

        Assert.Empty(await Pending.ForAccountAsync("akumar"));
        Assert.DoesNotContain(await _bot.Audit.ReadAsync("akumar"), e => e.Action == "profile.change.requested");
    }

    [Fact]
    public async Task SomeoneWhoOnlyWantedToKnowGetsTheSelfServicePath()
    {
        await _bot.Flow(_bot.NewUser())
            .Send("how do I change my email address in whitepages").AssertReply(r => Assert.Equal(SelfServiceCard, CardTitle(r)))
            .AssertReply(r => Assert.Equal(ProfileTexts.Offer, Text(r)))
            .Send("no").AssertReply(ProfileTexts.OfferDeclined)
            .StartTestAsync();
    }

    /// <summary>Asks to update the profile as an anonymous Web Chat user and passes the SafeCode; ends at "What would you like to change?".</summary>
    private async Task VerifyAsWebUserAsync(TestAdapter user, string username, string phone, Action<IActivity>? expectPending = null)
    {
        var before = _bot.Outbox().Count;
        await _bot.Flow(user)
            .Send("I need to change my email address").AssertReply(r => Assert.Equal(SelfServiceCard, CardTitle(r)))
            .AssertReply(r => Assert.Equal(ProfileTexts.Offer, Text(r)))
            .Send("yes").AssertReply(AccountTexts.AskIdentifier)
            .Send(username).AssertReply(r => Assert.Equal(SafeCodeDialogTexts.ChooseChannel, Text(r)))
            .Send("text").AssertReply(SafeCodeDialogTexts.SentIfOnFile(MessageChannel.Text))
            .StartTestAsync();
        var code = await _bot.SafeCodeSentToAsync(phone, before);
        var flow = _bot.Flow(user).Send(code).AssertReply(SafeCodeDialogTexts.Verified);
        if (expectPending is not null)
        {
            flow = flow.AssertReply(expectPending);
        }
        await flow.AssertReply(r => Assert.Equal(ProfileTexts.AskWhat, Text(r))).StartTestAsync();
    }

    public void Dispose() => _bot.Dispose();
}
