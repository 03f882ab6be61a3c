namespace HelpBot.Dialogs.Tests.SafeCode;

/// <summary>
/// Issue 13, class 3: at the code question, asking for the code again in one's own words ("could you try sending it once
/// more?") sends a new one; it is not read as a wrong code. Own wordings.
/// </summary>
public sealed class ResendInOwnWordsTests : IDisposable
{
    private readonly BotHarness _bot = new();

    public void Dispose() => _bot.Dispose();

    [Theory]
    [InlineData("could you try sending it once more?")]
    [InlineData("pls try sending that again")]
    [InlineData("can you send me it one more time")]
    public async Task ANewCodeIsSent(string said)
    {
        var user = _bot.NewUser();
        await _bot.SayAsync(user, "I'm locked out, username jsmith");
        await _bot.SayAsync(user, "a text is fine");
        await _bot.SafeCodeSentToAsync("+16175550101");
        var before = _bot.Outbox().Count;

        var reply = await _bot.SayAsync(user, said);

        Assert.DoesNotContain("6 digits, like 123456", reply, StringComparison.Ordinal);
        var code = await _bot.SafeCodeSentToAsync("+16175550101", before);
        Assert.Contains("Your account is unlocked", await _bot.SayAsync(user, code), StringComparison.Ordinal);
    }
}
