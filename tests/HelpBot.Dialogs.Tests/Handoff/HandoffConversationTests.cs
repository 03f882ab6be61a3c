using System.Text.Json.Nodes;
using HelpBot.Bot.Handoff;
using HelpBot.Dialogs.Accounts;
using HelpBot.Dialogs.Handoff;
using HelpBot.Tests.Shared;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Schema;
using Microsoft.Extensions.DependencyInjection;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace HelpBot.Dialogs.Tests.Handoff;

/// <summary>
/// The conversation while it is with the desk and after: relayed words, cancel, a call-back number, the agent's words
/// reaching the user's own conversation, the survey and back to the bot; out of hours; the Bot Framework handoff events.
/// </summary>
public sealed class HandoffConversationTests : IDisposable
{
    /// <summary>A handoff hub's own channel (not one users type into), where its conversations and events arrive.</summary>
    private const string HubChannel = "hub";

    private readonly HandoffHarness _h = new();

    [Fact]
    public async Task WhileWaitingTheUsersWordsAndTypingGoToTheDeskNotTheBot()
    {
        var user = _h.NewUser();
        await _h.SayAsync(user, "talk to a person");

        // "I'm locked out" would start the unlock flow; with the desk it is only passed on, and (issue 13) while nobody
        // has taken it yet, the user hears so: their ticket, their place, how to withdraw.
        var answer = Assert.Single(await _h.SayAsync(user, "I'm locked out of my account"));
        Assert.StartsWith("I've passed that on", answer.AsMessageActivity().Text, StringComparison.Ordinal);
        Assert.Contains("number 1 in the queue", answer.AsMessageActivity().Text, StringComparison.Ordinal);
        Assert.Empty(await _h.SendAsync(user, new Activity(ActivityTypes.Typing)));

        var escalation = await _h.LiveAsync(user);
        Assert.Equal(TranscriptFrom.User, escalation.Transcript[^1].From);
        Assert.Equal("I'm locked out of my account", escalation.Transcript[^1].Text);
        Assert.Equal(["I'm locked out of my account"], _h.Desk.UserMessages.Select(l => l.Text));
        Assert.Contains(_h.Desk.Heard, h => h.Kind == "typing" && h.Escalation.Ticket == escalation.Ticket);
    }

    [Fact]
    public async Task H2_SecretsTypedByTheUserNeverReachTheStoredTranscriptOrTheDesk()
    {
        var user = _h.NewUser();
        // A real SafeCode first: jsmith verifies (the agent will see "verified"), then asks for a person.
        await _h.SayAsync(user, "I'm locked out of my account");
        await _h.SayAsync(user, "jsmith");
        await _h.SayAsync(user, "text");
        var code = await _h.Bot.SafeCodeSentToAsync("+16175550101");
        await _h.SayAsync(user, code);
        await _h.SayAsync(user, "my Harvard ID is 12345678 and my old code was 654 321");
        await _h.SayAsync(user, "talk to a person");
        // While waiting: a password, a password-like word and a guest key.
        await _h.SayAsync(user, "my password is Winter2024!");
        await _h.SayAsync(user, "I tried Tr0ub4dor&3 too");
        await _h.SayAsync(user, "the guest key is GK7Q-88ZX-WT41");

        var escalation = await _h.LiveAsync(user);
        Assert.Equal("jsmith", escalation.Username);
        Assert.True(escalation.Verified);
        var stored = JsonConvert.SerializeObject(escalation);
        var heard = JsonConvert.SerializeObject(_h.Desk.Heard);
        string[] secrets = [code, "12345678", "654 321", "Winter2024!", "Tr0ub4dor&3", "GK7Q-88ZX-WT41"];
        foreach (var secret in secrets)
        {
            Assert.DoesNotContain(secret, stored, StringComparison.Ordinal);
            Assert.DoesNotContain(secret, heard, StringComparison.Ordinal);
        }
        // What the agent reads still makes sense.
        Assert.Contains(escalation.Transcript, l => l.Text == "my password is ••••••••");
        Assert.Contains(escalation.Transcript, l => l.Text == "I tried •••••••• too");
        Assert.Contains(escalation.Transcript, l => l.Text.StartsWith("my Harvard ID is ••••••••", StringComparison.Ordinal));
    }

