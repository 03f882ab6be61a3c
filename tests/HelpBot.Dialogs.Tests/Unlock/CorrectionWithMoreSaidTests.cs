using HelpBot.Dialogs.Accounts;
using HelpBot.Dialogs.SafeCode;

namespace HelpBot.Dialogs.Tests.Unlock;

/// <summary>
/// Issue 13, class 8: a corrected username followed by more words ("sorry, I meant jsmith. email works") takes effect
/// before any code goes out, and what else was said in it (the way to send the code) counts too. Own wordings.
/// </summary>
public sealed class CorrectionWithMoreSaidTests : IDisposable
{
    private readonly BotHarness _bot = new();

    public void Dispose() => _bot.Dispose();

    [Theory]
    [InlineData("sorry, I meant jsmith. email works", "jsmith")]
    [InlineData("argh typo, should be mlee, not the other one", "mlee")]
    [InlineData("sorry, I meant to say the email is fine", null)]
    public void TheCorrectedUsernameIsFoundBeforeMoreWords(string said, string? username) =>
        Assert.Equal(username, IdentifierText.Correction(said));

    [Fact]
    public async Task TheCorrectionAndTheWayToSendTheCodeBothTakeEffect()
    {
        var user = _bot.NewUser();
        Assert.Contains(AccountTexts.AskIdentifier, await _bot.SayAsync(user, "locked out, please help"), StringComparison.Ordinal);
        Assert.Contains(SafeCodeDialogTexts.ChooseChannel, await _bot.SayAsync(user, "jsmiht"), StringComparison.Ordinal);

        var reply = await _bot.SayAsync(user, "sorry, I meant jsmith. email works");

        Assert.Contains("emailed a 6-digit SafeCode", reply, StringComparison.Ordinal);
        var code = await _bot.SafeCodeSentToAsync("jane.smith@example.org");
        Assert.Contains("Your account is unlocked", await _bot.SayAsync(user, code), StringComparison.Ordinal);
    }
}
