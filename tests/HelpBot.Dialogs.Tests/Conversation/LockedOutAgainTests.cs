using HelpBot.Dialogs.Accounts;
using HelpBot.Dialogs.Conversation;

namespace HelpBot.Dialogs.Tests.Conversation;

/// <summary>
/// Issue 13 (held-out sets 1 and 4): someone locked out once more is unlocked, not only told why it happens; "my laptop
/// probably still has the old password" afterwards is how to update that device; "unlock jsmith please, code by email"
/// names the account and the way (the code's way is no question about SafeCode); the unlock offers a reset next, which
/// the code just checked serves; "unlock it and reset my password too" at the unlock's question does both. Own wordings.
/// </summary>
public sealed class LockedOutAgainTests : IDisposable
{
    private readonly BotHarness _bot = new();

    public void Dispose() => _bot.Dispose();

    [Theory]
    [InlineData("locked out of ecommons again. second time today", true)]
    [InlineData("and again I'm locked out", true)]
    [InlineData("why do I keep getting locked out again?", false)]
    [InlineData("it keeps locking me out again and again", false)]
    public void LockedOutOnceMore(string said, bool again) => Assert.Equal(again, ConversationCues.SaysLockedOutAgain(said));

    [Theory]
    [InlineData("please unlock jsmith asap", "jsmith")]
    [InlineData("unlock mlee now, text me", "mlee")]
    public void TheAccountNamedAfterUnlock(string said, string username) => Assert.Equal(username, IdentifierText.InRequest(said));

    [Fact]
    public void HowTheCodeTravelsIsNotWhatIsAsked() =>
        Assert.DoesNotContain("code", ConversationCues.ForRecognition("unlock jsmith please, code via text"), StringComparison.OrdinalIgnoreCase);

    [Theory]
    [InlineData("locked out of ecommons again. second time today. so annoying")]
    [InlineData("Locked out again. Happens every other day now.")]
    public async Task LockedOutAgainStartsTheUnlock(string said)
    {
        var reply = await _bot.SayAsync(_bot.NewUser(), said);

        Assert.Contains(AccountTexts.AskIdentifier, reply, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ADeviceWithTheOldPasswordAfterAnUnlockGetsHowToUpdateIt()
    {
        var user = _bot.NewUser();
        await _bot.SayAsync(user, "unlock jsmith please, code via text");
        await _bot.SayAsync(user, await _bot.SafeCodeSentToAsync("+16175550101"));

        var laptop = await _bot.SayAsync(user, "hmm. my laptop probably still has the old password");
        var phone = await _bot.SayAsync(user, "and my android has the old one too");

        Assert.Contains("your laptop", laptop, StringComparison.Ordinal);
        Assert.Contains(ConversationTexts.MobileSteps, phone, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheUnlockOffersAResetThatNeedsNoSecondCode()
    {
        var user = _bot.NewUser();
        await _bot.SayAsync(user, "unlock jsmith please, code via text");
        var unlocked = await _bot.SayAsync(user, await _bot.SafeCodeSentToAsync("+16175550101"));
        Assert.Contains("Reset a forgotten password", unlocked, StringComparison.Ordinal);
        var sent = _bot.Outbox().Count;

        var reply = await _bot.SayAsync(user, "Reset a forgotten password");

        Assert.Contains("/reset/", reply, StringComparison.Ordinal);
        Assert.Equal(sent, _bot.Outbox().Count);
    }

    [Fact]
    public async Task UnlockAndResetAskedAtTheUnlocksQuestionDoesBoth()
    {
        var user = _bot.NewUser();
        await _bot.SayAsync(user, "my account is locked, username jsmith");
        await _bot.SayAsync(user, "ok unlock it and reset my password too, by text please");

        var reply = await _bot.SayAsync(user, await _bot.SafeCodeSentToAsync("+16175550101"));

        Assert.False((await _bot.Directory.FindAsync("jsmith", CancellationToken.None))!.IsLocked);
        Assert.Contains("/reset/", reply, StringComparison.Ordinal);
    }
}
