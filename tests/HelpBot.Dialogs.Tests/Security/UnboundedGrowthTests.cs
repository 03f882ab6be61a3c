using HelpBot.Dialogs.Accounts;
using HelpBot.Dialogs.Handoff;
using HelpBot.Dialogs.SafeCode;
using HelpBot.Dialogs.Tests.Handoff;
using HelpBot.Dialogs.Turn;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Builder.Adapters;

namespace HelpBot.Dialogs.Tests.Security;

/// <summary>
/// Issue 15, finding 7 (in the conversation): a message too long for a service desk gets a kind reply and changes
/// nothing, and nobody can open escalations without end, as one chat user or from one address.
/// </summary>
public sealed class UnboundedGrowthTests
{
    [Fact]
    public async Task Finding7_AMessageOverTheLengthLimitGetsAKindReplyAndTheFlowWaitsWhereItWas()
    {
        using var bot = new BotHarness();
        var user = bot.NewUser();

        await bot.Flow(user)
            .Send("I'm locked out of my account").AssertReply(AccountTexts.AskIdentifier)
            .Send(new string('x', MessageLengthStage.MaxCharacters + 1)).AssertReply(reply =>
            {
                Assert.Equal(MessageLengthStage.TooLong, BotHarness.Text(reply));
                Assert.Contains("617-432-2000", BotHarness.Text(reply), StringComparison.Ordinal);
            })
            .Send("jsmith").AssertReply(SafeCodeDialogTexts.ChooseChannel)
            .StartTestAsync();

        // Exactly at the limit is still read.
        await bot.Flow(bot.NewUser())
            .Send("help " + new string('a', MessageLengthStage.MaxCharacters - 5))
            .AssertReply(reply => Assert.NotEqual(MessageLengthStage.TooLong, BotHarness.Text(reply)))
            .StartTestAsync();
    }

    [Fact]
    public async Task Finding7_NewEscalationsAreCappedPerUser()
    {
        using var h = new HandoffHarness(settings: new Dictionary<string, string?> { ["Handoff:MaxNewPerUser"] = "2" });
        var user = h.NewUser();
        for (var i = 0; i < 2; i++)
        {
            await h.SayAsync(user, "talk to a person");
            var ticket = (await h.LiveAsync(user)).Ticket;
            await h.SayAsync(user, HandoffTexts.CancelChoice);
            Assert.Equal(EscalationStatus.Cancelled, (await h.Store.GetAsync(ticket))!.Status);
        }
        var escalations = h.Desk.Heard.Select(e => e.Escalation.Ticket).Distinct().Count();

        var refused = HandoffHarness.Texts(await h.SayAsync(user, "talk to a person"));

        Assert.Equal(HandoffTexts.TooManyRequests, refused);
        Assert.Equal(escalations, h.Desk.Heard.Select(e => e.Escalation.Ticket).Distinct().Count());
        Assert.Contains(await h.Bot.Audit.ReadAsync(), e => e.Action == "escalation.refused");
        // Someone else is not affected.
        await h.SayAsync(h.NewUser("other"), "talk to a person");
        Assert.Equal(escalations + 1, h.Desk.Heard.Select(e => e.Escalation.Ticket).Distinct().Count());
    }

    [Fact]
    public async Task Finding7_NewEscalationsAreCappedPerAddress()
    {
        using var h = new HandoffHarness(settings: new Dictionary<string, string?> { ["Handoff:MaxNewPerAddress"] = "1" });
        var first = From(h.NewUser("first"), "203.0.113.7");
        var second = From(h.NewUser("second"), "203.0.113.7");
        var elsewhere = From(h.NewUser("elsewhere"), "198.51.100.9");

        await h.SayAsync(first, "talk to a person");
        var refused = HandoffHarness.Texts(await h.SayAsync(second, "talk to a person"));
        await h.SayAsync(elsewhere, "talk to a person");

        Assert.Equal(HandoffTexts.TooManyRequests, refused);
        Assert.NotNull(await h.Store.FindOpenByConversationAsync(first.Conversation.Conversation.Id));
        Assert.Null(await h.Store.FindOpenByConversationAsync(second.Conversation.Conversation.Id));
        Assert.NotNull(await h.Store.FindOpenByConversationAsync(elsewhere.Conversation.Conversation.Id));
    }

    /// <summary>What the built-in Direct Line does for a post from <paramref name="address"/>.</summary>
    private static TestAdapter From(TestAdapter user, string address)
    {
        user.Use(new AtAddress(address));
        return user;
    }

    private sealed class AtAddress(string address) : IMiddleware
    {
        public Task OnTurnAsync(ITurnContext turnContext, NextDelegate next, CancellationToken cancellationToken = default)
        {
            ClientAddress.Set(turnContext, address);
            return next(cancellationToken);
        }
    }
}
