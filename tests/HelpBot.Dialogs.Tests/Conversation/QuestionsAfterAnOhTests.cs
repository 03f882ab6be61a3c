using HelpBot.Dialogs.Conversation;

namespace HelpBot.Dialogs.Tests.Conversation;

/// <summary>
/// Issue 13, class 4: a question that opens with an "oh." or "ok so" ("oh. so how do I change it before it runs out")
/// is still a question about the last answer: after hearing the password expires soon, the person gets the steps and
/// the change, not "did you mean …?". And in Teams, "I need my Harvard ID, and can I use it to log in?" gets both: HUID
/// and PIN, and the look-up. Own wordings.
/// </summary>
public sealed class QuestionsAfterAnOhTests : IDisposable
{
    private const string MichaelInTeams = "0b6f1c2e-4a11-4d1e-9c01-000000000002"; // mlee: password expires in 3 days
    private const string ThomasInTeams = "0b6f1c2e-4a11-4d1e-9c01-000000000004"; // tnguyen, HMS student

    private readonly BotHarness _bot = new();

    public void Dispose() => _bot.Dispose();

    [Theory]
    [InlineData("oh. so how do i change it before it runs out")]
    [InlineData("ah ok, so what do I do then")]
    [InlineData("hmm, where is that")]
    public void AQuestionAfterAnOhIsAQuestion(string said) => Assert.True(ConversationCues.IsQuestion(said), said);

    [Fact]
    public async Task HowToChangeItAfterHearingItExpiresSoonGetsTheSteps()
    {
        var user = _bot.NewUser("michael", "msteams", MichaelInTeams);
        Assert.Contains("expires", await _bot.SayAsync(user, "I think my ecommons account is locked?"), StringComparison.Ordinal);

        var reply = await _bot.SayAsync(user, "oh ok. so how would I change it before then");

        Assert.Contains("Preferences", reply, StringComparison.Ordinal);
        Assert.DoesNotContain("not quite sure what you need", reply, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NeedingTheHarvardIdAndAskingToLogInWithItGetsBoth()
    {
        var reply = await _bot.SayAsync(_bot.NewUser("thomas", "msteams", ThomasInTeams), "I need my HUID for a form, and could I use it to log into ecommons too?");

        Assert.Contains("PIN", reply, StringComparison.Ordinal);
        Assert.Contains("617-432-1515", reply, StringComparison.Ordinal);
    }
}
