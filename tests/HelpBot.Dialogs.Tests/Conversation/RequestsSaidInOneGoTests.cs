using HelpBot.Dialogs.Accounts;
using HelpBot.Dialogs.Conversation;
using HelpBot.Dialogs.Handoff;
using HelpBot.Dialogs.SafeCode;
using HelpBot.Dialogs.SmallTalk;

namespace HelpBot.Dialogs.Tests.Conversation;

/// <summary>
/// Issue 13: a request said in one go, with its details — the username and the way to send the code among other words,
/// a request restated with another account, a cross word beside a request — and follow-ups that point back at the last
/// answer. Written from how people put things, not from any conversation set or the recognizer's data.
/// </summary>
public sealed class RequestsSaidInOneGoTests : IDisposable
{
    private readonly BotHarness _bot = new();

    public void Dispose() => _bot.Dispose();

    [Theory]
    [InlineData("unlock me please, and later I want to change the email address on file. text me the code", SafeCodeDialog.TextValue)]
    [InlineData("forgot my password. email is fine", SafeCodeDialog.EmailValue)]
    [InlineData("locked out, a text works", SafeCodeDialog.TextValue)]
    [InlineData("please send the code to my mobile", SafeCodeDialog.TextValue)]
    [InlineData("can you send it by email", SafeCodeDialog.EmailValue)]
    [InlineData("text me or email me, I don't care", null)]
    [InlineData("the email address in my profile is wrong", null)]
    public void TheWayToSendTheCodeIsFoundAmongOtherWords(string said, string? channel) =>
        Assert.Equal(channel, SafeCodeDialog.ChannelIn(said));

    [Theory]
    [InlineData("hello, my password stopped working. I'm pdoe. please help", "pdoe")]
    [InlineData("can't sign in, mlee, email me", "mlee")]
    [InlineData("typo, it's akumar. send a text", "akumar")]
    [InlineData("not that one, mine is tnguyen and I only need an unlock", "tnguyen")]
    [InlineData("I'm confused. my account is locked", null)]
    [InlineData("locked out, again, text me", null)]
    [InlineData("hey, locked out, thanks", null)]
    [InlineData("I'm exhausted, locked out on monday", null)]
    public void TheUsernameIsFoundWhereAPersonPutsIt(string said, string? username) =>
        Assert.Equal(username, IdentifierText.InRequest(said));

    [Fact]
    public async Task ACorrectedUsernameKeepsTheWayToSendTheCodeSaidWithIt()
    {
        var user = _bot.NewUser();
        Assert.Contains(SafeCodeDialogTexts.ChooseChannel, await _bot.SayAsync(user, "I'm locked out, username jsmiht"), StringComparison.Ordinal);
        var reply = await _bot.SayAsync(user, "whoops, it's jsmith. text me please");
        Assert.Contains("texted", reply, StringComparison.Ordinal);
        var code = await _bot.SafeCodeSentToAsync("+16175550101");
        Assert.Contains("Your account is unlocked", await _bot.SayAsync(user, code), StringComparison.Ordinal);
        Assert.False((await _bot.Directory.FindAsync("jsmith", CancellationToken.None))!.IsLocked);
    }

    [Fact]
    public async Task ARequestRestatedWithAnotherAccountBeforeTheCodeReplacesTheFirstWithoutAsking()
    {
        var user = _bot.NewUser();
        Assert.Contains(SafeCodeDialogTexts.ChooseChannel, await _bot.SayAsync(user, "I need a password reset, username akumar"), StringComparison.Ordinal);
        var reply = await _bot.SayAsync(user, "my mistake, that was a coworker's. mine is jsmith and I am locked out, text me");
        Assert.DoesNotContain("Shall I stop what we're doing", reply, StringComparison.Ordinal);
        var code = await _bot.SafeCodeSentToAsync("+16175550101");
        Assert.Contains("Your account is unlocked", await _bot.SayAsync(user, code), StringComparison.Ordinal);
        Assert.False((await _bot.Directory.FindAsync("jsmith", CancellationToken.None))!.IsLocked);
    }

