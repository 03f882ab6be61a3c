using HelpBot.Dialogs.Accounts;

namespace HelpBot.Dialogs.Tests.HuidLookup;

/// <summary>
/// Issue 13, class 7: "where do I reset the PIN if I forget it?" in the middle of a Harvard ID look-up is answered (the
/// HUIT Help Desk, 617-496-9001) and the look-up goes on at the same question. Own wordings.
/// </summary>
public sealed class PinQuestionInTheLookUpTests : IDisposable
{
    private readonly BotHarness _bot = new();

    public void Dispose() => _bot.Dispose();

    [Theory]
    [InlineData("nice. how would I reset the PIN if I ever lose it")]
    [InlineData("btw I forgot my pin too, where do I sort that out")]
    public async Task AForgottenPinQuestionIsAnsweredAndTheLookUpGoesOn(string question)
    {
        var user = _bot.NewUser();
        Assert.Contains(AccountTexts.AskIdentifier, await _bot.SayAsync(user, "what's my harvard id?"), StringComparison.Ordinal);

        var reply = await _bot.SayAsync(user, question);

        Assert.Contains("617-496-9001", reply, StringComparison.Ordinal);
        Assert.Contains(AccountTexts.AskIdentifier, reply, StringComparison.Ordinal);
    }
}
