using HelpBot.Dialogs.Accounts;
using HelpBot.Dialogs.Conversation;
using HelpBot.Dialogs.GuestKeys;
using HelpBot.Dialogs.Registration;
using HelpBot.Dialogs.SafeCode;
using HelpBot.Dialogs.SmallTalk;

namespace HelpBot.Dialogs.Tests.Conversation;

/// <summary>
/// Issue 13, as a user notices it: what was said once is not asked for again (a username as a sentence of its own, a
/// username said beside a pasted password, registration details typed together), "how do I do it on the website?" gets
/// the site's steps, "start over, wrong thing" goes back to the beginning, "e-mail is fine" after a text sends it by
/// e-mail, and follow-ups about devices, the desk's hours and a sponsor's part are answered. Written from how people put
/// things, not from any conversation set.
/// </summary>
public sealed class SaidOnceUnderstoodTests : IDisposable
{
    private readonly BotHarness _bot = new();

    public void Dispose() => _bot.Dispose();

    [Theory]
    [InlineData("forgot my password. jsmith. text me the code", "jsmith")]
    [InlineData("im locked out. rbrown. email me the code", "rbrown")]
    [InlineData("my account jsmith is locked", "jsmith")]
    [InlineData("my ecommons account mlee keeps locking", "mlee")]
    [InlineData("my account keeps locking", null)]
    [InlineData("my account is locked. text me", null)]
    [InlineData("locked out. nope. text me", null)]
    [InlineData("forgot my password. again. text me the code", null)]
    public void AUsernameIsFoundAsASentenceOfItsOwnOrAfterTheWordAccount(string said, string? username) =>
        Assert.Equal(username, IdentifierText.InRequest(said));

