using HelpBot.Dialogs.Accounts;
using HelpBot.Dialogs.Conversation;
using HelpBot.Dialogs.Engine.Prompts;
using HelpBot.Dialogs.Messaging;
using HelpBot.Dialogs.SafeCode;
using Microsoft.Bot.Schema;
using Microsoft.Extensions.DependencyInjection;

namespace HelpBot.Dialogs.Tests.Conversation;

/// <summary>
/// Issue 13: the conversation around the flows — the Service Desk asked for directly, topics HelpBot doesn't handle,
/// "how do I …" questions, a request that already names the username and the channel, a correction ruled out in the
/// same sentence, a password typed into the chat, a hello when the welcome is already on screen, and a question in the
/// middle of a flow. Written from how people ask, not from the recognizer's data.
/// </summary>
public sealed class ConversationAroundTheFlowsTests : IDisposable
{
    private readonly BotHarness _bot = new();

    public void Dispose() => _bot.Dispose();

    [Theory]
    [InlineData("what's the number for the help desk", true)]
    [InlineData("how can I reach IT support?", true)]
    [InlineData("who do I call at HMS IT", true)]
    [InlineData("is there a human I can phone", true)]
    [InlineData("I was asked to ring IT about a form, what's their number", true)]
    [InlineData("could you email it to me instead", false)]
    [InlineData("I want to talk to someone at the service desk", false)]
    [InlineData("who do I contact about my Harvard ID", false)]
    public void TheServiceDeskItselfIsRecognised(string said, bool asksForTheDesk) =>
        Assert.Equal(asksForTheDesk, ConversationCues.AsksForTheServiceDesk(said));

    [Theory]
    [InlineData("send it to my phone or email, whichever", true)]
    [InlineData("either is fine", true)]
    [InlineData("whatever you have on file", true)]
    [InlineData("send it to my email", false)]
    public void LeavingTheChannelToHelpBotIsRecognised(string said, bool leaves) =>
        Assert.Equal(leaves, SafeCodeDialog.LeavesChannelToUs(said));

    // Issue 13, class 7: what to update afterwards, asked in people's words.
    [Theory]
    [InlineData("once that's done, anything else I have to change?", true)]
    [InlineData("where else do I need to enter the new one afterwards", true)]
    [InlineData("hmm my ipad probably still has the old one", true)]
    [InlineData("what else do you need from me", false)]
    [InlineData("anything else you can help with?", false)]
    public void WhatToUpdateAfterAChangeIsRecognised(string said, bool asked) =>
        Assert.Equal(asked, ConversationCues.AsksWhatToUpdate(said));

    // Issue 13, class 9: someone whose password expires soon and who already asked to change it is not asked again.
    [Theory]
    [InlineData("it expires on friday and I'd like to change it now", true)]
    [InlineData("got the expiry notice, can you change it for me", true)]
    [InlineData("expiring password, let's do it", true)]
    [InlineData("my password expires in 2 days, do I need to change it now?", false)]
    [InlineData("should I reset it today or wait", false)]
    [InlineData("my password is expiring soon", false)]
    public void AChangeAlreadyAskedForIsRecognised(string said, bool asked) =>
        Assert.Equal(asked, ConversationCues.WantsToChangeItNow(said));

    [Theory]
    [InlineData("the printer on floor 3 is jammed", "printing")]
    [InlineData("zoom keeps dropping my calls", "Zoom and video calls")]
    [InlineData("where can I see my grades", "grades and courses")]
    [InlineData("how do I get a parking permit", "parking")]
    [InlineData("I'm locked out of eCommons", null)]
    public void TopicsHelpBotDoesNotHandleAreNamed(string said, string? topic) =>
        Assert.Equal(topic, ConversationCues.OutOfScope(said)?.Name);

