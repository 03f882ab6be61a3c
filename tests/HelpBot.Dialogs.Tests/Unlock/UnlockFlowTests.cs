using HelpBot.Dialogs.Accounts;
using HelpBot.Dialogs.SafeCode;
using HelpBot.Dialogs.Unlock;
using Microsoft.Bot.Schema;
using Newtonsoft.Json.Linq;
using static HelpBot.Dialogs.Tests.BotHarness;

namespace HelpBot.Dialogs.Tests.Unlock;

public sealed class UnlockFlowTests : IDisposable
{
    private const string JaneTeamsId = "0b6f1c2e-4a11-4d1e-9c01-000000000001";
    private readonly BotHarness _bot = new();

    [Fact]
    public async Task ALockedUserUnlocksWithATextedSafeCodeAndGetsTheDeviceChecklist()
    {
        var user = _bot.NewUser();
        await _bot.Flow(user)
            .Send("I'm locked out of my account").AssertReply(AccountTexts.AskIdentifier)
            .Send("jsmith").AssertReply(reply => Assert.Equal(SafeCodeDialogTexts.ChooseChannel, Text(reply)))
            .Send(SafeCodeDialogTexts.TextChoice).AssertReply(SafeCodeDialogTexts.SentIfOnFile(Messaging.MessageChannel.Text))
            .StartTestAsync();

        var code = await _bot.SafeCodeSentToAsync("+16175550101");
        var before = _bot.Outbox().Count;
        await _bot.Flow(user)
            .Send(code).AssertReply(SafeCodeDialogTexts.Verified)
            .AssertReply(reply =>
            {
                Assert.Equal("Your account is unlocked", CardTitle(reply));
                Assert.Contains("HMS VPN", AllText(reply), StringComparison.Ordinal);
            })
            .StartTestAsync();

        Assert.False((await _bot.Directory.FindAsync("jsmith"))!.IsLocked);
        // R3: the phone and both e-mail addresses on file hear about it.
        await _bot.WaitForMessageAsync("jane.smith@example.org", before);
        await _bot.WaitForMessageAsync("jsmith@hms.harvard.edu", before);
        await _bot.WaitForMessageAsync("+16175550101", before);
        // C5: the unlock is audited.
        Assert.Contains(await _bot.Audit.ReadAsync("jsmith"), e => e.Action == "account.unlocked" && e.Outcome == "success");
    }

    [Fact]
    public async Task R9_ADepartmentalAccountIsNeverUnlockedBySelfService()
    {
        await _bot.Flow(_bot.NewUser())
            .Send("unlock my account please").AssertReply(AccountTexts.AskIdentifier)
            .Send("radiology").AssertReply(AccountTexts.Departmental)
            .StartTestAsync();

        Assert.True((await _bot.Directory.FindAsync("radiology"))!.IsLocked);
    }

    [Fact]
    public async Task R1_AnUnknownUsernameGetsExactlyTheSameWordsAsARealOne()
    {
        var known = new List<string>();
        var unknown = new List<string>();
        await _bot.Flow(_bot.NewUser("a"))
            .Send("I'm locked out of my account").AssertReply(r => known.Add(Text(r)))
            .Send("jsmith").AssertReply(r => known.Add(Text(r)))
            .Send("text").AssertReply(r => known.Add(Text(r)))
            .Send("000000").AssertReply(r => known.Add(Text(r))).AssertReply(r => known.Add(Text(r)))
            .StartTestAsync();
        await _bot.Flow(_bot.NewUser("b"))
            .Send("I'm locked out of my account").AssertReply(r => unknown.Add(Text(r)))
            .Send("no-such-person").AssertReply(r => unknown.Add(Text(r)))
            .Send("text").AssertReply(r => unknown.Add(Text(r)))
            .Send("000000").AssertReply(r => unknown.Add(Text(r))).AssertReply(r => unknown.Add(Text(r)))
            .StartTestAsync();

        Assert.Equal(known, unknown);
    }

    [Fact]
    public async Task R7_AForgedCardSubmitAtTheCodeStepUnlocksNothing()
    {
        var user = _bot.NewUser();
        await _bot.Flow(user)
            .Send("I'm locked out of my account").AssertReply(AccountTexts.AskIdentifier)
            .Send("jsmith").AssertReply(_ => { })
            .Send("text").AssertReply(_ => { })
            .Send(new Activity(ActivityTypes.Message) { Value = JObject.FromObject(new { action = "unlock", username = "jsmith", verified = true }) })
            .AssertReply(SafeCodeDialogTexts.CodeRetry)
            .StartTestAsync();

        Assert.True((await _bot.Directory.FindAsync("jsmith"))!.IsLocked);
    }

