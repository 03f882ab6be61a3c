using HelpBot.Dialogs.Accounts;
using HelpBot.Dialogs.SafeCode;

namespace HelpBot.Dialogs.Tests.SafeCode;

/// <summary>
/// Issue 13, class 8: a correction of the username that also says the way is still fine ("sorry, I meant jsmith. text
/// is still fine") is identified afresh and the code goes that way at once, without asking for the way again. Own
/// wordings.
/// </summary>
public sealed class AWayStillFineTests : IDisposable
{
    private readonly BotHarness _bot = new();

    public void Dispose() => _bot.Dispose();

    [Theory]
    [InlineData("email is still fine", SafeCodeDialog.EmailValue)]
    [InlineData("a text is also ok", SafeCodeDialog.TextValue)]
    [InlineData("my phone is still good", SafeCodeDialog.TextValue)]
    public void AWaySaidToBeStillFineIsChosen(string said, string channel) =>
        Assert.Equal(channel, SafeCodeDialog.ChannelIn(said));

    [Fact]
    public async Task ACorrectedUsernameWithTheWayStillFineGetsTheCodeThatWay()
    {
        var user = _bot.NewUser();
        Assert.Contains(SafeCodeDialogTexts.ChooseChannel, await _bot.SayAsync(user, "I'm locked out, username jsmiht"), StringComparison.Ordinal);
        Assert.Contains("just texted", await _bot.SayAsync(user, "text please"), StringComparison.Ordinal);

        var reply = await _bot.SayAsync(user, "argh typo, sorry - I meant jsmith. a text is still fine");

        Assert.DoesNotContain(SafeCodeDialogTexts.ChooseChannel, reply, StringComparison.Ordinal);
        Assert.Contains("just texted", reply, StringComparison.Ordinal);
        Assert.DoesNotContain(AccountTexts.AskIdentifier, reply, StringComparison.Ordinal);
    }
}
