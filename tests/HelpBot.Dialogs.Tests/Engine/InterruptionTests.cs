namespace HelpBot.Dialogs.Tests.Engine;

public class InterruptionTests
{
    private static DialogHarness NewHarness() => new(() => new RootDialog());

    [Theory]
    [InlineData("cancel")]
    [InlineData("Cancel.")]
    [InlineData("never mind")]
    [InlineData("stop")]
    public async Task CancelEndsTheFlowCleanlyAndTellsTheParent(string said)
    {
        var harness = NewHarness();
        await harness.Flow()
            .Send("hi").AssertReply(ProfileFlow.AskName)
            .Send("Ada").AssertReply(ProfileFlow.AskAge)
            .Send(said).AssertReply(FlowTexts.Cancelled).AssertReply("root: flow cancelled")
            .StartTestAsync();

        Assert.DoesNotContain("ProfileFlow", await harness.StoredStateJsonAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task HelpExplainsTheCurrentStepAndAsksAgain()
    {
        await NewHarness().Flow()
            .Send("hi").AssertReply(ProfileFlow.AskName)
            .Send("help").AssertReply(ProfileFlow.NameHelp).AssertReply(ProfileFlow.AskName)
            .Send("Ada").AssertReply(ProfileFlow.AskAge)
            .StartTestAsync();
    }

    [Fact]
    public async Task HelpOnAStepWithoutItsOwnHelpSaysWhatTheFlowDoesAndTheWaysOut()
    {
        await NewHarness().Flow()
            .Send("hi").AssertReply(ProfileFlow.AskName)
            .Send("Ada").AssertReply(ProfileFlow.AskAge)
            .Send("what do I do?").AssertReply(FlowTexts.GenericHelp("save your profile")).AssertReply(ProfileFlow.AskAge)
            .Send("36").AssertReply(ProfileFlow.AskColour)
            .StartTestAsync();
    }

    [Fact]
    public async Task HelpDoesNotCountAsAWrongAnswer()
    {
        await NewHarness().Flow()
            .Send("hi").AssertReply(ProfileFlow.AskName)
            .Send("A").AssertReply(ProfileFlow.NameTooShortOnAttempt(1))
            .Send("help").AssertReply(ProfileFlow.NameHelp).AssertReply(ProfileFlow.AskName)
            .Send("?").AssertReply(ProfileFlow.NameHelp).AssertReply(ProfileFlow.AskName)
            .Send("B").AssertReply(ProfileFlow.NameTooShortOnAttempt(2))
            .Send("Bo").AssertReply(ProfileFlow.AskAge)
            .StartTestAsync();
    }

    [Fact]
    public async Task StartOverForgetsTheAnswersAndBeginsTheFlowAgain()
    {
        await NewHarness().Flow()
            .Send("hi").AssertReply(ProfileFlow.AskName)
            .Send("Ada").AssertReply(ProfileFlow.AskAge)
            .Send("36").AssertReply(ProfileFlow.AskColour)
            .Send("start over").AssertReply(FlowTexts.StartingOver).AssertReply(ProfileFlow.AskName)
            .Send("Grace").AssertReply(ProfileFlow.AskAge)
            .Send("85").AssertReply(ProfileFlow.AskColour)
            .Send("red").AssertReply(ProfileFlow.AskConfirm)
            .Send("no").AssertReply("Grace, 85, red, saved=False")
            .StartTestAsync();
    }

    [Theory]
    [InlineData("I need help with my password", Interruption.None)]
    [InlineData("cancel my guest key", Interruption.None)]
    [InlineData("HELP", Interruption.Help)]
    [InlineData("Start over!", Interruption.StartOver)]
    [InlineData("  nevermind ", Interruption.Cancel)]
    public void OnlyWholeMessagePhrasesInterrupt(string text, Interruption expected) =>
        Assert.Equal(expected, Interruptions.Classify(text));
}