    [Fact]
    public async Task CancelWhileWaitingWithdrawsTheRequestAndTheBotAnswersAgain()
    {
        var user = _h.NewUser();
        await _h.SayAsync(user, "talk to a person");
        var ticket = (await _h.LiveAsync(user)).Ticket;

        Assert.Equal(HandoffTexts.Cancelled(ticket), (await _h.SayAsync(user, HandoffTexts.CancelChoice)).Single().Text);
        Assert.Equal(EscalationStatus.Cancelled, (await _h.Store.GetAsync(ticket))!.Status);
        Assert.Contains(_h.Desk.Heard, h => h.Kind == "changed" && h.Escalation.Status == EscalationStatus.Cancelled);
        Assert.Contains(await _h.Bot.Audit.ReadAsync(), e => e.Action == EscalationAudit.Cancelled && e.Detail!.StartsWith(ticket, StringComparison.Ordinal));
        Assert.Equal(AccountTexts.AskIdentifier, (await _h.SayAsync(user, "I'm locked out of my account")).Single().Text);
    }

    [Fact]
    public async Task ACallBackNumberIsValidatedStoredAndNeverEchoedInFull()
    {
        var user = _h.NewUser();
        await _h.SayAsync(user, "talk to a person");
        var ticket = (await _h.LiveAsync(user)).Ticket;

        Assert.Equal(HandoffTexts.AskCallbackNumber, (await _h.SayAsync(user, HandoffTexts.CallbackChoice)).Single().Text);
        Assert.Equal(HandoffTexts.CallbackNumberRetry, (await _h.SayAsync(user, "tomorrow morning")).Single().Text);
        Assert.Equal(HandoffTexts.CallbackNumberRetry, (await _h.SayAsync(user, "123-4567")).Single().Text);
        var booked = (await _h.SayAsync(user, "(617) 555-0199")).Single().Text;

        Assert.Equal(HandoffTexts.CallbackBooked(ticket, "•••• 0199"), booked);
        Assert.DoesNotContain("555-0199", booked, StringComparison.Ordinal);
        var escalation = (await _h.Store.GetAsync(ticket))!;
        Assert.Equal(EscalationStatus.CallbackRequested, escalation.Status);
        Assert.Equal("+16175550199", escalation.CallbackNumber);
        Assert.DoesNotContain(await _h.Bot.Audit.ReadAsync(), e => e.Detail?.Contains("6175550199", StringComparison.Ordinal) == true);
        // The user is back with the bot while the desk calls.
        Assert.Equal(AccountTexts.AskIdentifier, (await _h.SayAsync(user, "I'm locked out of my account")).Single().Text);
    }

    [Theory]
    [InlineData("actually could someone phone me back instead? 617 555 0188")]
    [InlineData("I'd rather get a call back on (617) 555-0188 please")]
    public async Task ACallBackAskedForWithItsNumberInOneMessageIsBooked(string said)
    {
        var user = _h.NewUser();
        await _h.SayAsync(user, "talk to a person");
        var ticket = (await _h.LiveAsync(user)).Ticket;

        var booked = (await _h.SayAsync(user, said)).Single().Text;

        Assert.Equal(HandoffTexts.CallbackBooked(ticket, "•••• 0188"), booked);
        Assert.Equal("+16175550188", (await _h.Store.GetAsync(ticket))!.CallbackNumber);
    }

    [Fact]
    public async Task ACallBackAskedForInASentenceWithoutANumberAsksForIt()
    {
        var user = _h.NewUser();
        await _h.SayAsync(user, "talk to a person");

        Assert.Equal(HandoffTexts.AskCallbackNumber, (await _h.SayAsync(user, "hmm can you just call me instead?")).Single().Text);
    }

