using HelpBot.Dialogs.Accounts;

namespace HelpBot.Dialogs.Tests.Conversation;

/// <summary>"Start over" begins the flow again from its first question, forgetting what the first message said as well.</summary>
public sealed class StartOverTests : IDisposable
{
    private readonly BotHarness _bot = new();

    public void Dispose() => _bot.Dispose();

    [Fact]
    public async Task AUsernameGivenInTheFirstMessageIsAskedForAgainAfterStartOver()
    {
        var user = _bot.NewUser();
        var first = await _bot.SayAsync(user, "I can't get in, locked out, my login is tnguyen");
        Assert.DoesNotContain(AccountTexts.AskIdentifier, first, StringComparison.Ordinal);

        var restarted = await _bot.SayAsync(user, "start over");

        Assert.Contains(FlowTexts.StartingOver, restarted, StringComparison.Ordinal);
        Assert.Contains(AccountTexts.AskIdentifier, restarted, StringComparison.Ordinal);
    }
}
