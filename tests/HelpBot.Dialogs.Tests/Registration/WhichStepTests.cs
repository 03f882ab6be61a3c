using HelpBot.Dialogs.Registration;

namespace HelpBot.Dialogs.Tests.Registration;

/// <summary>
/// Issue 13, class 7: while registering, "which step does my Harvard ID go in?" (even with the number typed at the
/// last-name question) is answered — STEP 2 on the Register Now page — and the same question is asked again, instead
/// of "please type just your last name". Own wordings.
/// </summary>
public sealed class WhichStepTests : IDisposable
{
    private readonly BotHarness _bot = new();

    public void Dispose() => _bot.Dispose();

    [Theory]
    [InlineData("wait, which step does the harvard id go in?")]
    [InlineData("I have 70000007 — where do I put that, what step?")]
    public async Task WhichStepTheHarvardIdGoesInIsAnsweredAtTheLastNameQuestion(string question)
    {
        var user = _bot.NewUser();
        Assert.Contains(RegistrationTexts.AskLastName, await _bot.SayAsync(user, "I'm new HMS staff and need to register for eCommons"), StringComparison.Ordinal);

        var reply = await _bot.SayAsync(user, question);

        Assert.Contains("STEP 2", reply, StringComparison.Ordinal);
        Assert.DoesNotContain(RegistrationTexts.LastNameRetry, reply, StringComparison.Ordinal);
        Assert.Contains(RegistrationTexts.AskLastName, reply, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("where do I go with questions about my harvard id?", false)]
    [InlineData("where does the harvard id go?", true)]
    public void WhereToGoWithAQuestionIsNotWhichStep(string said, bool whichStep) =>
        Assert.Equal(whichStep, HelpBot.Dialogs.Conversation.ConversationCues.AsksWhichStep(said));
}