    [Fact]
    public async Task AWrongCodeSaysHowManyTriesAreLeftAndTheRightOneStillWorks()
    {
        var user = _bot.NewUser();
        await _bot.Flow(user)
            .Send("I'm locked out of my account").AssertReply(_ => { })
            .Send("jsmith").AssertReply(_ => { })
            .Send("email").AssertReply(_ => { })
            .StartTestAsync();
        var code = await _bot.SafeCodeSentToAsync("jane.smith@example.org");
        var wrong = code == "111111" ? "222222" : "111111";

        await _bot.Flow(user)
            .Send(wrong).AssertReply(SafeCodeDialogTexts.Wrong(4)).AssertReply(SafeCodeDialogTexts.TypeCodeOrResend)
            .Send("help").AssertReply(SafeCodeDialogTexts.CodeHelp()).AssertReply(SafeCodeDialogTexts.TypeCodeOrResend)
            .Send(code).AssertReply(SafeCodeDialogTexts.Verified).AssertReply(r => Assert.Equal("Your account is unlocked", CardTitle(r)))
            .StartTestAsync();
    }

    [Fact]
    public async Task InTeamsTheUserIsNotAskedForAUsernameAndSeesTheMaskedPhone()
    {
        var teams = _bot.NewUser("jane", "msteams", JaneTeamsId);
        await _bot.Flow(teams)
            .Send("my account is locked").AssertReply(reply =>
            {
                Assert.Equal(SafeCodeDialogTexts.ChooseChannel, Text(reply));
                Assert.Contains("Text •••• 0101", ((Activity)reply).SuggestedActions.Actions.Select(a => a.Title));
            })
            .Send("Text •••• 0101").AssertReply(SafeCodeDialogTexts.SentTo("•••• 0101"))
            .StartTestAsync();
        var code = await _bot.SafeCodeSentToAsync("+16175550101");

        await _bot.Flow(teams)
            .Send(code).AssertReply(SafeCodeDialogTexts.Verified).AssertReply(r => Assert.Equal("Your account is unlocked", CardTitle(r)))
            .StartTestAsync();
    }

    [Theory]
    [InlineData("channel")]
    [InlineData("groupChat")]
    public async Task InATeamsChannelOrGroupChatAccountHelpMovesToAOneToOneChat(string conversationType)
    {
        var teams = _bot.NewUser("jane", "msteams", JaneTeamsId);
        teams.Conversation.Conversation.ConversationType = conversationType;
        var sent = _bot.Outbox().Count;
        await _bot.Flow(teams)
            .Send("my account is locked").AssertReply(reply =>
            {
                Assert.Equal(AccountTexts.PrivateChatOnly, Text(reply));
                Assert.Null(((Activity)reply).SuggestedActions);
            })
            .StartTestAsync();
        Assert.Equal(sent, _bot.Outbox().Count);
        Assert.True((await _bot.Directory.FindAsync("jsmith"))!.IsLocked);
    }

    [Fact]
    public async Task AnAccountThatIsNotLockedIsToldSoAndOfferedAReset()
    {
        var user = _bot.NewUser();
        await _bot.Flow(user)
            .Send("I'm locked out of my account").AssertReply(_ => { })
            .Send("akumar").AssertReply(_ => { })
            .Send("text").AssertReply(_ => { })
            .StartTestAsync();
        var code = await _bot.SafeCodeSentToAsync("+16175550103");

        await _bot.Flow(user)
            .Send(code).AssertReply(SafeCodeDialogTexts.Verified).AssertReply(UnlockTexts.NotLocked)
            .StartTestAsync();
    }

    [Fact]
    public async Task CancelDuringTheFlowChangesNothing()
    {
        await _bot.Flow(_bot.NewUser())
            .Send("I'm locked out of my account").AssertReply(_ => { })
            .Send("jsmith").AssertReply(_ => { })
            .Send("cancel").AssertReply(FlowTexts.Cancelled)
            .StartTestAsync();

        Assert.True((await _bot.Directory.FindAsync("jsmith"))!.IsLocked);
    }

    public void Dispose() => _bot.Dispose();
}
