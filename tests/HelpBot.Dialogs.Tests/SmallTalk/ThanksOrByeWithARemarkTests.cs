using HelpBot.Dialogs.SmallTalk;

namespace HelpBot.Dialogs.Tests.SmallTalk;

/// <summary>
/// Issue 13, class 1: thanks or goodbye with a remark of the person's own ("ty!! that was fast", "thanks, that sorted
/// both", "ok, not sure what else I need yet, bye") is still thanks or goodbye: one short line back, never the
/// fallback. A remark that is a request, a problem, a question or an answer (a username) is not. Own wordings.
/// </summary>
public sealed class ThanksOrByeWithARemarkTests : IDisposable
{
    private readonly BotHarness _bot = new();

    public void Dispose() => _bot.Dispose();

    [Theory]
    [InlineData("ty!! that was fast")]
    [InlineData("thanks, that sorted both of them")]
    [InlineData("thank you, that answers my question")]
    [InlineData("cheers, you've been a big help today")]
    [InlineData("great, thanks. my boss will be relieved")]
    public void ThanksWithARemarkIsThanks(string said) =>
        Assert.Equal(SmallTalkKind.Thanks, HelpBot.Dialogs.SmallTalk.SmallTalk.Classify(said));

    [Theory]
    [InlineData("ok cool. not sure what else I need yet, bye")]
    [InlineData("thanks, that's everything for this week")]
    [InlineData("bye, talk to you some other time")]
    [InlineData("alright, off to my meeting now. see ya")]
    public void AGoodbyeWithARemarkIsAGoodbye(string said) =>
        Assert.Equal(SmallTalkKind.Goodbye, HelpBot.Dialogs.SmallTalk.SmallTalk.Classify(said));

    [Theory]
    [InlineData("thanks, but it's still locked")]
    [InlineData("thanks, what about my harvard id")]
    [InlineData("thanks, can you also reset my password")]
    [InlineData("ty, it's jsmith")]
    [InlineData("thank you, the code was 123456")]
    [InlineData("no, that's not right")]
    [InlineData("thanks, that didn't work though")]
    [InlineData("she's part-time staff at the dental school, if that helps")]
    public void ARemarkThatIsARequestOrAnAnswerIsNot(string said) =>
        Assert.Null(HelpBot.Dialogs.SmallTalk.SmallTalk.Classify(said));

    [Fact]
    public async Task ThanksWithARemarkAfterAnAnswerGetsAShortLineNotTheFallback()
    {
        var user = _bot.NewUser();
        await _bot.SayAsync(user, "whats the help desk number");

        var reply = await _bot.SayAsync(user, "thanks, that covers it for today");

        Assert.DoesNotContain("didn't understand", reply, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("You're welcome", reply, StringComparison.Ordinal);
        Assert.DoesNotContain("Unlock my account", reply, StringComparison.Ordinal);
    }
}
