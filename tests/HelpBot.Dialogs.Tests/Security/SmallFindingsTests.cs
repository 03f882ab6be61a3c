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

    [Fact]
    public async Task Finding8_AnImageInAnAgentsMarkdownReachesTheUserAsALinkNotAnImage()
    {
        using var h = new HelpBot.Dialogs.Tests.Handoff.HandoffHarness();
        foreach (var channel in new[] { "directline", "msteams" })
        {
            var user = h.NewUser("jane-" + channel, channel);
            await h.SayAsync(user, "talk to a person");
            var ticket = (await h.LiveAsync(user)).Ticket;
            Assert.True(await h.Agents.TakeAsync(ticket, "agent-alex", "Alex"));

            Assert.True(await h.Agents.SendAsync(ticket, "agent-alex", "Our logo: ![HMS](https://tracker.example/pixel.png?u=jane) and ![ref][1]\n\n[1]: https://tracker.example/two.png"));

            var said = h.SentTo(user).Select(a => a.AsMessageActivity()?.Text).Last(t => t is not null)!;
            Assert.DoesNotContain("![", said, StringComparison.Ordinal);
            Assert.Contains("[HMS](https://tracker.example/pixel.png?u=jane)", said, StringComparison.Ordinal);
        }
    }
}
