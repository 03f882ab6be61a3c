using static HelpBot.Dialogs.Tests.BotHarness;

namespace HelpBot.Dialogs.Tests.Security;

/// <summary>Issue 15, finding 8: the small ones that are about what the conversation says.</summary>
public sealed class SmallFindingsTests
{
    [Fact]
    public async Task Finding8_TheSafeCodeHelpCardSaysTheConfiguredLifetime()
    {
        using var bot = new BotHarness(new Dictionary<string, string?> { ["SafeCode:Lifetime"] = "00:05:00" });

        await bot.Flow(bot.NewUser())
            .Send("what is a SafeCode?").AssertReply(reply =>
            {
                Assert.Equal("What is SafeCode?", CardTitle(reply));
                Assert.Contains("5 minutes, one use", AllText(reply), StringComparison.Ordinal);
                Assert.DoesNotContain("10 minutes", AllText(reply), StringComparison.Ordinal);
            })
            .StartTestAsync();
    }
}
