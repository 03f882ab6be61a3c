using static HelpBot.Dialogs.Tests.BotHarness;

namespace HelpBot.Dialogs.Tests.SafeCode;

/// <summary>Issue 15, finding 8: the chat says how long a code works as configured, not a fixed 10 minutes.</summary>
public sealed class SafeCodeLifetimeTests : IDisposable
{
    private readonly BotHarness _bot = new(new Dictionary<string, string?> { ["SafeCode:Lifetime"] = "00:05:00" });

    [Fact]
    public async Task Finding8_TheChatSaysTheConfiguredLifetime()
    {
        var user = _bot.NewUser();
        var said = new List<string>();
        await _bot.Flow(user)
            .Send("I'm locked out of my account").AssertReply(_ => { })
            .Send("jsmith").AssertReply(_ => { })
            .Send("email").AssertReply(r => said.Add(Text(r)))
            .Send("help").AssertReply(r => said.Add(Text(r))).AssertReply(_ => { })
            .StartTestAsync();

        Assert.Equal(2, said.Count);
        Assert.All(said, text =>
        {
            Assert.Contains("5 minutes", text, StringComparison.Ordinal);
            Assert.DoesNotContain("10 minutes", text, StringComparison.Ordinal);
        });
    }

    public void Dispose() => _bot.Dispose();
}
