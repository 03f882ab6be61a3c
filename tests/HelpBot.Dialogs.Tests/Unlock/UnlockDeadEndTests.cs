using HelpBot.Bot.Tests.Accounts;
using HelpBot.Dialogs.Accounts;
using HelpBot.Dialogs.SafeCode;
using Microsoft.Extensions.DependencyInjection;

namespace HelpBot.Dialogs.Tests.Unlock;

/// <summary>Every dead end gets a kind explanation and a human route (the Service Desk).</summary>
public sealed class UnlockDeadEndTests
{
    [Fact]
    public async Task S6_FiveWrongCodesPauseSelfServiceAndPointToTheServiceDesk()
    {
        // Always open, so the person brought in after the block is predictably in the queue.
        using var bot = new BotHarness(new Dictionary<string, string?> { ["Handoff:ServiceHours"] = "24/7" });
        var user = bot.NewUser();
        await bot.Flow(user)
            .Send("I'm locked out of my account").AssertReply(_ => { })
            .Send("jsmith").AssertReply(_ => { })
            .Send("text").AssertReply(_ => { })
            .StartTestAsync();
        var code = await bot.SafeCodeSentToAsync("+16175550101");
        var wrong = code == "111111" ? "222222" : "111111";

        var flow = bot.Flow(user);
        foreach (var left in new[] { 4, 3, 2, 1 })
        {
            flow = flow.Send(wrong).AssertReply(SafeCodeDialogTexts.Wrong(left)).AssertReply(SafeCodeDialogTexts.TypeCodeOrResend);
        }
        await flow
            .Send(wrong).AssertReply(SafeCodeDialogTexts.Blocked)
            // A dead end: a person is brought in (the handoff tests cover the queue); the user withdraws the request.
            .AssertReply(r => Assert.StartsWith("I've asked a person", BotHarness.Text(r), StringComparison.Ordinal))
            .AssertReply(r => Assert.Equal(Microsoft.Bot.Schema.HandoffEventNames.InitiateHandoff, ((Microsoft.Bot.Schema.Activity)r).Name))
            .Send("cancel").AssertReply(r => Assert.StartsWith("OK, I've withdrawn your request", BotHarness.Text(r), StringComparison.Ordinal))
            // Even the right code no longer works, and a new attempt is refused before any code is sent.
            .Send("I'm locked out of my account").AssertReply(_ => { })
            .Send("jsmith").AssertReply(_ => { })
            .Send("text").AssertReply(SafeCodeDialogTexts.Blocked)
            .StartTestAsync();

        Assert.True((await bot.Directory.FindAsync("jsmith"))!.IsLocked);
        Assert.Contains("617-432-2000", SafeCodeDialogTexts.Blocked, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ADirectoryThatDoesNotAnswerGetsAKindMessageNotAStackTrace()
    {
        using var bot = new BotHarness(replaceServices: s => s.AddSingleton<IAccountDirectory, UnavailableDirectory>());
        await bot.Flow(bot.NewUser())
            .Send("I'm locked out of my account").AssertReply(AccountTexts.AskIdentifier)
            .Send("jsmith").AssertReply(AccountTexts.DirectoryDown)
            // The conversation is intact: the next question is answered normally.
            .Send("what is a safecode").AssertReply(r => Assert.Equal("What is SafeCode?", BotHarness.CardTitle(r)))
            .StartTestAsync();
    }
}