    [Theory]
    [InlineData("617-555-0101", "+16175550101")]
    [InlineData("1 (617) 555 0101", "+16175550101")]
    [InlineData("+44 20 7946 0958", "+442079460958")]
    [InlineData("617.555.0101", "+16175550101")]
    public void CallBackNumbersAreNormalised(string typed, string e164)
    {
        Assert.True(CallbackNumber.TryNormalize(typed, out var normalised));
        Assert.Equal(e164, normalised);
    }

    [Theory]
    [InlineData("555-0101")]
    [InlineData("017-555-0101")]
    [InlineData("call me at noon")]
    [InlineData("+1 017 555 0101")]
    [InlineData("++16175550101")]
    [InlineData("")]
    public void NotPhoneNumbersAreRefused(string typed) => Assert.False(CallbackNumber.TryNormalize(typed, out _));

    [Fact]
    public async Task OutOfHoursTheTicketIsRecordedWithTheDeskNumberAndTheNextOpening()
    {
        using var h = new HandoffHarness(HandoffHarness.Weekend);
        var user = h.NewUser();
        var told = HandoffHarness.Texts(await h.SayAsync(user, "talk to a person"));

        var escalation = await h.LatestAsync(user);
        Assert.Equal(EscalationStatus.OutOfHours, escalation.Status);
        Assert.Equal(HandoffTexts.OutOfHours(escalation.Ticket, "Monday at 8:00 AM Eastern time"), told);
        Assert.Contains("617-432-2000", told, StringComparison.Ordinal);
        Assert.Null(await h.Store.QueuePositionAsync(escalation.Ticket));
        // Recorded for the desk to follow up, and the user is not left in a queue nobody watches.
        Assert.Contains(await h.Store.ListOpenAsync(), e => e.Ticket == escalation.Ticket);
        Assert.Equal(AccountTexts.AskIdentifier, (await h.SayAsync(user, "I'm locked out of my account")).Single().Text);
    }

