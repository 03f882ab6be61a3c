namespace HelpBot.Dialogs.Tests.Conversation;

/// <summary>
/// Issue 13, class 4: "my password expires in a few days, what do I need to do?" asks how it's done: the site's steps
/// (ecommons.med.harvard.edu, Preferences &gt; Security when no reminder shows), then the offer to do it here. Own wordings.
/// </summary>
public sealed class WhatToDoAboutAnExpiringPasswordTests : IDisposable
{
    private readonly BotHarness _bot = new();

    public void Dispose() => _bot.Dispose();

    [Theory]
    [InlineData("I was told my ecommons password expires next week. what should I do?")]
    [InlineData("password expiring on friday - what do i need to do")]
    public async Task WhatToDoGetsTheSteps(string said)
    {
        var reply = await _bot.SayAsync(_bot.NewUser(), said);

        Assert.Contains("ecommons.med.harvard.edu", reply, StringComparison.Ordinal);
        Assert.Contains("Preferences", reply, StringComparison.Ordinal);
    }
}