    [Fact]
    public async Task AUsernameSaidBesideAPastedPasswordIsNotAskedForAgain()
    {
        var user = _bot.NewUser();
        var warned = await _bot.SayAsync(user, "username jsmith password Sunfl0wer!22 why wont it let me in");
        Assert.DoesNotContain("Sunfl0wer", warned, StringComparison.Ordinal);
        Assert.Contains("never type your password", warned, StringComparison.OrdinalIgnoreCase);

        var unlocking = await _bot.SayAsync(user, "oh oops. ok just text me a code to unlock it");

        Assert.DoesNotContain(AccountTexts.AskIdentifier, unlocking, StringComparison.Ordinal);
        Assert.Contains("texted", unlocking, StringComparison.Ordinal);
        var code = await _bot.SafeCodeSentToAsync("+16175550101");
        Assert.Contains("Your account is unlocked", await _bot.SayAsync(user, code), StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartingOverBecauseItWasTheWrongTaskAsksWhatTheyNeedInstead()
    {
        var user = _bot.NewUser();
        await _bot.SayAsync(user, "need to reset my password, username jsmith");

        var restarted = await _bot.SayAsync(user, "actually start over, wrong thing");

        Assert.Contains("What do you need help with?", restarted, StringComparison.Ordinal);
        Assert.DoesNotContain(AccountTexts.AskIdentifier, restarted, StringComparison.Ordinal);
        Assert.Contains("texted", await _bot.SayAsync(user, "im locked out. jsmith. text me the code"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ok email is fine", SafeCodeDialog.EmailValue)]
    [InlineData("a text works", SafeCodeDialog.TextValue)]
    [InlineData("hmm nothing came through on my phone, been like 5 min", SafeCodeDialog.TextValue)]
    [InlineData("send it to my personal email instead", SafeCodeDialog.EmailValue)]
    public void SayingTheOtherWayIsFineAtTheCodeQuestionSendsItThatWay(string said, string channel) =>
        Assert.Equal(channel, SafeCodeDialog.AsResend(said));

    [Fact]
    public async Task AskingHowToResetOnTheWebsiteGetsTheSiteStepsAndNoCode()
    {
        var user = _bot.NewUser();
        var reply = await _bot.SayAsync(user, "how do i reset my ecommons password myself on the website? i'd rather not do it in a chat");

        Assert.Contains("I forgot my password", reply, StringComparison.Ordinal);
        Assert.DoesNotContain(SafeCodeDialogTexts.ChooseChannel, reply, StringComparison.Ordinal);
        Assert.DoesNotContain(AccountTexts.AskIdentifier, reply, StringComparison.Ordinal);
        Assert.Contains("SafeCode", await _bot.SayAsync(user, "do i need my phone for that?"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AskingWhereToChangeItOnTheSiteGetsPreferencesAndSecurity()
    {
        var reply = await _bot.SayAsync(_bot.NewUser(), "I know my current password, I just want to change it. where do I do that on the ecommons site?");

        Assert.Contains("Preferences, then Security", reply, StringComparison.Ordinal);
        Assert.DoesNotContain(AccountTexts.AskIdentifier, reply, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("just reset my password. what other stuff do i need to put the new one into? outlook? vpn?")]
    [InlineData("why does it keep happening though??")]
    public async Task AskingWhatElseNeedsTheNewPasswordGetsTheListWithoutAFlow(string said)
    {
        var reply = await _bot.SayAsync(_bot.NewUser(), said);

        Assert.Contains("HMS VPN", reply, StringComparison.Ordinal);
        Assert.DoesNotContain(AccountTexts.AskIdentifier, reply, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SayingThePasswordChangedAndTheAccountKeepsLockingWithAUsernameStartsTheUnlock()
    {
        var reply = await _bot.SayAsync(_bot.NewUser(), "I changed my password on Monday and since then my account keeps locking. username is jsmith");

        Assert.Contains("HMS VPN", reply, StringComparison.Ordinal);
        Assert.Contains(SafeCodeDialogTexts.ChooseChannel, reply, StringComparison.Ordinal);
    }

    [Fact]
    public void CallingHelpBotKindOfUselessIsAComplaintNotAFallback() =>
        Assert.Equal(SmallTalkKind.Frustrated, HelpBot.Dialogs.SmallTalk.SmallTalk.Classify("ok. you're kind of useless tbh"));

    [Fact]
    public async Task ALastNameAndHarvardIdTypedTogetherAreBothTaken()
    {
        var user = _bot.NewUser();
        await _bot.SayAsync(user, "started at hms last week and i dont have an ecommons account yet. how do i get one");

        var reply = await _bot.SayAsync(user, "my last name is Okafor and my harvard id is 70000007");

        Assert.Contains("hasn't registered for eCommons yet", reply, StringComparison.Ordinal);
        Assert.DoesNotContain(RegistrationTexts.AskLastName, reply, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("last name okafor, harvard id 70000007", "okafor")]
    [InlineData("my last name is García", "García")]
    [InlineData("surname: Lee", "Lee")]
    [InlineData("my last name is", null)]
    public void ALastNameIsFoundWhereItIsMarkedAsOne(string said, string? lastName) =>
        Assert.Equal(lastName, ECommonsRegistrationDialog.LastNameIn(said));

    [Fact]
    public async Task AskingForTheHarvardIdAsAnHsphStudentNamesTheRegistrar()
    {
        var reply = await _bot.SayAsync(_bot.NewUser(), "whats my harvard id #? i'm a student at the school of public health");

        Assert.Contains("617-432-1032", reply, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AskingWhetherTheDeskIsOpenOnWeekendsIsAnswered()
    {
        var user = _bot.NewUser();
        await _bot.SayAsync(user, "whats the phone number for IT support");

        var reply = await _bot.SayAsync(user, "are they open on weekends?");

        Assert.Contains("617-432-2000", reply, StringComparison.Ordinal);
        Assert.DoesNotContain(MainTexts.DidNotUnderstand, reply, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SponsoringAGuestSaysItIsTheInvitedUserRequestForm()
    {
        var reply = await _bot.SayAsync(_bot.NewUser(), "I need to sponsor a guest key for a collaborator from Oxford");

        Assert.Contains(GuestKeyTexts.SponsorIntro, reply, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("my PI is on-quad faculty, what does she have to do?", true)]
    [InlineData("what does my sponsor need to fill out?", true)]
    [InlineData("and what does she do with it once she has it", false)]
    public void WhatTheSponsorMustDoIsToldApartFromWhatTheGuestDoes(string said, bool sponsor) =>
        Assert.Equal(sponsor, ConversationCues.AsksWhatTheSponsorDoes(said));

    [Fact]
    public async Task UpdatingTheEmailAndReachingHrInOneMessageGetsBoth()
    {
        var reply = await _bot.SayAsync(_bot.NewUser(), "hi so i got married and my name + email changed, where do i update the email and also how do i reach HR? (hms staff)");

        Assert.Contains("human_resources@hms.harvard.edu", reply, StringComparison.Ordinal);
        Assert.Contains("Preferences", reply, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SomeoneFromAnotherHarvardSchoolIsToldAboutTheInvitedUserProcessAndWhoFillsItIn()
    {
        var user = _bot.NewUser();
        var reply = await _bot.SayAsync(user, "i'm a grad student at FAS (not HMS) and need access to ecommons for a class at the med school");
        Assert.Contains("Invited User Process", reply, StringComparison.Ordinal);

        Assert.Contains("The sponsor", await _bot.SayAsync(user, "who fills that out, me?"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AGuestAskingWhetherMoreThanTheKeyIsNeededHearsNo()
    {
        var user = _bot.NewUser();
        await _bot.SayAsync(user, "hi, my host at HMS gave me a guest key. what do i do with it??");

        var reply = await _bot.SayAsync(user, "do i need to enter my date of birth or anything else?");

        Assert.Contains(ConversationTexts.GuestKeyIsEnough, reply, StringComparison.Ordinal);
    }
}
