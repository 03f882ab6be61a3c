using HelpBot.Dialogs.Conversation;

namespace HelpBot.Dialogs.Tests.Conversation;

/// <summary>
/// Issue 13, classes 1 and 7: at "would you like to change it now?" about an expiring password, "and what if it never
/// offers me that when I log in?" is answered (Preferences, Security, Change password) and the question asked again;
/// thanks there is thanks, not "tap yes or no"; and "how do I change it before it runs out?" after an answer that
/// pointed to a change is that change. Own wordings.
/// </summary>
public sealed class WhenTheExpiryPromptDoesNotShowTests : IDisposable
{
    private readonly BotHarness _bot = new();

    public void Dispose() => _bot.Dispose();

    [Fact]
    public async Task NoExpiryMessageAtLogInIsAnsweredWithPreferencesSecurity()
    {
        var user = _bot.NewUser();
        Assert.Contains("change it now", await _bot.SayAsync(user, "my ecommons password expires on monday, what should I do?"), StringComparison.Ordinal);

        var reply = await _bot.SayAsync(user, "and what if it never offers me that when I sign in?");

        Assert.Contains("Preferences, then Security", reply, StringComparison.Ordinal);
        Assert.DoesNotContain("didn't catch", reply, StringComparison.Ordinal);
        Assert.Contains("change it now", reply, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ThanksAtTheYesOrNoQuestionIsThanks()
    {
        var user = _bot.NewUser();
        Assert.Contains("change it now", await _bot.SayAsync(user, "my ecommons password expires on monday, what should I do?"), StringComparison.Ordinal);

        var reply = await _bot.SayAsync(user, "understood. many thanks");

        Assert.DoesNotContain("didn't catch", reply, StringComparison.Ordinal);
        Assert.Contains("welcome", reply, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("so how do i change it before it runs out")]
    [InlineData("how can I do that before friday?")]
    public void HowToDoThatWithAWhenAfterItIsStillAboutThat(string said) =>
        Assert.True(ConversationCues.AsksHowToDoThat(said), said);
}
