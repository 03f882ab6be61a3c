using HelpBot.Dialogs.Recognition;
using static HelpBot.Dialogs.Tests.Routing.RoutingHarness;

namespace HelpBot.Dialogs.Tests.GuestKeys;

/// <summary>
/// Issue 13, class 4: follow-ups after an answer about guest keys, in the words people use — "who can, then?" without the
/// verb, "could I be the sponsor?", "and what does he do then?" (the guest's next step: registering with the key). Own
/// wordings, written before the recognizer's data was read.
/// </summary>
public sealed class GuestFollowUpTests : IDisposable
{
    private readonly BotHarness _bot = new();

    public void Dispose() => _bot.Dispose();

    [Theory]
    [InlineData("and once he's got it, what does he do next?")]
    [InlineData("ok, when they receive it what do they need to do?")]
    public async Task AfterAGuestKeyAnswerTheGuestsNextStepIsRegistering(string said)
    {
        var user = _bot.NewUser();
        await _bot.SayAsync(user, "who is allowed to sponsor a guest?");

        var reply = await _bot.SayAsync(user, said);

        Assert.Contains(Title(Intents.GuestKeyRegister), reply, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("hm, so who is allowed then?")]
    [InlineData("who can then")]
    public async Task WhoCanThenAfterAGuestKeyAnswerIsWhoMaySponsor(string said)
    {
        var user = _bot.NewUser();
        await _bot.SayAsync(user, "as a grad student can I sponsor a visitor for guest access?");

        var reply = await _bot.SayAsync(user, said);

        Assert.Contains("faculty", reply, StringComparison.Ordinal);
        Assert.DoesNotContain("not quite sure", reply, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CouldIBeTheSponsorIsToldWhoMaySponsor()
    {
        var reply = await _bot.SayAsync(_bot.NewUser(), "could I be the sponsor myself? I coordinate the lab part-time");

        Assert.Contains("faculty", reply, StringComparison.Ordinal);
    }
}
