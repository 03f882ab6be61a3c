namespace HelpBot.Dialogs.Tests.Conversation;

/// <summary>
/// Issue 13, class 6: the HMS VPN, like the wireless network, uses the eCommons login (the seed lists it among the
/// systems to update after a change), so a question about its password gets that answer, not the fallback. Own wordings.
/// </summary>
public sealed class SystemsThatUseTheLoginTests : IDisposable
{
    private readonly BotHarness _bot = new();

    public void Dispose() => _bot.Dispose();

    [Theory]
    [InlineData("does the HMS VPN have its own password?")]
    [InlineData("what do I sign into the vpn with")]
    public async Task TheVpnUsesTheECommonsLogin(string said)
    {
        var reply = await _bot.SayAsync(_bot.NewUser(), said);

        Assert.Contains("eCommons username and password", reply, StringComparison.Ordinal);
        Assert.DoesNotContain("didn't understand", reply, StringComparison.Ordinal);
    }
}
