using HelpBot.Dialogs.Accounts;
using HelpBot.Dialogs.Conversation;
using HelpBot.Dialogs.Recognition;
using HelpBot.Dialogs.SafeCode;
using static HelpBot.Dialogs.Tests.Routing.RoutingHarness;

namespace HelpBot.Dialogs.Tests.Conversation;

/// <summary>
/// Issue 13, class 7: "why do you need that? how do I know this is legit?" at a flow's question is a question about that
/// step: it gets the step's own explanation and the same question again, never "sorry, I didn't catch that", and nothing
/// is sent meanwhile; "how does that work?" about another task gets that task's steps and the question again. Also how
/// a request said with its details is read (the username after "unlock", the details kept out of the words the model
/// reads). Own wordings.
/// </summary>
public sealed class WhyTheStepAsksTests : IDisposable
{
    private readonly BotHarness _bot = new();

    public void Dispose() => _bot.Dispose();

    [Theory]
    [InlineData("wait, why would you need to send me anything? how can I tell you're legit")]
    [InlineData("hmm why do I have to do this step, this feels like a scam")]
    public async Task AtTheWayToSendTheCodeItExplainsTheStepAndAsksAgain(string said)
    {
        var user = _bot.NewUser();
        Assert.Contains(SafeCodeDialogTexts.ChooseChannel, await _bot.SayAsync(user, "I'm locked out, my username is jsmith"), StringComparison.Ordinal);

        var reply = await _bot.SayAsync(user, said);

        Assert.Contains(SafeCodeDialogTexts.ChannelHelp, reply, StringComparison.Ordinal);
        Assert.Contains(ConversationTexts.BackToIt, reply, StringComparison.Ordinal);
        Assert.Contains(SafeCodeDialogTexts.ChooseChannel, reply, StringComparison.Ordinal);
        Assert.DoesNotContain("didn't catch", reply, StringComparison.OrdinalIgnoreCase);
        Assert.Empty(_bot.Outbox());
    }

    [Theory]
    [InlineData("could you unlock tnguyen? that's me", "tnguyen")]
    [InlineData("pls unblock akumar.", "akumar")]
    [InlineData("can you unlock my account?", null)]
    [InlineData("unlock it please", null)]
    public void AUsernameRightAfterUnlockIsTheAccount(string said, string? username) =>
        Assert.Equal(username, IdentifierText.InRequest(said));

    [Fact]
    public async Task AUsernameAndAWayToSendTheCodeDoNotHideTheRequest()
    {
        var user = _bot.NewUser();
        var reply = await _bot.SayAsync(user, "right, unlock it then please, user jsmith, email me");
        Assert.Contains("emailed a 6-digit SafeCode", reply, StringComparison.Ordinal);
        Assert.DoesNotContain("ticket", reply, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task AskedInAFlowAboutAnotherTaskItGetsThatTasksStepsAndTheQuestionAgain()
    {
        var user = _bot.NewUser();
        Assert.Contains(SafeCodeDialogTexts.ChooseChannel, await _bot.SayAsync(user, "I'm locked out, username jsmith"), StringComparison.Ordinal);

        var reply = await _bot.SayAsync(user, "oh and my new colleague must register for ecommons, how does that work?");

        Assert.Contains(Title(Intents.ECommonsRegister), reply, StringComparison.Ordinal);
        Assert.Contains(ConversationTexts.BackToIt, reply, StringComparison.Ordinal);
        Assert.Contains(SafeCodeDialogTexts.ChooseChannel, reply, StringComparison.Ordinal);
    }
}
