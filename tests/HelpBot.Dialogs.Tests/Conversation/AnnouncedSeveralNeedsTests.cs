using HelpBot.Dialogs.Conversation;

namespace HelpBot.Dialogs.Tests.Conversation;

/// <summary>
/// Issue 13, class 9: a message that announces several needs ("two problems: …") lists them joined by a plain "and"; each
/// is served, in order, with one verification. Own wordings.
/// </summary>
public sealed class AnnouncedSeveralNeedsTests : IDisposable
{
    private readonly BotHarness _bot = new();

    public void Dispose() => _bot.Dispose();

    [Theory]
    [InlineData("two problems: my account is locked and I can't remember my password")]
    [InlineData("A couple of issues - I'm locked out and my password is forgotten too")]
    public void TheNeedsAfterTheAnnouncementAreSplitAtAnd(string said) =>
        Assert.Equal(2, ConversationCues.Needs(said).Count);

    [Fact]
    public async Task BothAreDoneWithOneCode()
    {
        var user = _bot.NewUser();
        await _bot.SayAsync(user, "Two problems: I'm locked out of ecommons and I forgot my password. username jsmith");
        await _bot.SayAsync(user, "text");
        var code = await _bot.SafeCodeSentToAsync("+16175550101");

        var reply = await _bot.SayAsync(user, code);

        Assert.Contains("Your account is unlocked", reply, StringComparison.Ordinal);
        Assert.False((await _bot.Directory.FindAsync("jsmith", CancellationToken.None))!.IsLocked);
        Assert.Contains("/reset/", reply, StringComparison.Ordinal);
    }
}
