using HelpBot.Dialogs.Accounts;
using HelpBot.Dialogs.SmallTalk;

namespace HelpBot.Dialogs.Tests.SmallTalk;

/// <summary>
/// Issue 13, class 1: small talk is still small talk when people put a few words before it ("before I answer that,
/// …"), a tail after it ("… at all, to be honest") or their own next step with the goodbye ("I'll ring them later,
/// bye"). Own wordings, written before the recognizer's data was read.
/// </summary>
public class SmallTalkAroundOtherWordsTests
{
    [Theory]
    [InlineData("one thing first: is this an automated chat?")]
    [InlineData("before I answer that, are you a real human?")]
    [InlineData("just to check - am I speaking to a machine here")]
    public void AQuestionAboutWhatHelpBotIsAfterAFewWordsOfLeadIn(string said) =>
        Assert.Equal(SmallTalkKind.AskedIfBot, HelpBot.Dialogs.SmallTalk.SmallTalk.Classify(said));

    [Theory]
    [InlineData("you are not helpful at all tbh")]
    [InlineData("this bot is useless, to be honest")]
    [InlineData("you're no help whatsoever frankly")]
    public void AComplaintWithATailIsStillAComplaint(string said) =>
        Assert.Equal(SmallTalkKind.Frustrated, HelpBot.Dialogs.SmallTalk.SmallTalk.Classify(said));

    [Theory]
    [InlineData("right, I'll email the registrar then. bye")]
    [InlineData("alright I'll try that tonight, see ya")]
    public void TheirOwnNextStepWithAGoodbyeIsAGoodbye(string said) =>
        Assert.Equal(SmallTalkKind.Goodbye, HelpBot.Dialogs.SmallTalk.SmallTalk.Classify(said));

    [Theory]
    [InlineData("before that, can you unlock my account")]
    [InlineData("my manager asked is this account a person or shared")]
    [InlineData("I'll call them later about my locked account")]
    public void RequestsAroundTheSameWordsAreStillRequests(string said) =>
        Assert.Null(HelpBot.Dialogs.SmallTalk.SmallTalk.Classify(said));

    [Fact]
    public async Task AskedWhatItIsAtTheUsernameQuestionItAnswersAndAsksAgain()
    {
        using var bot = new BotHarness();
        await bot.Flow(bot.NewUser())
            .Send("I'm locked out").AssertReply(AccountTexts.AskIdentifier)
            .Send("one thing first: is this an automated chat?").AssertReply(SmallTalkTexts.AskedIfBot)
            .AssertReply(reply => Assert.Contains("username", BotHarness.Text(reply), StringComparison.OrdinalIgnoreCase)) // the same question again
            .StartTestAsync();
    }
}

/// <summary>Issue 13, class 1: one word of acknowledgement at buttons can't be an answer to them, so it is small talk.</summary>
public sealed class AcknowledgedAtButtonsTests : IDisposable
{
    private readonly BotHarness _bot = new();

    public void Dispose() => _bot.Dispose();

    [Fact]
    public async Task AOneWordOkAtTheButtonsIsAcknowledgedAndTheQuestionAskedAgain()
    {
        var user = _bot.NewUser();
        Assert.Contains(HelpBot.Dialogs.SafeCode.SafeCodeDialogTexts.ChooseChannel, await _bot.SayAsync(user, "I'm locked out, username jsmith"), StringComparison.Ordinal);

        var reply = await _bot.SayAsync(user, "awesome");

        Assert.DoesNotContain("didn't catch", reply, StringComparison.Ordinal);
        Assert.Contains(HelpBot.Dialogs.SafeCode.SafeCodeDialogTexts.ChooseChannel, reply, StringComparison.Ordinal);
    }
}
