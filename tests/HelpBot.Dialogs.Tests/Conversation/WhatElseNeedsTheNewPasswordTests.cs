using HelpBot.Dialogs.Conversation;
using HelpBot.Dialogs.SafeCode;

namespace HelpBot.Dialogs.Tests.Conversation;

/// <summary>
/// Issue 13, classes 4 and 7: after (or while) changing a password, "do my apps need the new password?", "will Outlook
/// pick up the new one?" or "do I have to change those too?" asks what to update: the devices-to-update answer, not
/// "I didn't understand", and inside a flow the same question again afterwards. Own wordings.
/// </summary>
public sealed class WhatElseNeedsTheNewPasswordTests : IDisposable
{
    private readonly BotHarness _bot = new();

    public void Dispose() => _bot.Dispose();

    [Theory]
    [InlineData("Do my apps need the new password?")]
    [InlineData("does my ipad need it too")]
    [InlineData("will Outlook pick up the new one by itself?")]
    [InlineData("will my laptop and the vpn just work, or do I have to change those too?")]
    [InlineData("do I need to update my phone too?")]
    [InlineData("do the other devices need updating as well")]
    public void AskingWhetherThingsNeedTheNewPasswordAsksWhatToUpdate(string said) =>
        Assert.True(ConversationCues.AsksWhatToUpdate(said), said);

    [Theory]
    [InlineData("how do I change my password?")]
    [InlineData("do I need to update my email address?")]
    [InlineData("does my phone number need to be on file?")]
    [InlineData("I want to change my password")]
    public void OtherQuestionsAreNot(string said) =>
        Assert.False(ConversationCues.AsksWhatToUpdate(said), said);

    [Fact]
    public async Task AskedOnItsOwnItGetsTheDevicesToUpdate()
    {
        var reply = await _bot.SayAsync(_bot.NewUser(), "quick question: do my apps need the new password?");

        Assert.DoesNotContain("didn't understand", reply, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("Update your new password everywhere", reply, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AskedAtTheSafeCodeQuestionItIsAnsweredAndTheQuestionAskedAgain()
    {
        var user = _bot.NewUser();
        await _bot.SayAsync(user, "I forgot my password");
        Assert.Contains(SafeCodeDialogTexts.ChooseChannel, await _bot.SayAsync(user, "jsmith"), StringComparison.Ordinal);

        var reply = await _bot.SayAsync(user, "will outlook and my phone pick up the new one automatically or do I have to change those too");

        Assert.DoesNotContain("didn't catch", reply, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("Update your new password everywhere", reply, StringComparison.Ordinal);
        Assert.Contains(SafeCodeDialogTexts.ChooseChannel, reply, StringComparison.Ordinal);
    }
}
