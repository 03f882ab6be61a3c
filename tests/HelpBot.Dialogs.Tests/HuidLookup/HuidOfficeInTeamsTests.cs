namespace HelpBot.Dialogs.Tests.HuidLookup;

/// <summary>
/// Issue 13, class 4: in Teams, where HelpBot knows the person's school and role, "what's my Harvard ID?" also names the
/// office that can tell them (an HSPH student: the HSPH Registrar) before the look-up. Own wordings.
/// </summary>
public sealed class HuidOfficeInTeamsTests : IDisposable
{
    private const string MichaelInTeams = "0b6f1c2e-4a11-4d1e-9c01-000000000002"; // mlee, HSPH student

    private readonly BotHarness _bot = new();

    public void Dispose() => _bot.Dispose();

    [Fact]
    public async Task AnHsphStudentAskingForTheirHarvardIdInTeamsHearsOfTheHsphRegistrar()
    {
        var reply = await _bot.SayAsync(_bot.NewUser("michael", "msteams", MichaelInTeams), "what is my HUID, I need it for a form");

        Assert.Contains("617-432-1032", reply, StringComparison.Ordinal);
    }
}
