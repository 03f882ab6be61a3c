using HelpBot.Dialogs.SmallTalk;

namespace HelpBot.Dialogs.Tests.SmallTalk;

/// <summary>
/// Issue 13, class 1: a pleasantry said together with something else — what the person is doing now ("cheers, ringing
/// them right away") or a new question after it ("thank you! one more thing …") —
/// is answered as a person would, never with "I didn't understand". Own wordings, written before the recognizer's data
/// was read.
/// </summary>
public sealed class PleasantriesBesideOtherWordsTests : IDisposable
{
    private readonly BotHarness _bot = new();

    public void Dispose() => _bot.Dispose();

    [Theory]
    [InlineData("great, thanks - heading over there now")]
    [InlineData("cheers, ringing them right away")]
    [InlineData("ok thank you, trying it now")]
    public void ThanksWithWhatTheyAreDoingNowIsThanks(string said) =>
        Assert.Equal(SmallTalkKind.Thanks, HelpBot.Dialogs.SmallTalk.SmallTalk.Classify(said));

    [Theory]
    [InlineData("thanks, still getting locked out")]
    [InlineData("thanks, getting an error now")]
    public void ThanksBesideAProblemIsNotSmallTalk(string said) =>
        Assert.Null(HelpBot.Dialogs.SmallTalk.SmallTalk.Classify(said));

    [Theory]
    [InlineData("thank you! one more thing, how do I reset my password on the website?", "one more thing, how do I reset my password on the website?")]
    [InlineData("ok great. and who do I call about my Harvard ID", "and who do I call about my Harvard ID")]
    [InlineData("I forgot my password", null)]
    [InlineData("thanks", null)]
    public void WhatFollowsALeadingPleasantryIsTheRequest(string said, string? rest) =>
        Assert.Equal(rest, HelpBot.Dialogs.SmallTalk.SmallTalk.AfterPleasantry(said));

    [Fact]
    public async Task AQuestionAfterThanksIsAnsweredNotMisunderstood()
    {
        var user = _bot.NewUser();
        var reply = await _bot.SayAsync(user, "many thanks!! quick one: how would I unlock my account on the website myself next time?");
        Assert.DoesNotContain("didn't understand", reply, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("ecommons.med.harvard.edu", reply, StringComparison.OrdinalIgnoreCase);
    }
}
