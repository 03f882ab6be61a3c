using HelpBot.Dialogs.Handoff;

namespace HelpBot.Dialogs.Tests.Handoff;

/// <summary>
/// Issue 13, class 10: while waiting for a person, asking how to reach the desk directly, however it is put, gets the
/// Service Desk's number (the request stays in the queue); asking about the queue itself still gets the place in it.
/// </summary>
public sealed class QueuedAskingForTheNumberTests : IDisposable
{
    private readonly HandoffHarness _h = new();

    [Theory]
    [InlineData("could I phone them directly instead? which number")]
    [InlineData("what number do I ring if this drags on")]
    [InlineData("can I just call the desk")]
    public async Task AskingHowToCallTheDeskGetsItsNumber(string said)
    {
        var user = _h.NewUser();
        await _h.SayAsync(user, "talk to a person");
        var escalation = await _h.LiveAsync(user);

        var told = HandoffHarness.Texts(await _h.SayAsync(user, said));

        Assert.Equal(HandoffTexts.DeskWhileWaiting(escalation.Ticket), told);
    }

    [Fact]
    public async Task AskingWhereTheyAreInTheQueueGetsTheirPlace()
    {
        var user = _h.NewUser();
        await _h.SayAsync(user, "talk to a person");

        var told = HandoffHarness.Texts(await _h.SayAsync(user, "what number am I in the queue now?"));

        Assert.Contains("number 1 in the queue", told, StringComparison.Ordinal);
    }

    public void Dispose() => _h.Dispose();
}
