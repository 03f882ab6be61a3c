using System.Net;
using HelpBot.Dialogs.Handoff;
using HelpBot.Dialogs.Messaging;
using HelpBot.Dialogs.Recognition;
using HelpBot.Dialogs.Registration;
using HelpBot.Dialogs.SafeCode;
using Microsoft.Bot.Builder.Adapters;
using Microsoft.Bot.Schema;
using Microsoft.Extensions.DependencyInjection;
using Newtonsoft.Json.Linq;
using static HelpBot.Dialogs.Tests.BotHarness;

namespace HelpBot.Dialogs.Tests.Registration;

public sealed class ECommonsRegistrationFlowTests : IDisposable
{
    private readonly BotHarness _bot = new(webServer: true); // the reset page

    /// <summary>Every Adaptive Card the bot sent in a test, for the official validator.</summary>
    private readonly List<System.Text.Json.Nodes.JsonNode> _cards = [];

    [Fact]
    public async Task AHarvardIdGivenInASentenceAsOnTheBadgeIsTheAnswerNotAChangeOfSubject()
    {
        var user = _bot.NewUser();
        await StartAsync(user, RegistrationTexts.KindHarvard)
            .Send("okafor").AssertReply(RegistrationTexts.AskHuid)
            .Send("my harvard id is 7000 0007 i think").AssertReply(RegistrationTexts.SameWords).AssertReply(SafeCodeDialogTexts.ChooseChannel)
            .StartTestAsync();
    }

