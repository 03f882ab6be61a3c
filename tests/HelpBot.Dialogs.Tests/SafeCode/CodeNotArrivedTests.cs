using HelpBot.Dialogs.SafeCode;

namespace HelpBot.Dialogs.Tests.SafeCode;

/// <summary>
/// At the code question, words about the code not arriving are about this step, even when the recognizer reads them as
/// a question about SafeCode: the flow stays, a new code goes out, and the person hears what else to try.
/// </summary>
public sealed class CodeNotArrivedTests : IDisposable
{
    private readonly BotHarness _bot = new();

    public void Dispose() => _bot.Dispose();

    [Theory]
    [InlineData("been waiting a while now and no code turned up")]
    [InlineData("still nothing here, the code never showed")]
    [InlineData("hmm no safecode has come through yet")]
    public async Task TheFlowStaysAndANewCodeIsSent(string said)
    {
        var user = _bot.NewUser();
        await _bot.SayAsync(user, "my password stopped working and I need a new one");
        await _bot.SayAsync(user, "jsmith");
        await _bot.SayAsync(user, "text please");
        await _bot.SafeCodeSentToAsync("+16175550101");
        var before = _bot.Outbox().Count;

        var reply = await _bot.SayAsync(user, said);

        Assert.Contains("Sorry it hasn", reply, StringComparison.Ordinal);
        Assert.Contains("use email", reply, StringComparison.Ordinal);
        Assert.DoesNotContain("switch", reply, StringComparison.OrdinalIgnoreCase);
        var code = await _bot.SafeCodeSentToAsync("+16175550101", before);
        Assert.Contains(SafeCodeDialogTexts.Verified, await _bot.SayAsync(user, code), StringComparison.Ordinal);
    }
}
