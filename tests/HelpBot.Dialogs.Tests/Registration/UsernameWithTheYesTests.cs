using HelpBot.Dialogs.Accounts;
using HelpBot.Dialogs.SafeCode;

namespace HelpBot.Dialogs.Tests.Registration;

/// <summary>
/// Newcomer finding: at the offer to pass an e-mail change to HR, "yes please, i'm tnguyen" still got "What's your
/// eCommons username…?". A username said with the yes is used, not asked for again; words that only follow "I'm"
/// ("I'm staff", "I'm new") are not taken for one.
/// </summary>
public sealed class UsernameWithTheYesTests : IDisposable
{
    private readonly BotHarness _bot = new();

    [Theory]
    [InlineData("yes please, i'm tnguyen", "+16175550104")]
    [InlineData("sure, I'm akumar", "+16175550103")]
    [InlineData("yes. username mlee", "+16175550102")]
    public async Task AUsernameGivenWithTheYesIsNotAskedForAgain(string yes, string phone)
    {
        var user = _bot.NewUser();
        await _bot.SayAsync(user, "I need to update my email adress, the one you have is old");

        var reply = await _bot.SayAsync(user, yes);

        Assert.DoesNotContain(AccountTexts.AskIdentifier, reply, StringComparison.Ordinal);
        Assert.Contains(SafeCodeDialogTexts.ChooseChannel, reply, StringComparison.Ordinal);
        await _bot.SayAsync(user, "text");
        Assert.Matches("^[0-9]{6}$", await _bot.SafeCodeSentToAsync(phone));
    }

    [Theory]
    [InlineData("yes please")]
    [InlineData("yes, i'm staff")]
    [InlineData("sure, i'm new")]
    public async Task AYesThatNamesNoAccountStillAsksForTheUsername(string yes)
    {
        var user = _bot.NewUser();
        await _bot.SayAsync(user, "I need to update my email adress, the one you have is old");

        Assert.Contains(AccountTexts.AskIdentifier, await _bot.SayAsync(user, yes), StringComparison.Ordinal);
    }

    public void Dispose() => _bot.Dispose();
}