    [Fact]
    public async Task CokaforRegistersWithHisLastNameAndHarvardIdThenChoosesAPasswordAndSignsIn()
    {
        var user = _bot.NewUser();
        await StartAsync(user, RegistrationTexts.KindHarvard)
            .Send("okafor").AssertReply(RegistrationTexts.AskHuid)
            .Send("7000 0007").AssertReply(RegistrationTexts.SameWords).AssertReply(SafeCodeDialogTexts.ChooseChannel)
            .Send("text").AssertReply(SafeCodeDialogTexts.SentIfOnFile(MessageChannel.Text))
            .StartTestAsync();
        Assert.False((await _bot.Directory.FindAsync("cokafor"))!.IsRegistered);
        var code = await _bot.SafeCodeSentToAsync("+16175550107");

        Uri? link = null;
        await _bot.Flow(user)
            .Send(code).AssertReply(SafeCodeDialogTexts.Verified)
            .AssertReply(RegistrationTexts.Registered("cokafor"))
            .AssertReply(reply => link = ResetLinkIn(reply))
            .StartTestAsync();
        Assert.True((await _bot.Directory.FindAsync("cokafor"))!.IsRegistered);

        // The same one-time page and password policy as a reset (R4, R5).
        using var browser = _bot.CreateClient();
        var password = "marigold ferry lantern 42";
        var set = await browser.PostAsync(new Uri(link!.PathAndQuery, UriKind.Relative), new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["password"] = password,
            ["confirm"] = password,
        }));
        Assert.Equal(HttpStatusCode.OK, set.StatusCode);
        Assert.True(await _bot.Directory.CheckPasswordAsync("cokafor", password));

        var audit = await _bot.Audit.ReadAsync("cokafor");
        Assert.Contains(audit, e => e is { Action: "registration.attempt", Outcome: "matched" });
        Assert.Contains(audit, e => e is { Action: "registration.completed", Outcome: "success" });
        // C5: no Harvard ID in the audit log.
        Assert.DoesNotContain(await _bot.Audit.ReadAsync(limit: 1000), e => $"{e.Account} {e.Detail}".Contains("70000007", StringComparison.Ordinal));

        // The how-to card and the password-link card, as the official Adaptive Cards library reads them.
        Assert.Equal(2, _cards.Count);
        await HelpBot.Tests.Shared.CardValidator.AssertValidAsync([.. _cards]);
    }

    [Fact]
    public async Task PgarciaRegistersWithHisLastNameAndDateOfBirth_AccentsAndCaseDontMatter()
    {
        var user = _bot.NewUser();
        await StartAsync(user, RegistrationTexts.KindAffiliate)
            .Send("GARCÍA").AssertReply(RegistrationTexts.AskDateOfBirth)
            .Send("April 12, 1985").AssertReply(RegistrationTexts.SameWords).AssertReply(SafeCodeDialogTexts.ChooseChannel)
            .Send("email").AssertReply(SafeCodeDialogTexts.SentIfOnFile(MessageChannel.Email))
            .StartTestAsync();
        var code = await _bot.SafeCodeSentToAsync("pgarcia@example.org");

        await _bot.Flow(user)
            .Send(code).AssertReply(SafeCodeDialogTexts.Verified)
            .AssertReply(RegistrationTexts.Registered("pgarcia"))
            .AssertReply(reply => Assert.NotNull(ResetLinkIn(reply)))
            .StartTestAsync();

        Assert.True((await _bot.Directory.FindAsync("pgarcia"))!.IsRegistered);
        // C5: no date of birth in the audit log, in any form.
        Assert.DoesNotContain(await _bot.Audit.ReadAsync(limit: 1000), e => e.Detail is { } d && (d.Contains("1985", StringComparison.Ordinal) || d.Contains("April", StringComparison.Ordinal)));
    }

    public static TheoryData<string, string, string> Mismatches => new()
    {
        { RegistrationTexts.KindHarvard, "Okafor", "70000008" },     // wrong Harvard ID
        { RegistrationTexts.KindHarvard, "Okafur", "70000007" },     // wrong last name
        { RegistrationTexts.KindHarvard, "Smith", "70000001" },      // already registered (jsmith)
        { RegistrationTexts.KindAffiliate, "Garcia", "1985-04-13" }, // wrong date of birth
    };

    [Theory]
    [MemberData(nameof(Mismatches))]
    public async Task R1_WrongDetailsAndRegisteredAccountsGetTheSameWordsAndNothingIsSentOrChanged(string kind, string lastName, string secret)
    {
        var user = _bot.NewUser();
        var replies = new List<string>();
        await StartAsync(user, kind)
            .Send(lastName).AssertReply(_ => { })
            .Send(secret).AssertReply(r => replies.Add(Text(r))).AssertReply(r => replies.Add(Text(r)))
            .Send("text").AssertReply(r => replies.Add(Text(r)))
            .StartTestAsync();

        // Word for word what a matching, unregistered person sees.
        Assert.Equal([RegistrationTexts.SameWords, SafeCodeDialogTexts.ChooseChannel, SafeCodeDialogTexts.SentIfOnFile(MessageChannel.Text)], replies);
        // The SafeCode step records, before answering, that it sent nothing (a code is queued only after "success").
        var sends = (await _bot.Audit.ReadAsync(limit: 1000)).Where(e => e.Action == "safecode.sent").ToList();
        Assert.Equal("not-sent", Assert.Single(sends).Outcome);
        Assert.True((await _bot.Directory.FindAsync("jsmith"))!.IsRegistered);
        Assert.False((await _bot.Directory.FindAsync("cokafor"))!.IsRegistered);
        Assert.False((await _bot.Directory.FindAsync("pgarcia"))!.IsRegistered);
        Assert.Contains(await _bot.Audit.ReadAsync(limit: 1000), e => e is { Action: "registration.attempt", Outcome: "no-match" });
    }

    [Fact]
    public async Task R7_AForgedSubmitOrAGuessedCodeCannotSkipTheSafeCode()
    {
        var user = _bot.NewUser();
        var forged = new Activity(ActivityTypes.Message) { Value = JObject.FromObject(new { action = "register", username = "cokafor", text = "000000" }) };
        await StartAsync(user, RegistrationTexts.KindHarvard)
            .Send("Okafor").AssertReply(_ => { })
            .Send("70000007").AssertReply(_ => { }).AssertReply(_ => { })
            .Send("text").AssertReply(_ => { })
            .Send(forged).AssertReply(SafeCodeDialogTexts.Wrong(4)).AssertReply(SafeCodeDialogTexts.TypeCodeOrResend)
            .Send("123456").AssertReply(SafeCodeDialogTexts.Wrong(3)).AssertReply(SafeCodeDialogTexts.TypeCodeOrResend)
            .StartTestAsync();

        Assert.False((await _bot.Directory.FindAsync("cokafor"))!.IsRegistered);
        Assert.DoesNotContain(await _bot.Audit.ReadAsync("cokafor"), e => e.Action == "registration.completed");
    }

    [Fact]
    public async Task SomeoneElseGetsTheInvitedUserProcess()
    {
        await _bot.Flow(_bot.NewUser())
            .Send("I need an eCommons account").AssertReply(_ => { }).AssertReply(r => Assert.Equal(RegistrationTexts.AskKind, Text(r)))
            .Send("someone else").AssertReply(RegistrationTexts.InvitedUserPath)
            .StartTestAsync();
        Assert.Contains("sponsor", RegistrationTexts.InvitedUserPath, StringComparison.Ordinal);
        Assert.Contains("guest key", RegistrationTexts.InvitedUserPath, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HarvardPeopleNotInTheSystemGetTheInvitedUserProcess()
    {
        await StartAsync(_bot.NewUser(), RegistrationTexts.KindHarvard)
            .Send("Newcomer").AssertReply(_ => { })
            .Send("70009999").AssertReply(RegistrationTexts.SameWords).AssertReply(_ => { })
            .Send("continue").AssertReply(RegistrationTexts.InvitedUserPath)
            .StartTestAsync();
    }

    [Fact]
    public async Task AnAffiliateNotInTheSystemLeavesTheirAffiliateEmailForTheServiceDesk()
    {
        await StartAsync(_bot.NewUser(), RegistrationTexts.KindAffiliate)
            .Send("Rivera").AssertReply(_ => { })
            .Send("03/02/1990").AssertReply(RegistrationTexts.SameWords).AssertReply(_ => { })
            .Send("I'm not in the system").AssertReply(RegistrationTexts.AskAffiliateEmail)
            .Send("not an address").AssertReply(RegistrationTexts.AffiliateEmailRetry)
            .Send("l.rivera@brighamhospital.example").AssertReply(RegistrationTexts.RequestRecorded("l.rivera@brighamhospital.example"))
            .StartTestAsync();

        var requests = await _bot.Services.GetRequiredService<IRegistrationRequests>().ReadAsync();
        var request = Assert.Single(requests);
        Assert.Equal(("Rivera", "l.rivera@brighamhospital.example"), (request.FamilyName, request.AffiliateEmail));
        Assert.Contains(await _bot.Audit.ReadAsync(limit: 1000), e => e is { Action: "registration.requested", Outcome: "success" } && e.Detail!.Contains("l•••@brighamhospital.example", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("123-45-6789")]
    [InlineData("my social security number is 123 45 6789")]
    [InlineData("can I use my SS# instead?")]
    public async Task ASocialSecurityNumberIsNeverTakenAndThePersonIsSentToTheServiceDesk(string said)
    {
        var replies = new List<string>();
        await StartAsync(_bot.NewUser(), RegistrationTexts.KindAffiliate)
            .Send("Garcia").AssertReply(RegistrationTexts.AskDateOfBirth)
            .Send(said).AssertReply(r => replies.Add(AllText(r))).AssertReply(r => replies.Add(AllText(r)))
            .StartTestAsync();

        Assert.Contains(RegistrationTexts.SocialSecurityNumber, replies[0], StringComparison.Ordinal);
        Assert.Contains("617-432-2000", replies[0], StringComparison.Ordinal);
        // Then a person is asked for, with the reason; what the desk gets never holds the number (H2).
        Assert.Contains("asked a person at the HMS IT Service Desk", replies[1], StringComparison.Ordinal);
        var escalation = Assert.Single(await _bot.Services.GetRequiredService<IEscalationStore>().ListOpenAsync());
        Assert.Equal(EscalationReason.NeedsSsn, escalation.Reason);
        Assert.Equal(Intents.ECommonsRegister, escalation.Intent);
        Assert.DoesNotContain(escalation.Transcript, l => l.Text.Contains("6789", StringComparison.Ordinal));
        Assert.DoesNotContain(replies, r => r.Contains("6789", StringComparison.Ordinal));
        Assert.DoesNotContain(await _bot.Audit.ReadAsync(limit: 1000), e => $"{e.Detail}".Contains("6789", StringComparison.Ordinal));
        Assert.Contains(await _bot.Audit.ReadAsync(limit: 1000), e => e is { Action: "registration.attempt", Outcome: "ssn-refused" });
    }

    [Fact]
    public async Task AskingToUseASocialSecurityNumberFromTheStartGoesToTheServiceDesk()
    {
        await _bot.Flow(_bot.NewUser())
            .Send("I need to use my SS# to register").AssertReply(RegistrationTexts.SocialSecurityNumber).AssertReply(_ => { })
            .StartTestAsync();
    }

    [Fact]
    public async Task LookupsAreThrottledPerConversation()
    {
        var user = _bot.NewUser();
        for (var i = 0; i < ECommonsRegistrationDialog.MaxLookupsPerConversation; i++)
        {
            await StartAsync(user, RegistrationTexts.KindHarvard)
                .Send("Okafor").AssertReply(_ => { })
                .Send($"7000{i:D4}").AssertReply(RegistrationTexts.SameWords).AssertReply(SafeCodeDialogTexts.ChooseChannel)
                .Send("cancel").AssertReply(FlowTexts.Cancelled)
                .StartTestAsync();
        }

        // The right details now get no look-up at all.
        await StartAsync(user, RegistrationTexts.KindHarvard)
            .Send("Okafor").AssertReply(_ => { })
            .Send("70000007").AssertReply(RegistrationTexts.Throttled)
            .StartTestAsync();
        Assert.Contains(await _bot.Audit.ReadAsync(limit: 1000), e => e is { Action: "registration.attempt", Outcome: "throttled" });

        // Another conversation is not affected.
        await StartAsync(_bot.NewUser(), RegistrationTexts.KindHarvard)
            .Send("Okafor").AssertReply(_ => { })
            .Send("70000007").AssertReply(RegistrationTexts.SameWords)
            .StartTestAsync();
    }

    [Fact]
    public async Task BadAnswersGetClearRetries()
    {
        await StartAsync(_bot.NewUser(), RegistrationTexts.KindHarvard)
            .Send("0k4f0r!").AssertReply(RegistrationTexts.LastNameRetry)
            .Send("Okafor").AssertReply(RegistrationTexts.AskHuid)
            .Send("7000").AssertReply(RegistrationTexts.HuidRetry)
            .StartTestAsync();
        await StartAsync(_bot.NewUser(), RegistrationTexts.KindAffiliate)
            .Send("Garcia").AssertReply(RegistrationTexts.AskDateOfBirth)
            .Send("13/45/1985").AssertReply(RegistrationTexts.DateOfBirthRetry)
            .StartTestAsync();
    }

    [Fact]
    public async Task TheFirstAnswerIsHowToRegisterOnTheWebsite()
    {
        await _bot.Flow(_bot.NewUser())
            .Send("how do I register for eCommons?").AssertReply(r => Assert.Equal("Registering for eCommons or MyCourses", CardTitle(r)))
            .AssertReply(r => Assert.Equal(RegistrationTexts.AskKind, Text(r)))
            .StartTestAsync();
    }

    /// <summary>Asks to register and picks <paramref name="kind"/>; the next reply (the last-name question) is asserted.</summary>
    private TestFlow StartAsync(TestAdapter user, string kind) =>
        _bot.Flow(user).Send("I want to register for eCommons")
            .AssertReply(r =>
            {
                Assert.Equal("Registering for eCommons or MyCourses", CardTitle(r));
                _cards.Add(CardOf(r));
            })
            .AssertReply(r => Assert.Equal(RegistrationTexts.AskKind, Text(r)))
            .Send(kind).AssertReply(RegistrationTexts.AskLastName);

    private Uri ResetLinkIn(IActivity reply)
    {
        Assert.Equal("Set your new password", CardTitle(reply));
        _cards.Add(CardOf(reply));
        var card = (JObject)((Activity)reply).Attachments[0].Content;
        return new Uri((string)card["actions"]![0]!["url"]!);
    }

    private static System.Text.Json.Nodes.JsonNode CardOf(IActivity reply) =>
        System.Text.Json.Nodes.JsonNode.Parse(((JObject)((Activity)reply).Attachments[0].Content).ToString())!;

    public void Dispose() => _bot.Dispose();
}
