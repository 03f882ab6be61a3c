namespace HelpBot.Dialogs.Tests.Unlock;

/// <summary>
/// Issue 13, class 12: in Teams HelpBot knows whose account it is, so "I think I'm locked, my mail app keeps asking for
/// my password" is checked against the account: Michael Lee is not locked, but his password expires soon, and he hears
/// that, rather than only the general advice about devices. Own wordings.
/// </summary>
public sealed class LockedOrExpiringInTeamsTests : IDisposable
{
    // Michael Lee in the demo directory: not locked, password expiring in a few days.
    private const string MichaelInTeams = "0b6f1c2e-4a11-4d1e-9c01-000000000002";

    private readonly BotHarness _bot = new();

    public void Dispose() => _bot.Dispose();

    [Fact]
    public async Task ALockoutBlamedOnADeviceIsCheckedAgainstTheAccount()
    {
        var user = _bot.NewUser("michael", "msteams", MichaelInTeams);

        var reply = await _bot.SayAsync(user, "pretty sure my account got locked? my iphone mail keeps asking me for the password");

        Assert.Contains("expire", reply, StringComparison.OrdinalIgnoreCase);
    }
}