    [Theory]
    [InlineData("locked out of ecommons, username jsmith", "jsmith")]
    [InlineData("i'm locked out, it's jsmith", "jsmith")]
    [InlineData("my account is locked, the username is jsmith@hms.harvard.edu", "jsmith@hms.harvard.edu")]
    [InlineData("I can't login to ecommons", null)]
    [InlineData("I need my Harvard ID number", null)]
    [InlineData("i'm locked out and it's urgent", null)]
    public void ARequestThatNamesTheUsernameIsReadAsItsAnswer(string said, string? username) =>
        Assert.Equal(username, IdentifierText.InRequest(said));

    [Theory]
    [InlineData("locked out, can you text me a code", SafeCodeDialog.TextValue)]
    [InlineData("send a code to my personal email please", SafeCodeDialog.EmailValue)]
    [InlineData("use my other email for the code, not my phone", SafeCodeDialog.EmailValue)]
    [InlineData("I'm locked out", null)]
    [InlineData("forgot my password. I don't own a cell phone, only email", SafeCodeDialog.EmailValue)]
    [InlineData("reset please, I have no mobile", SafeCodeDialog.EmailValue)]
    [InlineData("locked out - I never check my personal e-mail so use my phone", SafeCodeDialog.TextValue)]
    [InlineData("what's the phone number for the help desk", null)]
    public void ARequestThatNamesTheChannelIsReadAsItsAnswer(string said, string? channel) =>
        Assert.Equal(channel, SafeCodeDialog.ChannelIn(said));

    [Fact]
    public void AChoiceRuledOutInTheSameSentenceDoesNotCount()
    {
        IList<Choice> choices = [Choice.Labelled("text", "My text-enabled phone", ["phone", "text"]), Choice.Labelled("email", "My alternate email", ["email"])];
        Assert.Equal("email", ChoicePrompt.Recognize("my email, not my phone", choices)?.Value);
        Assert.Equal("text", ChoicePrompt.Recognize("phone rather than email", choices)?.Value);
    }

    [Theory]
    [InlineData("my password is Sunflower#2024 and I'm locked out", true)]
    [InlineData("password: correct horse battery staple", true)]
    [InlineData("user jsmith password Sunflower#2024", true)]
    [InlineData("my password is expired", false)]
    [InlineData("password reset please", false)]
    [InlineData("the code is 123456", false)]
    public void APasswordTypedIntoTheChatIsNoticed(string said, bool typed) =>
        Assert.Equal(typed, TranscriptRedaction.HasTypedPassword(said));

    [Fact]
    public async Task AUsernameAndChannelInTheFirstMessageGoStraightToTheCode()
    {
        var user = _bot.NewUser();
        await _bot.Flow(user)
            .Send("I'm locked out, username jsmith, can you text me a code?")
            .AssertReply(SafeCodeDialogTexts.SentIfOnFile(MessageChannel.Text))
            .StartTestAsync();
        var code = await _bot.SafeCodeSentToAsync("+16175550101");
        await _bot.Flow(user).Send(code).AssertReply(SafeCodeDialogTexts.Verified).StartTestAsync();
        Assert.False((await _bot.Directory.FindAsync("jsmith"))!.IsLocked);
    }

    [Fact]
    public async Task AQuestionInTheMiddleOfAFlowIsAnsweredAndTheFlowGoesOn()
    {
        var user = _bot.NewUser();
        await _bot.Flow(user)
            .Send("I forgot my password").AssertReply(AccountTexts.AskIdentifier)
            .Send("wait, what's the help desk's phone number?")
            .AssertReply(reply => Assert.Contains("617-432-2000", BotHarness.Text(reply), StringComparison.Ordinal))
            .AssertReply(ConversationTexts.BackToIt)
            .AssertReply(reply => Assert.Contains("username", BotHarness.Text(reply), StringComparison.OrdinalIgnoreCase))
            .Send("rbrown").AssertReply(reply => Assert.Equal(SafeCodeDialogTexts.ChooseChannel, BotHarness.Text(reply)))
            .StartTestAsync();
    }