    [Theory]
    [InlineData("this bot is so pointless", SmallTalkKind.Frustrated)]
    [InlineData("honestly you're useless", SmallTalkKind.Frustrated)]
    [InlineData("argh locked out of ecommons again, email me the code", null)]
    [InlineData("alright, I'll check with my manager, thank you", SmallTalkKind.Thanks)]
    [InlineData("thanks, will try that tomorrow", SmallTalkKind.Thanks)]
    [InlineData("ok I'll need a new password thanks", null)]
    public void CrossWordsAndThanksWithAPlanAreToldFromRequests(string said, SmallTalkKind? kind) =>
        Assert.Equal(kind, HelpBot.Dialogs.SmallTalk.SmallTalk.Classify(said));

    [Fact]
    public async Task ACrossWordBesideARequestStillStartsIt()
    {
        var user = _bot.NewUser();
        var reply = await _bot.SayAsync(user, "argh, can't get into ecommons, it's locked again. username jsmith, email me the code");
        Assert.Contains("emailed", reply, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ADepartmentalAccountIsHandedOverWithTheDeskNumberToCall()
    {
        var reply = await _bot.SayAsync(_bot.NewUser(), "the shared radiology mailbox we use in our office got locked, please unlock it");
        Assert.Contains(HandoffTexts.DepartmentalHandoff, reply, StringComparison.Ordinal);
        Assert.Contains("617-432-2000", HandoffTexts.DepartmentalHandoff, StringComparison.Ordinal);
        Assert.True((await _bot.Directory.FindAsync("radiology", CancellationToken.None))!.IsLocked);
    }

    [Fact]
    public async Task AWhereQuestionAtAChoiceIsAnsweredEvenWhenItSharesAButtonsWords()
    {
        var user = _bot.NewUser();
        await _bot.SayAsync(user, "I need to register for an eCommons account");
        var reply = await _bot.SayAsync(user, "how do I find out what my harvard id is?");
        Assert.Contains(ConversationTexts.WhereToFindHuid, reply, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("my account shows as locked, and to be honest I forgot the password as well", 2)]
    [InlineData("it won't let me sign in, and tbh I need the harvard id number too", 2)]
    [InlineData("locked out, and then what happens?", 1)]
    [InlineData("send a text, and thank you", 1)]
    public void ASecondNeedAfterCommaAndIsItsOwnClause(string said, int needs) =>
        Assert.Equal(needs, ConversationCues.Needs(said).Count);

    [Fact]
    public async Task LockedAndForgottenInOneSentenceGetsTheUnlockThenTheResetWithOneCode()
    {
        var user = _bot.NewUser();
        await _bot.SayAsync(user, "my account shows as locked, and to be honest I forgot the password as well. username jsmith, text me");
        var code = await _bot.SafeCodeSentToAsync("+16175550101");
        var reply = await _bot.SayAsync(user, code);
        Assert.Contains("Your account is unlocked", reply, StringComparison.Ordinal);
        Assert.Contains("Set your new password", reply, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ecommons keeps saying my password is incorrect", true)]
    [InlineData("it says wrong password when I sign in", true)]
    [InlineData("the site won't accept my password", true)]
    [InlineData("I typed the wrong password too often and now I'm locked out", false)]
    [InlineData("my password expired", false)]
    public void ARefusedPasswordIsRecognised(string said, bool refused) =>
        Assert.Equal(refused, ConversationCues.SaysThePasswordIsRejected(said));

    [Fact]
    public async Task APasswordThatIsRefusedStartsAResetForTheNamedAccount()
    {
        var reply = await _bot.SayAsync(_bot.NewUser(), "ecommons keeps telling me my password is invalid, username rbrown");
        Assert.Contains(SafeCodeDialogTexts.ChooseChannel, reply, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AGuestKeyFollowUpIsAnsweredNotStartedAsAFlow()
    {
        var user = _bot.NewUser("anita", "msteams", "0b6f1c2e-4a11-4d1e-9c01-000000000003");
        await _bot.SayAsync(user, "a collaborator from another university needs HMS network access for a while, how do I arrange it?");
        var reply = await _bot.SayAsync(user, "will I receive anything I should pass on to her?");
        Assert.Contains("The Guest Key goes to you, the sponsor", reply, StringComparison.Ordinal);
        Assert.DoesNotContain(SafeCodeDialogTexts.ChooseChannel, reply, StringComparison.Ordinal);
        Assert.Empty(_bot.Outbox());
    }

    [Fact]
    public async Task InTeamsWhoToAskAboutTheHarvardIdMidFlowUsesTheirOwnSchoolAndRole()
    {
        // tnguyen is an HMS student: Teams proves it's him, so his record says which office is his.
        var user = _bot.NewUser("thomas", "msteams", "0b6f1c2e-4a11-4d1e-9c01-000000000004");
        await _bot.SayAsync(user, "I need to look up my HUID");
        var reply = await _bot.SayAsync(user, "hmm, who should I contact if the number printed on my badge seems wrong?");
        Assert.Contains("registrar@hms.harvard.edu", reply, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("didn't catch that", reply, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnUnlockThatNamesWhatKeepsAskingForThePasswordSaysSoFirst()
    {
        var user = _bot.NewUser();
        var reply = await _bot.SayAsync(user, "ever since friday my iphone keeps prompting me to sign in, and now ecommons says my account is locked");
        Assert.Contains("your iPhone still trying an old password", reply, StringComparison.Ordinal);
        Assert.Contains(AccountTexts.AskIdentifier, reply, StringComparison.Ordinal);
        // The way to send the code, said with the username, counts too.
        Assert.Contains("texted", await _bot.SayAsync(user, "it's jsmith, send me a text"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("I'd rather do this myself through the website", true)]
    [InlineData("i would prefer to do it on my own", true)]
    [InlineData("I'd rather you do it", false)]
    public void DoingItOnTheWebsiteIsRecognised(string said, bool website) =>
        Assert.Equal(website, ConversationCues.PrefersTheWebsite(said));

    [Fact]
    public async Task HowTheGuestUsesTheKeyGetsTheRegistrationStepsNotWhoReceivesIt()
    {
        var user = _bot.NewUser();
        await _bot.SayAsync(user, "how can I sponsor a guest?");
        var reply = await _bot.SayAsync(user, "when the key is sent to me, what does my visitor do with it");
        Assert.Contains("Register Now", reply, StringComparison.Ordinal);
        Assert.DoesNotContain("The Guest Key goes to you", reply, StringComparison.Ordinal);
    }

    [Fact]
    public async Task InTeamsAChannelCorrectedWithTheWordWrongIsNotTakenForAHarvardIdQuestion()
    {
        var user = _bot.NewUser("jane", "msteams", "0b6f1c2e-4a11-4d1e-9c01-000000000001");
        await _bot.SayAsync(user, "please reset my password");
        await _bot.SayAsync(user, "text it to me");
        var reply = await _bot.SayAsync(user, "no wait, wrong one, use my e-mail instead");
        Assert.DoesNotContain("Human Resources", reply, StringComparison.Ordinal);
        Assert.True(reply.Contains("example.org", StringComparison.Ordinal), reply);
    }

    [Fact]
    public async Task HowToDoWhatTheLastAnswerSuggestedStartsIt()
    {
        // mlee is not locked and his password expires in 3 days: the answer suggests changing it.
        var user = _bot.NewUser("michael", "msteams", "0b6f1c2e-4a11-4d1e-9c01-000000000002");
        await _bot.SayAsync(user, "is my account locked?");
        var reply = await _bot.SayAsync(user, "alright, how can I do that");
        Assert.DoesNotContain("didn't understand", reply, StringComparison.Ordinal);
        Assert.Contains(SafeCodeDialogTexts.ChooseChannel, reply, StringComparison.Ordinal);
    }
}
