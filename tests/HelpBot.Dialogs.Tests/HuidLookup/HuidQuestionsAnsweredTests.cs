using HelpBot.Dialogs.Accounts;

namespace HelpBot.Dialogs.Tests.HuidLookup;

/// <summary>
/// Issue 13, classes 4 and 11: questions about the Harvard ID are answered, not turned into a look-up: logging in with
/// the HUID (HUID and PIN), whether the HUID is the eCommons login, and a school and role told after a Harvard ID
/// answer (the office that handles their Harvard IDs). Own wordings.
/// </summary>
public sealed class HuidQuestionsAnsweredTests : IDisposable
{
    private readonly BotHarness _bot = new();

    public void Dispose() => _bot.Dispose();

    [Theory]
    [InlineData("can I sign in to ecommons using my harvard id rather than a username?")]
    [InlineData("is it possible to log in with the HUID?")]
    [InlineData("could I just sign in with my harvard ID number instead of a username")]
    public async Task LoggingInWithTheHuidIsTheHuidAndPinAnswer(string question)
    {
        var reply = await _bot.SayAsync(_bot.NewUser(), question);

        Assert.Contains("PIN", reply, StringComparison.Ordinal);
        Assert.DoesNotContain(AccountTexts.AskIdentifier, reply, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WhetherTheHuidIsTheECommonsLoginIsAnsweredInTheMiddleOfTheLookUp()
    {
        var user = _bot.NewUser();
        Assert.Contains(AccountTexts.AskIdentifier, await _bot.SayAsync(user, "what's my harvard id?"), StringComparison.Ordinal);

        var reply = await _bot.SayAsync(user, "hmm is the harvard id the same as my ecommons login?");

        Assert.Contains("PIN", reply, StringComparison.Ordinal);
        Assert.Contains(AccountTexts.AskIdentifier, reply, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SchoolAndRoleToldAtTheLookUpGetTheirOffice()
    {
        var user = _bot.NewUser();
        Assert.Contains(AccountTexts.AskIdentifier, await _bot.SayAsync(user, "what's my harvard id?"), StringComparison.Ordinal);

        var reply = await _bot.SayAsync(user, "I'm a dental student");

        Assert.Contains("617-432-8243", reply, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SchoolAndRoleToldAfterAHarvardIdAnswerGetTheirOffice()
    {
        var user = _bot.NewUser();
        await _bot.SayAsync(user, "what's the harvard id of my colleague mlee?");

        var reply = await _bot.SayAsync(user, "she is a student at public health, if that matters");

        Assert.Contains("617-432-1032", reply, StringComparison.Ordinal);
    }
}