    [Fact]
    public async Task APasswordTypedIntoTheChatGetsAWarningAndIsNeverRepeated()
    {
        var replies = new List<string>();
        await _bot.Flow(_bot.NewUser())
            .Send("I'm locked out, my password is Sunflower#2024")
            .AssertReply(reply => replies.Add(BotHarness.AllText(reply)))
            .AssertReply(reply => replies.Add(BotHarness.AllText(reply)))
            .StartTestAsync();
        Assert.Equal(ConversationTexts.TypedPassword, System.Text.Json.JsonDocument.Parse(replies[0]).RootElement.GetProperty("text").GetString());
        Assert.DoesNotContain(replies, r => r.Contains("Sunflower", StringComparison.Ordinal));
    }

    // Issue 13, class 4: the school and role said once are the context of a later question.
    [Fact]
    public async Task TheSchoolSaidEarlierAnswersWhichRegistrarIsMeant()
    {
        var user = _bot.NewUser();
        await _bot.SayAsync(user, "hello, I'm a dental student, how do I look up my Harvard ID");
        var answer = await _bot.SayAsync(user, "ok and what's the phone number of the registrar there?");

        Assert.Contains("617-432-8243", answer, StringComparison.Ordinal); // the HSDM registrar (seed)
        Assert.DoesNotContain(MainTexts.SwitchTopic(MainTexts.IntentTitles[HelpBot.Dialogs.Recognition.Intents.ContactOffice]), answer, StringComparison.Ordinal);
    }

