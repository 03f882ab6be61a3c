using HelpBot.Bot.Handoff;
using HelpBot.Bot.Storage;
using HelpBot.Bot.Tests.Storage;
using HelpBot.Dialogs.Handoff;

namespace HelpBot.Bot.Tests.Handoff;

/// <summary>The escalation store on a real LiteDB file: tickets, queue order, the take race, transfers, resolution.</summary>
public sealed class LiteDbEscalationStoreTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 30, 14, 0, 0, TimeSpan.Zero);

    private readonly TempDatabaseFolder _folder = new();
    private readonly HelpBotDatabaseHolder _db;
    private readonly LiteDbEscalationStore _store;

    public LiteDbEscalationStoreTests()
    {
        _db = new HelpBotDatabaseHolder(_folder);
        _store = new LiteDbEscalationStore(_db.Database);
    }

    [Fact]
    public async Task TheOpenEscalationOfAConversationIsFoundAfterARestart_AndOthersHaveNone()
    {
        var open = await _store.CreateAsync(Request("c-open"), T0);
        Assert.Equal(open.Ticket, (await _store.FindOpenByConversationAsync("c-open"))?.Ticket);
        Assert.Null(await _store.FindOpenByConversationAsync("c-never"));

        _db.Dispose();
        using var reopened = _folder.Open();
        var store = new LiteDbEscalationStore(reopened);
        Assert.Equal(open.Ticket, (await store.FindOpenByConversationAsync("c-open"))?.Ticket);
        Assert.Null(await store.FindOpenByConversationAsync("c-never"));
        var later = await store.CreateAsync(Request("c-later"), T0.AddMinutes(1));
        Assert.Equal(later.Ticket, (await store.FindOpenByConversationAsync("c-later"))?.Ticket);
        Assert.True(await store.CancelAsync(open.Ticket, T0.AddMinutes(2)));
        Assert.Null(await store.FindOpenByConversationAsync("c-open"));
    }

    [Fact]
    public async Task WithAFileSharedBetweenProcessesAnEscalationTheOtherOneCreatedIsFound()
    {
        _db.Dispose();
        using var ours = new HelpBotDatabase(_folder.DatabasePath, LiteDB.ConnectionType.Shared);
        using var theirs = new HelpBotDatabase(_folder.DatabasePath, LiteDB.ConnectionType.Shared);
        var bot = new LiteDbEscalationStore(ours);
        Assert.Null(await bot.FindOpenByConversationAsync("c-elsewhere"));

        var created = await new LiteDbEscalationStore(theirs).CreateAsync(Request("c-elsewhere"), T0);

        Assert.Equal(created.Ticket, (await bot.FindOpenByConversationAsync("c-elsewhere"))?.Ticket);
    }

    [Fact]
    public async Task TicketsAreSequentialAndSurviveARestart()
    {
        var first = await _store.CreateAsync(Request("c1"), T0);
        var second = await _store.CreateAsync(Request("c2"), T0.AddMinutes(1));
        Assert.Equal("HD-000001", first.Ticket);
        Assert.Equal("HD-000002", second.Ticket);
        Assert.Equal(EscalationStatus.Waiting, first.Status);
        Assert.Equal(1, first.Version);

        _db.Dispose();
        using var reopened = _folder.Open();
        var store = new LiteDbEscalationStore(reopened);
        var third = await store.CreateAsync(Request("c3"), T0.AddMinutes(2));
        Assert.Equal("HD-000003", third.Ticket);
        var stored = await store.GetAsync("HD-000001");
        Assert.NotNull(stored);
        Assert.Equal("c1", stored.ConversationId);
        Assert.Equal(T0, stored.CreatedAt);
        Assert.Equal([new TranscriptLine(TranscriptFrom.User, "I'm locked out", T0)], stored.Transcript);
    }

    [Fact]
    public async Task TheQueueIsOldestWaitingFirstAndPositionsMoveUpWhenOneIsTaken()
    {
        var a = await _store.CreateAsync(Request("a"), T0);
        var b = await _store.CreateAsync(Request("b"), T0.AddMinutes(1));
        var c = await _store.CreateAsync(Request("c"), T0.AddMinutes(2));
        Assert.Equal([a.Ticket, b.Ticket, c.Ticket], (await _store.ListOpenAsync()).Select(e => e.Ticket));
        Assert.Equal(3, await _store.QueuePositionAsync(c.Ticket));

        Assert.True(await _store.TryTakeAsync(a.Ticket, "agent-1", "Alex", T0.AddMinutes(3)));
        Assert.Null(await _store.QueuePositionAsync(a.Ticket));
        Assert.Equal(1, await _store.QueuePositionAsync(b.Ticket));
        Assert.Equal(2, await _store.QueuePositionAsync(c.Ticket));
        // Taken escalations are still open (someone is on them), in the same order.
        Assert.Equal([a.Ticket, b.Ticket, c.Ticket], (await _store.ListOpenAsync()).Select(e => e.Ticket));

        Assert.True(await _store.CancelAsync(b.Ticket, T0.AddMinutes(4)));
        Assert.Equal(1, await _store.QueuePositionAsync(c.Ticket));
        Assert.Equal([a.Ticket, c.Ticket], (await _store.ListOpenAsync()).Select(e => e.Ticket));
    }

    [Fact]
    public async Task WhenManyAgentsRaceForOneTicketExactlyOneWins()
    {
        var ticket = (await _store.CreateAsync(Request("race"), T0)).Ticket;
        using var start = new ManualResetEventSlim();
        var racers = Enumerable.Range(1, 16).Select(i => Task.Run(async () =>
        {
            start.Wait();
            return await _store.TryTakeAsync(ticket, $"agent-{i}", $"Agent {i}", T0.AddSeconds(i)) ? $"agent-{i}" : null;
        })).ToArray();
        start.Set();
        var winners = (await Task.WhenAll(racers)).Where(w => w is not null).ToList();

        var winner = Assert.Single(winners);
        var stored = await _store.GetAsync(ticket);
        Assert.Equal(EscalationStatus.Taken, stored!.Status);
        Assert.Equal(winner, stored.AgentId);
        Assert.Equal(2, stored.Version);
    }

    [Fact]
    public async Task OnlyTheAgentHoldingATicketCanTransferOrResolveIt()
    {
        var ticket = (await _store.CreateAsync(Request("t"), T0)).Ticket;
        Assert.False(await _store.TransferAsync(ticket, "agent-1", "agent-2", "Bea")); // not taken yet
        Assert.True(await _store.TryTakeAsync(ticket, "agent-1", "Alex", T0.AddMinutes(1)));
        Assert.False(await _store.TryTakeAsync(ticket, "agent-2", "Bea", T0.AddMinutes(1)));
        Assert.False(await _store.TransferAsync(ticket, "agent-2", "agent-3", "Cy"));
        Assert.True(await _store.TransferAsync(ticket, "agent-1", "agent-2", "Bea"));
        Assert.Equal(("agent-2", "Bea"), await AgentOf(ticket));

        Assert.False(await _store.ResolveAsync(ticket, "agent-1", "not mine any more", T0.AddMinutes(5)));
        Assert.True(await _store.ResolveAsync(ticket, "agent-2", "Unlocked after a call", T0.AddMinutes(6)));
        var resolved = await _store.GetAsync(ticket);
        Assert.Equal(EscalationStatus.Resolved, resolved!.Status);
        Assert.Equal("Unlocked after a call", resolved.ResolutionNote);
        Assert.Equal(T0.AddMinutes(6), resolved.ResolvedAt);
        Assert.Equal(T0.AddMinutes(1), resolved.TakenAt);
        Assert.False(resolved.IsOpen);
        Assert.Null(await _store.FindOpenByConversationAsync("t"));
        // Final: nothing changes it again except the one survey answer.
        Assert.False(await _store.CancelAsync(ticket, T0.AddMinutes(7)));
        Assert.False(await _store.AppendLineAsync(ticket, new TranscriptLine(TranscriptFrom.User, "late", T0)));
        Assert.True(await _store.SetSatisfactionAsync(ticket, 4));
        Assert.False(await _store.SetSatisfactionAsync(ticket, 1));
        Assert.Equal(4, (await _store.GetAsync(ticket))!.Satisfaction);
    }

    [Fact]
    public async Task ATakenTicketCannotBeCancelledButAWaitingOneCanBecomeACallBack()
    {
        var taken = (await _store.CreateAsync(Request("x"), T0)).Ticket;
        await _store.TryTakeAsync(taken, "agent-1", "Alex", T0);
        Assert.False(await _store.CancelAsync(taken, T0));
        Assert.False(await _store.RequestCallbackAsync(taken, "+16175550101"));

        var waiting = (await _store.CreateAsync(Request("y"), T0)).Ticket;
        Assert.Equal(waiting, (await _store.FindOpenByConversationAsync("y"))!.Ticket);
        Assert.True(await _store.RequestCallbackAsync(waiting, "+16175550101"));
        var callback = (await _store.GetAsync(waiting))!;
        Assert.Equal(EscalationStatus.CallbackRequested, callback.Status);
        Assert.Equal("+16175550101", callback.CallbackNumber);
        // The user is back with the bot, but an agent still has to call: open, not live, and takeable.
        Assert.Null(await _store.FindOpenByConversationAsync("y"));
        Assert.Contains(await _store.ListOpenAsync(), e => e.Ticket == waiting);
        Assert.True(await _store.TryTakeAsync(waiting, "agent-2", "Bea", T0));
    }

    [Fact]
    public async Task LinesAreAppendedInOrderAndMetricsSeeEverySinceADate()
    {
        var old = await _store.CreateAsync(Request("old"), T0.AddDays(-10));
        var ticket = (await _store.CreateAsync(Request("new"), T0)).Ticket;
        await _store.AppendLineAsync(ticket, new TranscriptLine(TranscriptFrom.User, "hello?", T0.AddMinutes(1)));
        await _store.AppendLineAsync(ticket, new TranscriptLine(TranscriptFrom.Agent, "Hi, I'm Alex", T0.AddMinutes(2)));
        var lines = (await _store.GetAsync(ticket))!.Transcript;
        Assert.Equal(["I'm locked out", "hello?", "Hi, I'm Alex"], lines.Select(l => l.Text));
        Assert.Equal(TranscriptFrom.Agent, lines[^1].From);

        var since = await _store.ListSinceAsync(T0.AddDays(-1));
        Assert.Equal([ticket], since.Select(e => e.Ticket));
        Assert.Equal(2, (await _store.ListSinceAsync(T0.AddDays(-30))).Count);
        Assert.NotEqual(old.Ticket, ticket);
    }

    [Fact]
    public async Task AnOutOfHoursTicketIsOpenButNotLiveAndHasNoQueuePlace()
    {
        var ticket = (await _store.CreateAsync(Request("night") with { Status = EscalationStatus.OutOfHours }, T0)).Ticket;
        Assert.Null(await _store.QueuePositionAsync(ticket));
        Assert.Null(await _store.FindOpenByConversationAsync("night"));
        Assert.Single(await _store.ListOpenAsync());
        await Assert.ThrowsAsync<ArgumentException>(() => _store.CreateAsync(Request("bad") with { Status = EscalationStatus.Taken }, T0));
    }

    private async Task<(string?, string?)> AgentOf(string ticket)
    {
        var e = await _store.GetAsync(ticket);
        return (e!.AgentId, e.AgentName);
    }

    /// <summary>A new escalation as a Web Chat user asking for a person makes it (also used by the retention tests).</summary>
    internal static NewEscalation Request(string conversationId) => new()
    {
        Reason = EscalationReason.UserAsked,
        Intent = "talk_to_agent",
        ChannelId = "directline",
        ConversationId = conversationId,
        ConversationReference = "{}",
        Transcript = [new TranscriptLine(TranscriptFrom.User, "I'm locked out", T0)],
    };

    public void Dispose()
    {
        _db.Dispose();
        _folder.Dispose();
    }
}
