namespace HelpBot.Dialogs.Tests.Conversation;

/// <summary>
/// Issue 13, class 4: follow-ups after an answer about guest keys are answered in its context: "who in my lab could do
/// it then?" (someone who can't sponsor), "can she still do it?" about a contact elsewhere, and "what do they need to
/// fill out?" (the Invited User Request Form). Own wordings.
/// </summary>
public sealed class GuestFollowUpsTests : IDisposable
{
    private readonly BotHarness _bot = new();

    public void Dispose() => _bot.Dispose();

    [Theory]
    [InlineData("I'm just a postdoc, so who on my team could do it then?")]
    [InlineData("my friend works at MIT, can he still do it?")]
    public async Task WhoElseCouldSponsorIsAnsweredWithWhoMay(string followUp)
    {
        var user = _bot.NewUser();
        await _bot.SayAsync(user, "can I sponsor a visiting student from another university?");

        var reply = await _bot.SayAsync(user, followUp);

        Assert.DoesNotContain("didn't understand", reply, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("on-quad faculty", reply, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WhatTheSponsorFillsOutIsTheInvitedUserRequestForm()
    {
        var user = _bot.NewUser();
        await _bot.SayAsync(user, "who is allowed to sponsor a guest?");

        var reply = await _bot.SayAsync(user, "ok and which form do they have to fill in?");

        Assert.Contains("Invited User Request Form", reply, StringComparison.Ordinal);
        Assert.DoesNotContain("I can unlock your eCommons account, reset", reply, StringComparison.Ordinal);
    }
}