    // Issue 13, class 4: "it" is what was just talked about; a HarvardKey or a PIN is not HelpBot's to reset.
    [Theory]
    [InlineData("I forgot my HarvardKey password", "could you reset it for me here?", ConversationTexts.HarvardKeyNotHere)]
    [InlineData("how do I reset my Harvard PIN", "can you just do it in this chat", ConversationTexts.PinNotHere)]
    public async Task AskingToDoItHereAfterAHarvardAnswerSaysWhoDoesItAndOffersTheECommonsReset(string first, string then, string answer)
    {
        var user = _bot.NewUser();
        await _bot.SayAsync(user, first);
        var reply = await _bot.SayAsync(user, then);

        Assert.Contains(answer[(answer.IndexOf(':', StringComparison.Ordinal) + 2)..][..20], reply, StringComparison.Ordinal);
        Assert.Contains(MainTexts.IntentTitles[HelpBot.Dialogs.Recognition.Intents.ForgotPassword], reply, StringComparison.Ordinal);
        Assert.DoesNotContain(SafeCodeDialogTexts.ChooseChannel, reply, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SomeoneToCallRightAfterThePinAnswerIsTheHuitDeskAndTheHmsDeskWhenNamed()
    {
        var user = _bot.NewUser();
        await _bot.SayAsync(user, "my harvard PIN stopped working, how do I reset it");

        Assert.Contains("617-496-9001", await _bot.SayAsync(user, "is there somebody I could phone about that?"), StringComparison.Ordinal);
        Assert.Contains("617-432-2000", await _bot.SayAsync(user, "and what's the number for the HMS service desk?"), StringComparison.Ordinal);
    }

    // Issue 13, class 9: a reset asked for together with the unlock is served with the same SafeCode.
    [Fact]
    public async Task ALockedOutPersonWhoAlsoForgotThePasswordGetsTheResetLinkAfterTheUnlockWithOneCode()
    {
        var user = _bot.NewUser();
        var first = await _bot.SayAsync(user, "I'm locked out, username jsmith, and I forgot my password too");
        Assert.Contains(SafeCodeDialogTexts.ChooseChannel, first, StringComparison.Ordinal);
        await _bot.SayAsync(user, "text");
        var code = await _bot.SafeCodeSentToAsync("+16175550101");
        int CodesSent() => _bot.Outbox().Count(m => TypedDigitsIn((string?)m["text"]));
        var codesBefore = CodesSent();

        var afterCode = await _bot.SayAsync(user, code);

        // Unlocked, or the reset link that unlocks as it sets the new password: either serves both needs.
        Assert.Contains("/reset/", afterCode, StringComparison.Ordinal);
        Assert.Equal(codesBefore, CodesSent()); // no second code
    }

    private static bool TypedDigitsIn(string? text) => text is not null && System.Text.RegularExpressions.Regex.IsMatch(text, @"\b\d{6}\b");

    [Fact]
    public async Task APasswordTypedWithNoRequestGetsTheWarningAndTheWayToChangeItNotAFallback()
    {
        await _bot.Flow(_bot.NewUser())
            .Send("my password is Tulip-Garden-77 btw, is that ok?")
            .AssertReply(ConversationTexts.TypedPassword)
            .AssertReply(reply =>
            {
                Assert.Equal(ConversationTexts.ChangeAfterTypedPassword, BotHarness.Text(reply));
                Assert.Contains(((Activity)reply).SuggestedActions.Actions, a => a.Title == MainTexts.IntentTitles[HelpBot.Dialogs.Recognition.Intents.ChangePassword]);
            })
            .Send(MainTexts.IntentTitles[HelpBot.Dialogs.Recognition.Intents.ChangePassword]).AssertReply(AccountTexts.AskIdentifier)
            .StartTestAsync();
    }

    [Fact]
    public async Task HelloWhenTheWelcomeIsOnScreenIsAHelloBackNotTheMenuAgain()
    {
        var user = _bot.NewUser();
        await _bot.Flow(user)
            .Send(new Activity { Type = ActivityTypes.ConversationUpdate, MembersAdded = [new ChannelAccount("web-user-id", "web-user")] })
            .AssertReply(reply => Assert.Equal("Hi, I'm HelpBot from HMS IT Accounts & Access.", BotHarness.CardTitle(reply)))
            .Send("hi there")
            .AssertReply(reply =>
            {
                Assert.Equal(MainTexts.Greeting, BotHarness.Text(reply));
                Assert.Empty(((Activity)reply).Attachments ?? []);
            })
            .StartTestAsync();
    }

    [Fact]
    public async Task ThePrinterGetsAPoliteNoTheServiceDeskAndAPersonNotTheFallback()
    {
        await _bot.Flow(_bot.NewUser())
            .Send("my printer won't print anything")
            .AssertReply(reply =>
            {
                var text = BotHarness.Text(reply);
                Assert.Contains("617-432-2000", text, StringComparison.Ordinal);
                Assert.DoesNotContain("didn't understand", text, StringComparison.Ordinal);
                Assert.Contains(((Activity)reply).SuggestedActions.Actions, a => a.Title == "Talk to a person");
            })
            .StartTestAsync();
    }

    [Fact]
    public async Task AFollowUpAboutTheOfficeJustNamedIsAnsweredFromItsDetails()
    {
        await _bot.Flow(_bot.NewUser())
            .Send("I'm an HSPH student and I lost my HUID, who do I contact?")
            .AssertReply(reply => Assert.Contains("617-432-1032", BotHarness.AllText(reply), StringComparison.Ordinal))
            .Send("do they have an email?")
            .AssertReply(reply => Assert.Contains("registrar@hsph.harvard.edu", BotHarness.Text(reply), StringComparison.Ordinal))
            .StartTestAsync();
    }

    [Fact]
    public async Task AQuestionAboutSponsoringIsAnsweredWithWhoMaySponsorAndAButtonToDoIt()
    {
        await _bot.Flow(_bot.NewUser())
            .Send("who is allowed to sponsor a guest?")
            .AssertReply(reply =>
            {
                Assert.Contains("full-time staff", BotHarness.AllText(reply), StringComparison.Ordinal);
                Assert.Contains(((Activity)reply).SuggestedActions.Actions, a => a.Title == MainTexts.IntentTitles[HelpBot.Dialogs.Recognition.Intents.GuestKeySponsor]);
            })
            .StartTestAsync();
        Assert.Empty(_bot.Outbox());
    }

    [Fact]
    public async Task InTeamsAStudentWhoAsksToSponsorIsToldWhyBeforeAnyCodeIsSent()
    {
        // tnguyen is an HMS student: Teams proves it's him, so his own record can be read to him.
        await _bot.Flow(_bot.NewUser("thomas", "msteams", "0b6f1c2e-4a11-4d1e-9c01-000000000004"))
            .Send("I want to sponsor a guest")
            .AssertReply(reply => Assert.Contains("full-time staff", BotHarness.Text(reply), StringComparison.Ordinal))
            .StartTestAsync();
        Assert.Empty(_bot.Outbox());
    }

    [Fact]
    public async Task OneSafeCodeServesASecondTaskForTheSameAccountButNotForAnother()
    {
        var user = _bot.NewUser();
        await _bot.Flow(user)
            .Send("I'm locked out, username jsmith").AssertReply(SafeCodeDialogTexts.ChooseChannel)
            .Send("text").AssertReply(SafeCodeDialogTexts.SentIfOnFile(MessageChannel.Text))
            .StartTestAsync();
        var code = await _bot.SafeCodeSentToAsync("+16175550101");
        var sent = _bot.Outbox().Count;
        await _bot.Flow(user)
            .Send(code).AssertReply(SafeCodeDialogTexts.Verified).AssertReply(_ => { })
            .Send("I forgot my password as well, can you reset it too?")
            .AssertReply(AccountTexts.AlreadyVerified("jsmith"))
            .AssertReply(reply => Assert.Equal("Set your new password", BotHarness.CardTitle(reply)))
            .StartTestAsync();
        Assert.DoesNotContain(_bot.Outbox().Skip(sent), m => System.Text.RegularExpressions.Regex.IsMatch((string?)m["text"] ?? "", @"\b\d{6}\b"));

        // Someone else's account still needs its own code.
        await _bot.Flow(user)
            .Send("now I need to unlock another account, username mlee").AssertReply(SafeCodeDialogTexts.ChooseChannel)
            .StartTestAsync();
    }

    [Fact]
    public async Task AUsernameCorrectedAtTheNextStepIsTheOneVerified()
    {
        var user = _bot.NewUser();
        await _bot.Flow(user)
            .Send("reset my password please, username rbrwon").AssertReply(SafeCodeDialogTexts.ChooseChannel)
            .Send("oops, typo: it's rbrown").AssertReply(SafeCodeDialogTexts.ChooseChannel)
            .Send("email").AssertReply(SafeCodeDialogTexts.SentIfOnFile(MessageChannel.Email))
            .StartTestAsync();
        await _bot.SafeCodeSentToAsync("rosa.brown@example.net");
    }

    [Theory]
    [InlineData("never mind, I figured it out, you can cancel my request")]
    [InlineData("ok actually cancel it")]
    public async Task WhileWaitingForAPersonTheRequestIsWithdrawnInOwnWords(string said)
    {
        var user = _bot.NewUser();
        await _bot.Flow(user).Send("talk to a person").AssertReply(_ => { }).StartTestAsync();
        user.ActiveQueue.Clear(); // the rest of the answer to "talk to a person"
        await _bot.Flow(user)
            .Send(said).AssertReply(reply => Assert.StartsWith("OK, I've withdrawn your request", BotHarness.Text(reply), StringComparison.Ordinal))
            .StartTestAsync();
        Assert.Null(await _bot.Services.GetRequiredService<HelpBot.Dialogs.Handoff.HandoffService>().LiveEscalationAsync(user.Conversation.Conversation.Id, CancellationToken.None));
    }

    [Theory]
    [InlineData("wait, am I talking to a real person?", HelpBot.Dialogs.SmallTalk.SmallTalkKind.AskedIfBot)]
    [InlineData("hi again, sorry, got distracted", HelpBot.Dialogs.SmallTalk.SmallTalkKind.Hello)]
    [InlineData("this is the third time this month ugh", HelpBot.Dialogs.SmallTalk.SmallTalkKind.Frustrated)]
    public void SmallTalkIsRecognisedWithTheWordsAroundIt(string said, HelpBot.Dialogs.SmallTalk.SmallTalkKind kind) =>
        Assert.Equal(kind, HelpBot.Dialogs.SmallTalk.SmallTalk.Classify(said));

    [Fact]
    public async Task WhatToUpdateAfterAChangeGetsTheDevicesNotACode()
    {
        await _bot.Flow(_bot.NewUser("thomas", "msteams", "0b6f1c2e-4a11-4d1e-9c01-000000000004"))
            .Send("just changed my password, what do I need to update so I don't get locked out?")
            .AssertReply(reply => Assert.Contains("VPN", BotHarness.AllText(reply), StringComparison.Ordinal))
            .StartTestAsync();
        Assert.Empty(_bot.Outbox());
    }

    [Fact]
    public async Task InTeamsSomeoneWhoIsNotLockedHearsSoAndAboutTheirExpiryWithoutACode()
    {
        // mlee is not locked; his password expires in 3 days.
        await _bot.Flow(_bot.NewUser("michael", "msteams", "0b6f1c2e-4a11-4d1e-9c01-000000000002"))
            .Send("I think I'm locked out of my account")
            .AssertReply(reply =>
            {
                Assert.StartsWith(HelpBot.Dialogs.Unlock.UnlockTexts.NotLockedProven, BotHarness.Text(reply), StringComparison.Ordinal);
                Assert.Contains("3 days from now", BotHarness.Text(reply), StringComparison.Ordinal);
            })
            .StartTestAsync();
        Assert.Empty(_bot.Outbox());
    }

    [Theory]
    [InlineData("the radiology mailbox is locked, can you unlock it?", true)]
    [InlineData("our lab's shared account needs a new password", true)]
    [InlineData("my mailbox keeps asking for my password", false)]
    public void ADepartmentalAccountIsRecognisedByHowItIsDescribed(string said, bool departmental) =>
        Assert.Equal(departmental, ConversationCues.MentionsADepartmentalAccount(said));

    [Fact]
    public async Task SomeoneWhoWouldRatherUseTheWebsiteGetsTheStepsAndTheFlowEnds()
    {
        await _bot.Flow(_bot.NewUser())
            .Send("I forgot my password").AssertReply(AccountTexts.AskIdentifier)
            .Send("nah I'll just use the website, what's the address again?")
            .AssertReply(ConversationTexts.OnTheWebsite)
            .AssertReply(reply => Assert.Contains("ecommons.med.harvard.edu", BotHarness.AllText(reply), StringComparison.Ordinal))
            .Send("thanks").AssertReply(HelpBot.Dialogs.SmallTalk.SmallTalkTexts.Thanks)
            .StartTestAsync();
        Assert.Empty(_bot.Outbox());
    }

    [Fact]
    public async Task TwoQuestionsInOneMessageGetTwoAnswers()
    {
        await _bot.Flow(_bot.NewUser())
            .Send("what's the service desk number and also where do I find my harvard id?")
            .AssertReply(ConversationTexts.ServiceDesk)
            .AssertReply(reply => Assert.Contains("badge", BotHarness.AllText(reply), StringComparison.Ordinal))
            .StartTestAsync();
    }

    [Fact]
    public async Task ThanksInTheMiddleOfAFlowIsAnsweredAndTheQuestionAskedAgainWhileGoodbyeEndsIt()
    {
        var user = _bot.NewUser();
        await _bot.Flow(user)
            .Send("I'm locked out of my account").AssertReply(AccountTexts.AskIdentifier)
            .Send("thanks so much").AssertReply(ConversationTexts.WelcomeMidFlow).AssertReply(reply => Assert.Contains("username", BotHarness.Text(reply), StringComparison.OrdinalIgnoreCase))
            .Send("ok bye").AssertReply(HelpBot.Dialogs.SmallTalk.SmallTalkTexts.Goodbye)
            .Send("jsmith").AssertReply(reply => Assert.NotEqual(SafeCodeDialogTexts.ChooseChannel, BotHarness.Text(reply)))
            .StartTestAsync();
    }
}
