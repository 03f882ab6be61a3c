using HelpBot.Bot.Reminders;
using HelpBot.EndToEnd.Tests.AccountFlows;
using Microsoft.Extensions.DependencyInjection;

namespace HelpBot.EndToEnd.Tests.Teams;

/// <summary>The Playground signed in as mlee, with a directory that waits while its gate is closed.</summary>
public sealed class SlowDirectoryPlaygroundFixture : TeamsPlaygroundFixture
{
    public SlowDirectoryPlaygroundFixture()
        : this(new DirectoryGate())
    {
    }

    private SlowDirectoryPlaygroundFixture(DirectoryGate gate)
        : base(Mlee, gate.Install)
    {
        Gate = gate;
    }

    public DirectoryGate Gate { get; }
}

/// <summary>
/// docs/security.md, C6: Teams gives a card invoke 5 seconds. The answer to "Change it now" must not wait for the directory:
/// it arrives while the directory is still held, and the flow's first question follows, proactively, once the
/// directory answers. Proven by ordering (a gate at the directory port), never by measuring time.
/// </summary>
public sealed class TeamsInvokeTests(SlowDirectoryPlaygroundFixture teams) : IClassFixture<SlowDirectoryPlaygroundFixture>
{
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task TheInvokeIsAnsweredWhileTheDirectoryIsStillSlowAndTheFlowContinuesProactively_C6()
    {
        var after = teams.FrameCount;
        await teams.SendAsync("hello");
        await teams.WaitForBotMessageAsync(after, _ => true, "an answer to hello");
        after = teams.FrameCount;
        await teams.Services.GetRequiredService<PasswordExpiryReminders>().RunOnceAsync(CancellationToken.None);
        var reminder = await teams.WaitForBotMessageAsync(after, TeamsReminderTests.IsReminder, "the password-expiry reminder");
        var button = TeamsReminderTests.CardOf(reminder)["actions"]!.AsArray().Single()!.DeepClone().AsObject();

        teams.Gate.Close();
        try
        {
            after = teams.FrameCount;
            var invoke = teams.InvokeAsync((string)reminder["messageId"]!, button);

            // The work behind the button reached the directory, which is holding it...
            await teams.Gate.Entered.WaitAsync(Generous);
            // ...and the invoke has its answer all the same (had the turn waited for the directory, this would never complete).
            var response = await invoke.WaitAsync(Generous);
            Assert.Equal(Cards.AdaptiveCard.ContentType, (string?)response["type"]);
            var answeredAt = teams.FrameCount;
            Assert.DoesNotContain(teams.BotMessages(after), m => AccountFlowSays.ChooseChannel.IsMatch(TeamsReminderTests.TextOf(m)));

            teams.Gate.Open();
            // The flow's question arrives afterwards, as a proactive message into the same chat.
            await teams.WaitForBotMessageAsync(answeredAt, m => AccountFlowSays.ChooseChannel.IsMatch(TeamsReminderTests.TextOf(m)), "the choice of where to send the SafeCode");
        }
        finally
        {
            teams.Gate.Open();
        }
    }
}