    [Fact]
    public async Task AgentWordsReachTheUsersOwnConversationThenTheSurveyThenBackToTheBot()
    {
        var user = _h.NewUser("jane", "msteams", "0b6f1c2e-4a11-4d1e-9c01-000000000001");
        await _h.SayAsync(user, "talk to a person");
        var ticket = (await _h.LiveAsync(user)).Ticket;

        Assert.True(await _h.Agents.TakeAsync(ticket, "agent-alex", "Alex"));
        Assert.False(await _h.Agents.TakeAsync(ticket, "agent-bea", "Bea"));
        Assert.True(await _h.Agents.TypingAsync(ticket, "agent-alex"));
        Assert.True(await _h.Agents.SendAsync(ticket, "agent-alex", "Hi Jane, I can help. Which account is it?"));
        Assert.False(await _h.Agents.SendAsync(ticket, "agent-bea", "I am not on this ticket"));

        // Proactively, into the Teams conversation the user wrote from.
        var sent = _h.SentTo(user);
        Assert.Equal(HandoffTexts.AgentJoined("Alex"), sent[0].AsMessageActivity().Text);
        Assert.Equal(ActivityTypes.Typing, sent[1].Type);
        // Teams shows the bot's own name and picture on every message, so the agent's name heads the message.
        Assert.Equal("**Alex** · HMS IT Service Desk\n\nHi Jane, I can help. Which account is it?", sent[2].AsMessageActivity().Text);
        Assert.All(_h.Channel.Sent.Where(s => s.Activity == sent[2]), s => Assert.Equal("msteams", s.Conversation.ChannelId));
        Assert.DoesNotContain(sent, a => a.AsMessageActivity()?.Text?.Contains("I am not on this ticket", StringComparison.Ordinal) == true);

        // The user answers: relayed, not interpreted (even "cancel" once a person has it).
        Assert.Empty(await _h.SayAsync(user, "my own, jsmith"));
        Assert.Empty(await _h.SayAsync(user, "cancel"));
        var transcript = (await _h.Store.GetAsync(ticket))!.Transcript;
        Assert.Equal(["Hi Jane, I can help. Which account is it?", "my own, jsmith", "cancel"],
            transcript.Where(l => l.From is TranscriptFrom.Agent or TranscriptFrom.User).TakeLast(3).Select(l => l.Text));

        Assert.True(await _h.Agents.ResolveAsync(ticket, "agent-alex", "Unlocked after verifying by phone"));
        var survey = _h.SentTo(user)[^1];
        Assert.Equal(HandoffTexts.Resolved, survey.AsMessageActivity().Text);
        var card = JsonNode.Parse(JsonConvert.SerializeObject(survey.AsMessageActivity().Attachments.Single().Content))!.AsObject();
        await CardValidator.AssertValidAsync(card);
        Assert.Equal(5, card["actions"]!.AsArray().Count);

        // The card's "4" button.
        var four = JObject.Parse(card["actions"]![3]!["data"]!.ToJsonString());
        Assert.Equal(HandoffTexts.SurveyThanks, (await _h.SendAsync(user, new Activity(ActivityTypes.Message) { Value = four })).Single().Text);
        var done = (await _h.Store.GetAsync(ticket))!;
        Assert.Equal(4, done.Satisfaction);
        Assert.Equal(EscalationStatus.Resolved, done.Status);
        Assert.Equal(["escalation.created", "escalation.taken", "escalation.resolved"],
            (await _h.Bot.Audit.ReadAsync()).Where(e => e.Detail?.StartsWith(ticket, StringComparison.Ordinal) == true).Select(e => e.Action).Reverse());

        // Back with the bot: the next message is routed by MainDialog again (Teams proved who Jane is).
        var next = await _h.SayAsync(user, "I'm locked out of my account");
        Assert.Contains(HelpBot.Dialogs.SafeCode.SafeCodeDialogTexts.ChooseChannel, HandoffHarness.Texts(next), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ATransferTellsTheUserWhoTookOverAndOnlyTheAgentHoldingTheTicketActs()
    {
        var user = _h.NewUser();
        await _h.SayAsync(user, "talk to a person");
        var ticket = (await _h.LiveAsync(user)).Ticket;
        await _h.Agents.TakeAsync(ticket, "agent-alex", "Alex");

        Assert.False(await _h.Agents.TransferAsync(ticket, "agent-bea", "agent-cy", "Cy")); // Bea doesn't hold it
        Assert.True(await _h.Agents.TransferAsync(ticket, "agent-alex", "agent-bea", "Bea"));
        Assert.Equal(HandoffTexts.AgentJoined("Bea"), _h.SentTo(user)[^1].AsMessageActivity().Text);
        Assert.False(await _h.Agents.SendAsync(ticket, "agent-alex", "still me?"));
        Assert.False(await _h.Agents.ResolveAsync(ticket, "agent-alex", "not mine"));
        Assert.True(await _h.Agents.SendAsync(ticket, "agent-bea", "Bea here."));
        var said = _h.SentTo(user)[^1];
        Assert.Equal("Bea here.", said.AsMessageActivity().Text);
        Assert.Equal(("Bea", "B"), AgentMessage.AgentOf(said)); // shown as from Bea, not from the bot

        var escalation = (await _h.Store.GetAsync(ticket))!;
        Assert.Equal(("agent-bea", "Bea"), (escalation.AgentId, escalation.AgentName));
        Assert.Contains(_h.Desk.Heard, h => h.Kind == "changed" && h.Escalation.AgentId == "agent-bea");
        var audit = await _h.Bot.Audit.ReadAsync();
        Assert.Contains(audit, e => e.Action == EscalationAudit.Transferred && e.Actor == "agent-alex" && e.Detail == $"{ticket} UserAsked to agent-bea");
        Assert.Contains(audit, e => e.Action == EscalationAudit.Taken && e.Actor == "agent-alex");
    }

    [Fact]
    public async Task ATypedScoreAnswersTheSurveyAndAnythingElseGoesBackToTheBot()
    {
        var rater = _h.NewUser("rater");
        await _h.SayAsync(rater, "talk to a person");
        var ticket = (await _h.LiveAsync(rater)).Ticket;
        await _h.Agents.TakeAsync(ticket, "agent-alex", "Alex");
        await _h.Agents.ResolveAsync(ticket, "agent-alex", null);
        Assert.Equal(HandoffTexts.SurveyThanks, (await _h.SayAsync(rater, "5")).Single().Text);
        Assert.Equal(5, (await _h.Store.GetAsync(ticket))!.Satisfaction);

        var skipper = _h.NewUser("skipper");
        await _h.SayAsync(skipper, "talk to a person");
        var other = (await _h.LiveAsync(skipper)).Ticket;
        await _h.Agents.TakeAsync(other, "agent-alex", "Alex");
        await _h.Agents.ResolveAsync(other, "agent-alex", null);
        Assert.Equal(AccountTexts.AskIdentifier, (await _h.SayAsync(skipper, "I'm locked out of my account")).Single().Text);
        Assert.Null((await _h.Store.GetAsync(other))!.Satisfaction);
    }

    [Fact]
    public async Task H1_EscalatingEmitsHandoffInitiateWithTheRedactedTranscript()
    {
        var user = _h.NewUser();
        await _h.SayAsync(user, "my code is 123456, can you help");
        var replies = await _h.SayAsync(user, "talk to a person");

        var initiate = replies.Single(r => r.Type == ActivityTypes.Event);
        Assert.Equal(HandoffEventNames.InitiateHandoff, initiate.Name);
        var context = JObject.FromObject(initiate.Value);
        Assert.Equal((await _h.LiveAsync(user)).Ticket, (string?)context["ticket"]);
        Assert.Equal("UserAsked", (string?)context["reason"]);
        var transcript = (Transcript)initiate.Attachments.Single(a => a.Content is Transcript).Content;
        var said = transcript.Activities.Select(a => a.Text).ToList();
        Assert.Contains("my code is ••••••, can you help", said);
        Assert.Contains("talk to a person", said);
        Assert.DoesNotContain("123456", JsonConvert.SerializeObject(initiate), StringComparison.Ordinal);
    }

    [Fact]
    public async Task H1_HandoffStatusEventsAreAcceptedAndApplied()
    {
        // No escalation at all: accepted silently, nothing breaks.
        var idle = _h.NewUser("idle", HubChannel);
        Assert.Empty(await _h.SendAsync(idle, Status(idle, "completed")));
        Assert.Equal(AccountTexts.AskIdentifier, (await _h.SayAsync(idle, "I'm locked out of my account")).Single().Text);

        // An external hub accepts, then completes: the user is back with the bot.
        var user = _h.NewUser("hub-user", HubChannel);
        await _h.SayAsync(user, "talk to a person");
        var ticket = (await _h.LiveAsync(user)).Ticket;
        Assert.Empty(await _h.SendAsync(user, Status(user, "accepted")));
        Assert.Equal(EscalationStatus.Taken, (await _h.Store.GetAsync(ticket))!.Status);
        Assert.Empty(await _h.SendAsync(user, Status(user, "something new")));
        Assert.Equal(HandoffTexts.HubCompleted, (await _h.SendAsync(user, Status(user, "completed"))).Single().Text);
        Assert.Equal(EscalationStatus.Resolved, (await _h.Store.GetAsync(ticket))!.Status);
        Assert.Equal(AccountTexts.AskIdentifier, (await _h.SayAsync(user, "I'm locked out of my account")).Single().Text);

        // A hub that could not take a waiting request: withdrawn, and the user is told where to call.
        var failed = _h.NewUser("failed-user", HubChannel);
        await _h.SayAsync(failed, "talk to a person");
        var failedTicket = (await _h.LiveAsync(failed)).Ticket;
        Assert.Equal(HandoffTexts.HubFailed, (await _h.SendAsync(failed, Status(failed, "failed", "no agents"))).Single().Text);
        Assert.Equal(EscalationStatus.Cancelled, (await _h.Store.GetAsync(failedTicket))!.Status);
    }

    [Theory]
    [InlineData(Microsoft.Bot.Connector.Channels.Directline)]
    [InlineData(Microsoft.Bot.Connector.Channels.Webchat)]
    [InlineData(Microsoft.Bot.Connector.Channels.Msteams)]
    [InlineData(Microsoft.Bot.Connector.Channels.Emulator)]
    public async Task Finding3_AHandoffStatusEventFromAUsersChannelChangesNothing(string channelId)
    {
        // Waiting: the user cannot mark their own request taken, resolved or withdrawn.
        var waiting = _h.NewUser("waiting", channelId);
        await _h.SayAsync(waiting, "talk to a person");
        var waitingTicket = (await _h.LiveAsync(waiting)).Ticket;
        // Held by an agent: the user cannot end it behind the agent's back.
        var held = _h.NewUser("held", channelId);
        await _h.SayAsync(held, "talk to a person");
        var heldTicket = (await _h.LiveAsync(held)).Ticket;
        Assert.True(await _h.Agents.TakeAsync(heldTicket, "agent-alex", "Alex"));
        var audited = (await _h.Bot.Audit.ReadAsync(limit: 1000)).Count;

        foreach (var state in new[] { "accepted", "completed", "failed" })
        {
            Assert.Empty(await _h.SendAsync(waiting, Status(waiting, state)));
            Assert.Empty(await _h.SendAsync(held, Status(held, state)));
        }

        Assert.Equal(EscalationStatus.Waiting, (await _h.Store.GetAsync(waitingTicket))!.Status);
        var stillHeld = (await _h.Store.GetAsync(heldTicket))!;
        Assert.Equal(EscalationStatus.Taken, stillHeld.Status);
        Assert.Equal("agent-alex", stillHeld.AgentId);
        Assert.Equal(audited, (await _h.Bot.Audit.ReadAsync(limit: 1000)).Count);
    }

    [Fact]
    public async Task WaitingUsersHearWhenTheyMoveUpAndAtTheIntervalOtherwise()
    {
        var first = _h.NewUser("first");
        var second = _h.NewUser("second");
        await _h.SayAsync(first, "talk to a person");
        await _h.SayAsync(second, "talk to a person");
        var updates = _h.Bot.Services.GetRequiredService<QueueUpdates>();
        var interval = _h.Bot.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<HandoffOptions>>().Value.UpdateInterval;
        // The test runs the checks itself: the host's timer (on the same fake clock) would race it.
        await updates.StopAsync(CancellationToken.None);

        Assert.Equal(0, await updates.RunOnceAsync(CancellationToken.None)); // just told at creation
        Assert.True(await _h.Agents.TakeAsync((await _h.LiveAsync(first)).Ticket, "agent-alex", "Alex"));
        Assert.Equal(1, await updates.RunOnceAsync(CancellationToken.None));
        Assert.Equal(HandoffTexts.MovedUp(1), _h.SentTo(second).Single().AsMessageActivity().Text);

        _h.Time.Advance(interval - TimeSpan.FromSeconds(1));
        Assert.Equal(0, await updates.RunOnceAsync(CancellationToken.None));
        _h.Time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(1, await updates.RunOnceAsync(CancellationToken.None));
        Assert.Equal(HandoffTexts.StillWaiting(1), _h.SentTo(second)[^1].AsMessageActivity().Text);
        // Queue updates are for the user, not the agent's transcript.
        Assert.DoesNotContain((await _h.LiveAsync(second)).Transcript, l => l.Text == HandoffTexts.StillWaiting(1));
    }

    private static Activity Status(Microsoft.Bot.Builder.Adapters.TestAdapter user, string state, string? message = null)
    {
        var status = (Activity)EventFactory.CreateHandoffStatus(user.Conversation.Conversation, state, message);
        return status;
    }

    public void Dispose() => _h.Dispose();
}
