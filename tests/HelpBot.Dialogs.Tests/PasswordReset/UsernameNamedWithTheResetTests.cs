using HelpBot.Dialogs.Accounts;
using HelpBot.Dialogs.SafeCode;

namespace HelpBot.Dialogs.Tests.PasswordReset;

/// <summary>
/// Newcomer finding: "forgot my pasword for jsmith, need to reset it" named the account, yet the bot asked for the
/// username. Whoever the request names (typed as people type) is the account the reset is for; words that only look
/// like a name ("for my guest", "for it") are not taken for one.
/// </summary>
public sealed class UsernameNamedWithTheResetTests : IDisposable
{
    private readonly BotHarness _bot = new();

    [Fact]
    public async Task AUsernameInTheSentenceIsNotAskedForAgainAndTheCodeGoesToThatAccount()
    {
        var user = _bot.NewUser();

        var reply = await _bot.SayAsync(user, "forgot my pasword for jsmith, need to reset it");

        Assert.DoesNotContain(AccountTexts.AskIdentifier, reply, StringComparison.Ordinal);
        Assert.Contains(SafeCodeDialogTexts.ChooseChannel, reply, StringComparison.Ordinal);
        await _bot.SayAsync(user, "text");
        Assert.Matches("^[0-9]{6}$", await _bot.SafeCodeSentToAsync("+16175550101"));
    }

    [Theory]
    [InlineData("reset password for mlee")]
    [InlineData("pls reset pw for akumar")]
    [InlineData("i forgot the password for tnguyen. can you help")]
    public async Task OtherWaysOfNamingTheAccountAreTakenToo(string said)
    {
        var reply = await _bot.SayAsync(_bot.NewUser(), said);

        Assert.DoesNotContain(AccountTexts.AskIdentifier, reply, StringComparison.Ordinal);
        Assert.Contains(SafeCodeDialogTexts.ChooseChannel, reply, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("forgot my pasword for jsmith, need to reset it", "jsmith")]
    [InlineData("reset password for mlee", "mlee")]
    [InlineData("can you reset the passwrd for akumar please", "akumar")]
    [InlineData("Forgot my Password for tnguyen.", "tnguyen")]
    [InlineData("reset the password for someone, please", null)]
    [InlineData("forgot my password for it, need to reset it", null)]
    [InlineData("need a pasword for my guest", null)]
    [InlineData("forgot my password for ecommons", null)]
    [InlineData("what's the password for wifi", null)]
    public void OnlyAWordThatCanBeAUsernameIsTaken(string said, string? username) =>
        Assert.Equal(username, IdentifierText.InRequest(said));

    public void Dispose() => _bot.Dispose();
}
