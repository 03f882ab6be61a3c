using HelpBot.Dialogs.Engine.Prompts;
using Microsoft.Bot.Schema;
using Newtonsoft.Json.Linq;

namespace HelpBot.Dialogs.Tests.Engine;

public class PromptTests
{
    private static DialogHarness NewHarness() => new(() => new RootDialog());

    [Fact]
    public async Task ValidatorSeesTheAttemptCountAndARejectedAnswerIsAskedAgain()
    {
        await NewHarness().Flow()
            .Send("hi").AssertReply(ProfileFlow.AskName)
            .Send("A").AssertReply(ProfileFlow.NameTooShortOnAttempt(1))
            .Send("B").AssertReply(ProfileFlow.NameTooShortOnAttempt(2))
            .Send("Bo").AssertReply(ProfileFlow.AskAge)
            .StartTestAsync();
    }

    [Fact]
    public async Task RetryPromptIsUsedWhenTheAnswerIsNotUnderstood()
    {
        await NewHarness().Flow()
            .Send("hi").AssertReply(ProfileFlow.AskName)
            .Send("Ada").AssertReply(ProfileFlow.AskAge)
            .Send("thirty-ish").AssertReply(ProfileFlow.AgeRetry)
            .Send("36").AssertReply(ProfileFlow.AskColour)
            .StartTestAsync();
    }

    [Fact]
    public async Task AValidatorsOwnMessageReplacesTheRetryPrompt()
    {
        await NewHarness().Flow()
            .Send("hi").AssertReply(ProfileFlow.AskName)
            .Send("Ada").AssertReply(ProfileFlow.AskAge)
            .Send("300").AssertReply("Nobody is that age!")
            .Send("36").AssertReply(ProfileFlow.AskColour)
            .StartTestAsync();
    }

    [Fact]
    public async Task TooManyRejectedAnswersEndThePromptAndTheFlowDecidesWhatToDo()
    {
        await NewHarness().Flow()
            .Send("hi").AssertReply(ProfileFlow.AskName)
            .Send("A").AssertReply(ProfileFlow.NameTooShortOnAttempt(1))
            .Send("B").AssertReply(ProfileFlow.NameTooShortOnAttempt(2))
            .Send("C").AssertReply(ProfileFlow.NameTooShortOnAttempt(3)).AssertReply("root: flow returned gave up")
            .StartTestAsync();
    }

    [Theory]
    [InlineData("Green")]
    [InlineData("green")]
    [InlineData("2")]
    [InlineData("lime")]
    [InlineData("the green one please")]
    [InlineData("Green!")]
    public async Task ChoicePromptAcceptsTheButtonItsWordsASynonymOrItsNumber(string answer)
    {
        await ToColourStep(NewHarness())
            .Send(answer).AssertReply(ProfileFlow.AskConfirm)
            .Send("yes").AssertReply("Ada, 36, green, saved=True")
            .StartTestAsync();
    }

    [Theory]
    [InlineData("purple")]
    [InlineData("red or blue")]
    [InlineData("7")]
    public async Task ChoicePromptRejectsAnswersThatNameNoneOrSeveralChoices(string answer)
    {
        // Asked again, with what is expected in other words first (issue 13: never the identical prompt twice in a row).
        await ToColourStep(NewHarness())
            .Send(answer).AssertReply(a =>
            {
                var text = ((Activity)a).Text;
                Assert.StartsWith(EngineTexts.TapOrTypeChoice, text, StringComparison.Ordinal);
                Assert.EndsWith(ProfileFlow.AskColour, text, StringComparison.Ordinal);
            })
            .Send(answer).AssertReply(a =>
            {
                var text = ((Activity)a).Text;
                Assert.StartsWith(EngineTexts.TypeNumberChoice, text, StringComparison.Ordinal);
                Assert.Contains("1 for", text, StringComparison.Ordinal);
            })
            .StartTestAsync();
    }

    [Fact]
    public async Task ChoicesAreOfferedAsButtons()
    {
        await NewHarness().Flow()
            .Send("hi").AssertReply(ProfileFlow.AskName)
            .Send("Ada").AssertReply(ProfileFlow.AskAge)
            .Send("36").AssertReply(a =>
            {
                var titles = ((Activity)a).SuggestedActions.Actions.Select(x => x.Title);
                Assert.Equal(["Red", "Green", "Blue"], titles);
            })
            .StartTestAsync();
    }

    [Theory]
    [InlineData("yes", "True")]
    [InlineData("Yes.", "True")]
    [InlineData("yep", "True")]
    [InlineData("OK", "True")]
    [InlineData("no", "False")]
    [InlineData("nope", "False")]
    [InlineData("No thanks", "False")]
    public async Task ConfirmPromptUnderstandsCommonWaysOfSayingYesAndNo(string answer, string saved)
    {
        await ToColourStep(NewHarness())
            .Send("red").AssertReply(ProfileFlow.AskConfirm)
            .Send(answer).AssertReply($"Ada, 36, red, saved={saved}")
            .StartTestAsync();
    }

    [Fact]
    public async Task CardSubmitsAnswerPrompts()
    {
        await NewHarness().Flow()
            .Send("hi").AssertReply(ProfileFlow.AskName)
            .Send(Submit(new { text = "Grace" })).AssertReply(ProfileFlow.AskAge)
            .Send(Submit(new { number = 85 })).AssertReply(ProfileFlow.AskColour)
            .Send(Submit(new { choice = "blue" })).AssertReply(ProfileFlow.AskConfirm)
            .Send(Submit(new { confirm = false })).AssertReply("Grace, 85, blue, saved=False")
            .StartTestAsync();
    }

    [Fact]
    public async Task AButtonFromAnEarlierCardIsIgnoredWithAKindWord()
    {
        JObject? firstCardData = null;
        var staleClick = new Activity(ActivityTypes.Message);
        var harness = new DialogHarness(() => new GuardedFlow());

        await harness.Flow()
            .Send("start").AssertReply(a =>
            {
                firstCardData = (JObject)((JObject)((Activity)a).Attachments[0].Content)["actions"]![0]!["data"]!;
                staleClick.Value = firstCardData.DeepClone();
            })
            .Send("cancel").AssertReply(FlowTexts.Cancelled)
            .Send("start again").AssertReply(GuardedFlow.AskCode)
            // The old card's button carries the old prompt's stamp: it must not answer the new prompt.
            .Send(staleClick).AssertReply(EngineTexts.StaleButton).AssertReply(GuardedFlow.AskCode)
            .StartTestAsync();

        Assert.NotNull(firstCardData![HelpBotPrompt<string>.StampField]);
    }

    private static Microsoft.Bot.Builder.Adapters.TestFlow ToColourStep(DialogHarness harness) =>
        harness.Flow()
            .Send("hi").AssertReply(ProfileFlow.AskName)
            .Send("Ada").AssertReply(ProfileFlow.AskAge)
            .Send("36").AssertReply(ProfileFlow.AskColour);

    private static Activity Submit(object value) =>
        new(ActivityTypes.Message) { Value = value as JObject ?? JObject.FromObject(value) };
}
