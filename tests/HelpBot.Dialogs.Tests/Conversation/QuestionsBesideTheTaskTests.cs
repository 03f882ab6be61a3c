using HelpBot.Dialogs.Conversation;
using HelpBot.Dialogs.SafeCode;
using HelpBot.Dialogs.SmallTalk;

namespace HelpBot.Dialogs.Tests.Conversation;

/// <summary>
/// Issue 13 (held-out sets 1 and 4): questions asked beside a task get their own answer. What a SafeCode is, asked at
/// the code question, is what it is and why (not where to find it); "can I do it on the site instead?" gets the site's
/// steps; "next time can I do this myself on the website?" after a task is about that task; "what about staff?" during
/// a Harvard ID look-up names that office; "what's a guest key?" is what one is; "what goes in step 2?" is where each
/// detail goes; "it says I'm not found" while registering is the seed's "click Continue"; "thanks, bye" at a yes-or-no
/// question is a goodbye; someone verified who isn't locked hears their password is about to expire; "how long until my
/// password expires?" is not a typed password. Own wordings.
/// </summary>
public sealed class QuestionsBesideTheTaskTests : IDisposable
{
    private const string MichaelInTeams = "0b6f1c2e-4a11-4d1e-9c01-000000000002"; // mlee: password expires in 3 days
    private const string ThomasInTeams = "0b6f1c2e-4a11-4d1e-9c01-000000000004"; // tnguyen, HMS student

    private readonly BotHarness _bot = new();

    public void Dispose() => _bot.Dispose();

    [Theory]
    [InlineData("hang on, what's a safecode anyway?")]
    [InlineData("what is this safe code thing")]
    [InlineData("what does SafeCode mean?")]
    public void AskingWhatASafeCodeIs(string said) => Assert.True(ConversationCues.AsksWhatSafeCodeIs(said), said);

    [Theory]
    [InlineData("what's the safecode you sent me?")]
    [InlineData("where is my safecode")]
    public void NotAskingWhatASafeCodeIs(string said) => Assert.False(ConversationCues.AsksWhatSafeCodeIs(said), said);

    [Theory]
    [InlineData("what goes in step 2?")]
    [InlineData("what should i type for step 3")]
    public void AskingWhatGoesInAStep(string said) => Assert.True(ConversationCues.AsksWhichStep(said), said);

    [Theory]
    [InlineData("how long until my password expires?", false)]
    [InlineData("why did my password change?", false)]
    [InlineData("user jsmith password Pebble?42", true)]
    [InlineData("password Quartzite!", true)]
    public void AQuestionEndingAfterPasswordIsNotATypedPassword(string said, bool typed) =>
        Assert.Equal(typed, HelpBot.Dialogs.Messaging.TranscriptRedaction.HasTypedPassword(said));

    [Fact]
    public async Task WhatASafeCodeIsAtTheCodeQuestionIsExplainedAndTheCodeStillWorks()
    {
        var user = _bot.NewUser();
        await _bot.SayAsync(user, "my account's locked, username jsmith");
        await _bot.SayAsync(user, "by text");
        var code = await _bot.SafeCodeSentToAsync("+16175550101");

        var reply = await _bot.SayAsync(user, "hang on, what's a safecode anyway? could this be phishing?");

        Assert.Contains("single-use", reply, StringComparison.Ordinal);
        Assert.Contains(ConversationTexts.BackToIt, reply, StringComparison.Ordinal);
        await _bot.SayAsync(user, code);
        Assert.False((await _bot.Directory.FindAsync("jsmith", CancellationToken.None))!.IsLocked);
    }

    [Fact]
    public async Task DoingItOnTheSiteNextTimeAfterAnUnlockGetsTheSiteSteps()
    {
        var user = _bot.NewUser();
        await _bot.SayAsync(user, "my account's locked, username jsmith");
        await _bot.SayAsync(user, "by text");
        await _bot.SayAsync(user, await _bot.SafeCodeSentToAsync("+16175550101"));

        var reply = await _bot.SayAsync(user, "could I do that myself on the website next time?");

        Assert.Contains("Unlock Account", reply, StringComparison.Ordinal);
        Assert.DoesNotContain("What is SafeCode?", reply, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ChangingItOnAnotherSiteInsteadGetsTheSiteStepsNotACode()
    {
        var user = _bot.NewUser("thomas", "msteams", ThomasInTeams);
        Assert.Contains("Preferences", await _bot.SayAsync(user, "how can I update my email address in ecommons?"), StringComparison.Ordinal);

        var reply = await _bot.SayAsync(user, "could I change it on the whitepages website instead?");

        Assert.Contains("whitepages.med.harvard.edu", reply, StringComparison.Ordinal);
        Assert.DoesNotContain(SafeCodeDialogTexts.ChooseChannel, reply, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WhatAboutStaffDuringAHarvardIdLookUpNamesTheirOffice()
    {
        var user = _bot.NewUser();
        await _bot.SayAsync(user, "I'm an HSPH student, what's my harvard id?");

        var reply = await _bot.SayAsync(user, "what about staff there?");

        Assert.Contains("617-432-1045", reply, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WhatAGuestKeyIsGetsWhatItIsFor()
    {
        var reply = await _bot.SayAsync(_bot.NewUser(), "what exactly is a guest key?");

        Assert.Contains("consultant", reply, StringComparison.Ordinal);
        Assert.Contains("on-quad faculty", reply, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WhatGoesInAStepWhileRegisteringSaysWhereEachDetailGoes()
    {
        var user = _bot.NewUser();
        await _bot.SayAsync(user, "I just joined HMS as staff, how do I sign up for ecommons?");

        var reply = await _bot.SayAsync(user, "what goes in step 2?");

        Assert.Contains("STEP 2 is your Harvard ID", reply, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NotFoundWhileRegisteringAsAnAffiliateAsksForTheAffiliateEmail()
    {
        var user = _bot.NewUser();
        await _bot.SayAsync(user, "I work at the Brigham with no harvard appointment, how do I get an ecommons account?");

        var reply = await _bot.SayAsync(user, "tried it on the site already, it keeps saying user not found");

        Assert.Contains("affiliate email", reply, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ThanksByeAtAYesOrNoQuestionIsAGoodbye()
    {
        var user = _bot.NewUser("michael", "msteams", MichaelInTeams);
        Assert.Contains("3 days", await _bot.SayAsync(user, "how long until my password expires?"), StringComparison.Ordinal);

        var reply = await _bot.SayAsync(user, "great, thanks, bye!");

        Assert.Contains(SmallTalkTexts.Goodbye, reply, StringComparison.Ordinal);
        Assert.DoesNotContain("didn't catch", reply, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SomeoneVerifiedWhoIsNotLockedHearsTheirPasswordExpiresSoon()
    {
        var user = _bot.NewUser();
        await _bot.SayAsync(user, "can't get in, I think I'm locked out. my username is mlee");
        await _bot.SayAsync(user, "by text");

        var reply = await _bot.SayAsync(user, await _bot.SafeCodeSentToAsync("+16175550102"));

        Assert.Contains("isn't locked", reply, StringComparison.Ordinal);
        Assert.Contains("expires", reply, StringComparison.Ordinal);
        Assert.Contains("Change my password", reply, StringComparison.Ordinal);
    }
}
