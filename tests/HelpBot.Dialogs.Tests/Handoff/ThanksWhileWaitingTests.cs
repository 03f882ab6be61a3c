using HelpBot.Dialogs.Handoff;

namespace HelpBot.Dialogs.Tests.Handoff;

/// <summary>
/// Newcomer finding: while waiting for a person, "thanks" got the long "I've passed that on to the Service Desk…" line,
/// word for word, every time. A thanks or an "ok" gets a short, kind acknowledgement; the desk still sees it.
/// </summary>
public sealed class ThanksWhileWaitingTests : IDisposable
{
    private readonly HandoffHarness _h = new();

    [Theory]
    [InlineData("thanks")]
    [InlineData("ok thank you!")]
    [InlineData("ok")]
    [InlineData("cool, thx")]
    public async Task AThanksOrOkGetsAShortAcknowledgementNotThePassedOnLine(string said)
    {
        var user = _h.NewUser();
        await _h.SayAsync(user, "talk to a person");
        var escalation = await _h.LiveAsync(user);

        var first = HandoffHarness.Texts(await _h.SayAsync(user, said));
        var second = HandoffHarness.Texts(await _h.SayAsync(user, said));

        foreach (var told in new[] { first, second })
        {
            Assert.DoesNotContain("passed that on", told, StringComparison.OrdinalIgnoreCase);
            Assert.True(told.Length is > 0 and < 120, $"a short line, not: {told}");
        }
        Assert.Equal(2, _h.Desk.UserMessages.Count(l => l.Text == said));
        Assert.Equal(EscalationStatus.Waiting, (await _h.LiveAsync(user)).Status);
        Assert.Equal(escalation.Ticket, (await _h.LiveAsync(user)).Ticket);
    }

    [Fact]
    public async Task ARealMessageAfterAThanksIsStillPassedOn()
    {
        var user = _h.NewUser();
        await _h.SayAsync(user, "talk to a person");
        await _h.SayAsync(user, "thanks");

        var told = HandoffHarness.Texts(await _h.SayAsync(user, "it's about my locked account, I'm jsmith"));

        Assert.Contains("passed that on", told, StringComparison.OrdinalIgnoreCase);
    }

    public void Dispose() => _h.Dispose();
}
