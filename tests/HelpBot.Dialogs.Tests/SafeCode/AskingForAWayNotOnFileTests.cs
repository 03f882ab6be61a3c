using HelpBot.Dialogs.SafeCode;

namespace HelpBot.Dialogs.Tests.SafeCode;

/// <summary>
/// Issue 13, class 2: at "where should I send the SafeCode?", asking for a way the (Teams-proven) account has no
/// contact for is an answer to that question, not a request for a person: HelpBot says which way it can use, and the
/// flow waits at the same question. Own wordings.
/// </summary>
public sealed class AskingForAWayNotOnFileTests : IDisposable
{
    // Rosa Brown in the demo directory: an alternate e-mail, no text-enabled phone.
    private const string RosaInTeams = "0b6f1c2e-4a11-4d1e-9c01-000000000005";

    private readonly BotHarness _bot = new();

    public void Dispose() => _bot.Dispose();

    [Theory]
    [InlineData("can I get it by text instead?")]
    [InlineData("could you text me the code")]
    public async Task AskingForATextWithNoPhoneOnFileIsToldTheEmailWay(string said)
    {
        var user = _bot.NewUser("rosa", "msteams", RosaInTeams);
        Assert.Contains(SafeCodeDialogTexts.ChooseChannel, await _bot.SayAsync(user, "I forgot my password"), StringComparison.Ordinal);

        var reply = await _bot.SayAsync(user, said);

        Assert.Contains("no text-enabled phone", reply, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("r•••@example.net", reply, StringComparison.Ordinal);
        Assert.DoesNotContain("ticket", reply, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("didn't catch", reply, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("I've sent a 6-digit SafeCode", await _bot.SayAsync(user, "alright, e-mail then"), StringComparison.Ordinal);
        await _bot.SafeCodeSentToAsync("rosa.brown@example.net");
    }
}
