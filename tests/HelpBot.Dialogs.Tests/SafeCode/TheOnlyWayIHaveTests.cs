using HelpBot.Dialogs.SafeCode;

namespace HelpBot.Dialogs.Tests.SafeCode;

/// <summary>
/// Issue 13, class 2: at "where should I send it?", a person who says the only way they have ("e-mail's my only option,
/// I don't have a work phone", "I only have my cell") has chosen that way: the code goes there, the question is not
/// repeated. Own wordings, written from how people answer.
/// </summary>
public sealed class TheOnlyWayIHaveTests : IDisposable
{
    private readonly BotHarness _bot = new();

    public void Dispose() => _bot.Dispose();

    [Theory]
    [InlineData("the only way I have is e-mail", SafeCodeDialog.EmailValue)]
    [InlineData("e-mail's my only option, I don't have a work phone", SafeCodeDialog.EmailValue)]
    [InlineData("I don't have a work cell", SafeCodeDialog.EmailValue)]
    [InlineData("my inbox is the only thing I can check right now", SafeCodeDialog.EmailValue)]
    [InlineData("only by email please", SafeCodeDialog.EmailValue)]
    [InlineData("I only have my phone", SafeCodeDialog.TextValue)]
    [InlineData("the only one I've got is my mobile", SafeCodeDialog.TextValue)]
    [InlineData("texting is my only option, no personal email", SafeCodeDialog.TextValue)]
    [InlineData("I only have a minute", null)]
    [InlineData("the only problem is I'm in a meeting", null)]
    public void TheOnlyWaySaidIsTheWayChosen(string said, string? channel) =>
        Assert.Equal(channel, SafeCodeDialog.ChannelIn(said));

    [Fact]
    public async Task SayingEmailIsTheOnlyWaySendsTheCodeByEmail()
    {
        var user = _bot.NewUser();
        await _bot.SayAsync(user, "I forgot my password");
        Assert.Contains(SafeCodeDialogTexts.ChooseChannel, await _bot.SayAsync(user, "jsmith"), StringComparison.Ordinal);

        var reply = await _bot.SayAsync(user, "honestly the only way I have is e-mail, there's no work phone");

        Assert.DoesNotContain("didn't catch", reply, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("just emailed a 6-digit SafeCode", reply, StringComparison.Ordinal);
    }
}
