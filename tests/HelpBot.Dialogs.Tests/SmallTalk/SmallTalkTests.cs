using HelpBot.Dialogs.SmallTalk;
using Microsoft.Bot.Schema;
using static HelpBot.Dialogs.Tests.Routing.RoutingHarness;

namespace HelpBot.Dialogs.Tests.SmallTalk;

/// <summary>
/// Issue 13, class 1: pleasantries and small talk get one short, warm line — never "Sorry, I didn't understand" and
/// never the whole welcome card again. Phrasings are written from how people talk, not from the recognizer's data.
/// </summary>
public class SmallTalkTests
{
    [Theory]
    [InlineData("thanks", SmallTalkKind.Thanks)]
    [InlineData("Thank you so much!!", SmallTalkKind.Thanks)]
    [InlineData("ty", SmallTalkKind.Thanks)]
    [InlineData("ok great, thanks for the help", SmallTalkKind.Thanks)]
    [InlineData("cheers mate", SmallTalkKind.Thanks)]
    [InlineData("ok great", SmallTalkKind.Acknowledged)]
    [InlineData("cool that worked", SmallTalkKind.Acknowledged)]
    [InlineData("perfect, I'm back in", SmallTalkKind.Acknowledged)]
    [InlineData("got it 👍", SmallTalkKind.Acknowledged)]
    [InlineData("bye", SmallTalkKind.Goodbye)]
    [InlineData("thanks, bye!", SmallTalkKind.Goodbye)]
    [InlineData("that's all, have a good day", SmallTalkKind.Goodbye)]
    [InlineData("hi", SmallTalkKind.Hello)]
    [InlineData("Hey there", SmallTalkKind.Hello)]
    [InlineData("good morning", SmallTalkKind.Hello)]
    [InlineData("are you a bot?", SmallTalkKind.AskedIfBot)]
    [InlineData("Am I talking to a real person", SmallTalkKind.AskedIfBot)]
    [InlineData("is this AI", SmallTalkKind.AskedIfBot)]
    [InlineData("quick question, is this automated?", SmallTalkKind.AskedIfBot)]
    [InlineData("am I chatting with a human being right now", SmallTalkKind.AskedIfBot)]
    [InlineData("r u a real person or a bot", SmallTalkKind.AskedIfBot)]
    [InlineData("hey, sorry for the wait", SmallTalkKind.Hello)]
    [InlineData("brill, cheers", SmallTalkKind.Thanks)]
    [InlineData("nice, that's everything for now", SmallTalkKind.Goodbye)]
    [InlineData("you're useless", SmallTalkKind.Frustrated)]
    [InlineData("this is not helpful", SmallTalkKind.Frustrated)]
    [InlineData("ugh", SmallTalkKind.Frustrated)]
    public void RecognisesWhatPeopleSayAroundARequest(string said, SmallTalkKind kind) =>
        Assert.Equal(kind, HelpBot.Dialogs.SmallTalk.SmallTalk.Classify(said));

    [Theory]
    [InlineData("thanks, but I'm still locked out")]
    [InlineData("hi, I forgot my password")]
    [InlineData("ok so how do I change my password")]
    [InlineData("hello can you unlock jsmith")]
    [InlineData("great, now what is my harvard id")]
    [InlineData("jsmith")]
    [InlineData("is there a real person I can talk to")]
    [InlineData("is it possible someone changed my password")]
    [InlineData("no, radiology")]
    [InlineData("ok jsmith")]
    [InlineData("are you able to unlock my account")]
    [InlineData("123456")]
    [InlineData("")]
    public void ARequestWithAPleasantryIsStillARequest(string said) =>
        Assert.Null(HelpBot.Dialogs.SmallTalk.SmallTalk.Classify(said));

    [Theory]
    [InlineData("thank you!", SmallTalkTexts.Thanks)]
    [InlineData("ok cool", SmallTalkTexts.Acknowledged)]
    [InlineData("bye now", SmallTalkTexts.Goodbye)]
    [InlineData("are you a robot", SmallTalkTexts.AskedIfBot)]
    [InlineData("this is useless", SmallTalkTexts.Frustrated)]
    public async Task OneShortLineWithoutTheWelcomeCardOrTheFallback(string said, string answer)
    {
        await Create().Flow()
            .Send(said).AssertReply(reply =>
            {
                Assert.Equal(answer, ((Activity)reply).Text);
                Assert.Empty(((Activity)reply).Attachments ?? []);
                Assert.DoesNotContain("didn't understand", ((Activity)reply).Text, StringComparison.OrdinalIgnoreCase);
            })
            .StartTestAsync();
    }

    [Fact]
    public async Task ASecondHelloIsAShortLineNotTheWelcomeCardAgain()
    {
        await Create().Flow()
            .Send("hello").AssertReply(reply => Assert.NotEmpty(((Activity)reply).Attachments))
            .Send("hi").AssertReply(reply =>
            {
                Assert.Equal(SmallTalkTexts.Hello, ((Activity)reply).Text);
                Assert.Empty(((Activity)reply).Attachments ?? []);
            })
            .StartTestAsync();
    }

    [Fact]
    public async Task ThanksAfterAnAnswerIsWelcomedAndAskedForAnythingElse()
    {
        await Create().Flow()
            .Send("what is a safecode").AssertReply(reply => Assert.NotNull(CardTitle(reply)))
            .Send("ok great thanks!").AssertReply(SmallTalkTexts.Thanks)
            .Send("nope that's all, bye").AssertReply(SmallTalkTexts.Goodbye)
            .StartTestAsync();
    }

    [Fact]
    public void TheBotAndTheFrustratedAnswerOfferAPersonAndTheServiceDesk()
    {
        foreach (var text in new[] { SmallTalkTexts.AskedIfBot, SmallTalkTexts.Frustrated })
        {
            Assert.Contains("talk to a person", text, StringComparison.Ordinal);
            Assert.Contains("617-432-2000", text, StringComparison.Ordinal);
        }
    }
}
