using HelpBot.Bot.Storage;
using HelpBot.Bot.Storage.Postgres;
using HelpBot.Dialogs.Handoff;
using Npgsql;

namespace HelpBot.Bot.Tests.Storage;

/// <summary>
/// What every engine behind <see cref="IEscalationStore"/> must do: tickets, queue order, every change a compare-and-set
/// (the take race: exactly one agent wins), transfers, resolution, the transcript, the retention purge.
/// </summary>
public abstract class EscalationStoreContractTests
{
    protected static readonly DateTimeOffset T0 = new(2026, 11, 30, 14, 0, 0, TimeSpan.Zero);

    protected abstract IEscalationStore Store { get; }

    [Fact]
    public async Task TheOpenEscalationOfAConversationIsFound_AndOthersHaveNone()
    {
        var open = await Store.CreateAsync(Request("c-open"), T0);
        Assert.Equal(open.Ticket, (await Store.FindOpenByConversationAsync("c-open"))?.Ticket);
        Assert.Null(await Store.FindOpenByConversationAsync("c-never"));
        Assert.True(await Store.CancelAsync(open.Ticket, T0.AddMinutes(2)));
        Assert.Null(await Store.FindOpenByConversationAsync("c-open"));
        var again = await Store.CreateAsync(Request("c-open"), T0.AddMinutes(3));
        Assert.Equal(again.Ticket, (await Store.FindOpenByConversationAsync("c-open"))?.Ticket);
    }

    [Fact]
    public async Task TicketsAreSequentialAndKeepWhatWasAsked()
    {
        var first = await Store.CreateAsync(Request("c1"), T0);
        var second = await Store.CreateAsync(Request("c2") with { Username = "jsmith", DisplayName = "Jane Smith", Verified = true }, T0.AddMinutes(1));
        Assert.Equal("HD-000001", first.Ticket);
        Assert.Equal("HD-000002", second.Ticket);
        Assert.Equal(EscalationStatus.Waiting, first.Status);
        Assert.Equal(1, first.Version);

        var stored = await Store.GetAsync("HD-000001");
        Assert.NotNull(stored);
        Assert.Equal("c1", stored.ConversationId);
        Assert.Equal(T0, stored.CreatedAt);
        Assert.Equal([new TranscriptLine(TranscriptFrom.User, "I'm locked out", T0)], stored.Transcript);
        var secondStored = await Store.GetAsync("HD-000002");
        Assert.Equal(second, secondStored! with { Transcript = second.Transcript });
        Assert.Equal(("jsmith", "Jane Smith", true), (second.Username, second.DisplayName, second.Verified));
        Assert.Null(await Store.GetAsync("HD-999999"));
    }

    [Fact]
    public async Task TheQueueIsOldestWaitingFirstAndPositionsMoveUpWhenOneIsTaken()
    {
        var a = await Store.CreateAsync(Request("a"), T0);
        var b = await Store.CreateAsync(Request("b"), T0.AddMinutes(1));
        var c = await Store.CreateAsync(Request("c"), T0.AddMinutes(2));
        Assert.Equal([a.Ticket, b.Ticket, c.Ticket], (await Store.ListOpenAsync()).Select(e => e.Ticket));
        Assert.Equal(3, await Store.QueuePositionAsync(c.Ticket));

        Assert.True(await Store.TryTakeAsync(a.Ticket, "agent-1", "Alex", T0.AddMinutes(3)));
        Assert.Null(await Store.QueuePositionAsync(a.Ticket));
        Assert.Equal(1, await Store.QueuePositionAsync(b.Ticket));
        Assert.Equal(2, await Store.QueuePositionAsync(c.Ticket));
        // Taken escalations are still open (someone is on them), in the same order.
        Assert.Equal([a.Ticket, b.Ticket, c.Ticket], (await Store.ListOpenAsync()).Select(e => e.Ticket));

        Assert.True(await Store.CancelAsync(b.Ticket, T0.AddMinutes(4)));
        Assert.Equal(1, await Store.QueuePositionAsync(c.Ticket));
        Assert.Equal([a.Ticket, c.Ticket], (await Store.ListOpenAsync()).Select(e => e.Ticket));
    }

    [Fact]
    public async Task WhenManyAgentsRaceForOneTicketExactlyOneWins()
    {
        var ticket = (await Store.CreateAsync(Request("race"), T0)).Ticket;
        using var start = new ManualResetEventSlim();
        var racers = Enumerable.Range(1, 16).Select(i => Task.Run(async () =>
        {
            start.Wait();
            return await Store.TryTakeAsync(ticket, $"agent-{i}", $"Agent {i}", T0.AddSeconds(i)) ? $"agent-{i}" : null;
        })).ToArray();
        start.Set();
        var winners = (await Task.WhenAll(racers)).Where(w => w is not null).ToList();

        var winner = Assert.Single(winners);
        var stored = await Store.GetAsync(ticket);
        Assert.Equal(EscalationStatus.Taken, stored!.Status);
        Assert.Equal(winner, stored.AgentId);
        Assert.Equal(2, stored.Version);
    }

    [Fact]
    public async Task OnlyTheAgentHoldingATicketCanTransferOrResolveIt()
    {
        var ticket = (await Store.CreateAsync(Request("t"), T0)).Ticket;
        Assert.False(await Store.TransferAsync(ticket, "agent-1", "agent-2", "Bea")); // not taken yet
        Assert.True(await Store.TryTakeAsync(ticket, "agent-1", "Alex", T0.AddMinutes(1)));
        Assert.False(await Store.TryTakeAsync(ticket, "agent-2", "Bea", T0.AddMinutes(1)));
        Assert.False(await Store.TransferAsync(ticket, "agent-2", "agent-3", "Cy"));
        Assert.True(await Store.TransferAsync(ticket, "agent-1", "agent-2", "Bea"));
        Assert.Equal(("agent-2", "Bea"), await AgentOf(ticket));

        Assert.False(await Store.ResolveAsync(ticket, "agent-1", "not mine any more", T0.AddMinutes(5)));
        Assert.True(await Store.ResolveAsync(ticket, "agent-2", "Unlocked after a call", T0.AddMinutes(6)));
        var resolved = await Store.GetAsync(ticket);
        Assert.Equal(EscalationStatus.Resolved, resolved!.Status);
        Assert.Equal("Unlocked after a call", resolved.ResolutionNote);
        Assert.Equal(T0.AddMinutes(6), resolved.ResolvedAt);
        Assert.Equal(T0.AddMinutes(1), resolved.TakenAt);
        Assert.False(resolved.IsOpen);
        Assert.Null(await Store.FindOpenByConversationAsync("t"));
        // Final: nothing changes it again except the one survey answer.
        Assert.False(await Store.CancelAsync(ticket, T0.AddMinutes(7)));
        Assert.False(await Store.AppendLineAsync(ticket, new TranscriptLine(TranscriptFrom.User, "late", T0)));
        Assert.True(await Store.SetSatisfactionAsync(ticket, 4));
        Assert.False(await Store.SetSatisfactionAsync(ticket, 1));
        Assert.Equal(4, (await Store.GetAsync(ticket))!.Satisfaction);
    }

    [Fact]
    public async Task ATakenTicketCannotBeCancelledButAWaitingOneCanBecomeACallBack()
    {
        var taken = (await Store.CreateAsync(Request("x"), T0)).Ticket;
        await Store.TryTakeAsync(taken, "agent-1", "Alex", T0);
        Assert.False(await Store.CancelAsync(taken, T0));
        Assert.False(await Store.RequestCallbackAsync(taken, "+16175550101"));

        var waiting = (await Store.CreateAsync(Request("y"), T0)).Ticket;
        Assert.Equal(waiting, (await Store.FindOpenByConversationAsync("y"))!.Ticket);
        Assert.True(await Store.RequestCallbackAsync(waiting, "+16175550101"));
        var callback = (await Store.GetAsync(waiting))!;
        Assert.Equal(EscalationStatus.CallbackRequested, callback.Status);
        Assert.Equal("+16175550101", callback.CallbackNumber);
        // The user is back with the bot, but an agent still has to call: open, not live, and takeable.
        Assert.Null(await Store.FindOpenByConversationAsync("y"));
        Assert.Contains(await Store.ListOpenAsync(), e => e.Ticket == waiting);
        Assert.True(await Store.TryTakeAsync(waiting, "agent-2", "Bea", T0));
    }

    [Fact]
    public async Task LinesAreAppendedInOrderAndMetricsSeeEverySinceADate()
    {
        var old = await Store.CreateAsync(Request("old"), T0.AddDays(-10));
        var ticket = (await Store.CreateAsync(Request("new"), T0)).Ticket;
        await Store.AppendLineAsync(ticket, new TranscriptLine(TranscriptFrom.User, "hello?", T0.AddMinutes(1)));
        await Store.AppendLineAsync(ticket, new TranscriptLine(TranscriptFrom.Agent, "Hi, I'm Alex", T0.AddMinutes(2)));
        var lines = (await Store.GetAsync(ticket))!.Transcript;
        Assert.Equal(["I'm locked out", "hello?", "Hi, I'm Alex"], lines.Select(l => l.Text));
        Assert.Equal(TranscriptFrom.Agent, lines[^1].From);

        var since = await Store.ListSinceAsync(T0.AddDays(-1));
        Assert.Equal([ticket], since.Select(e => e.Ticket));
        Assert.Equal(2, (await Store.ListSinceAsync(T0.AddDays(-30))).Count);
        Assert.NotEqual(old.Ticket, ticket);
    }

    [Fact]
    public async Task AnOutOfHoursTicketIsOpenButNotLiveAndHasNoQueuePlace()
    {
        var ticket = (await Store.CreateAsync(Request("night") with { Status = EscalationStatus.OutOfHours }, T0)).Ticket;
        Assert.Null(await Store.QueuePositionAsync(ticket));
        Assert.Null(await Store.FindOpenByConversationAsync("night"));
        Assert.Single(await Store.ListOpenAsync());
        await Assert.ThrowsAsync<ArgumentException>(() => Store.CreateAsync(Request("bad") with { Status = EscalationStatus.Taken }, T0));
    }

    [Fact]
    public async Task LinesAppendedConcurrentlyAreAllKept()
    {
        var ticket = (await Store.CreateAsync(Request("busy"), T0)).Ticket;

        await Task.WhenAll(Enumerable.Range(1, 20).Select(i => Task.Run(() =>
            Store.AppendLineAsync(ticket, new TranscriptLine(TranscriptFrom.User, $"line {i}", T0.AddSeconds(i))))));

        var stored = (await Store.GetAsync(ticket))!;
        Assert.Equal(21, stored.Transcript.Count);
        Assert.Equal(Enumerable.Range(1, 20).Select(i => $"line {i}").Order(StringComparer.Ordinal), stored.Transcript.Skip(1).Select(l => l.Text).Order(StringComparer.Ordinal));
        Assert.Equal(21, stored.Version);
    }

    [Fact]
    public async Task ThePurgeRemovesEscalationsClosedLongerThanTheRetention_NeverOpenOnes()
    {
        var resolved = (await Store.CreateAsync(Request("r"), T0.AddDays(-100))).Ticket;
        var cancelled = (await Store.CreateAsync(Request("c"), T0.AddDays(-100))).Ticket;
        var recent = (await Store.CreateAsync(Request("n"), T0.AddDays(-100))).Ticket;
        var open = (await Store.CreateAsync(Request("o"), T0.AddDays(-200))).Ticket;
        Assert.True(await Store.ResolveAsync(resolved, "agent-1", null, T0.AddDays(-91)));
        Assert.True(await Store.CancelAsync(cancelled, T0.AddDays(-91)));
        Assert.True(await Store.ResolveAsync(recent, "agent-1", null, T0.AddDays(-89)));

        var removed = await ((IRetainedData)Store).PurgeAsync(T0, new RetentionOptions { ClosedEscalations = TimeSpan.FromDays(90) }, CancellationToken.None);

        Assert.Equal(2, removed);
        Assert.Null(await Store.GetAsync(resolved));
        Assert.Null(await Store.GetAsync(cancelled));
        Assert.NotNull(await Store.GetAsync(recent));
        Assert.NotNull(await Store.GetAsync(open));
    }

    private async Task<(string?, string?)> AgentOf(string ticket)
    {
        var e = await Store.GetAsync(ticket);
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
}

public sealed class PostgresEscalationStoreTests : EscalationStoreContractTests, IClassFixture<PostgresServerFixture>, IDisposable
{
    private readonly NpgsqlDataSource _dataSource;

    public PostgresEscalationStoreTests(PostgresServerFixture fixture)
    {
        _dataSource = fixture.Server.NewMigratedDataSource();
        Store = new PostgresEscalationStore(_dataSource);
    }

    protected override IEscalationStore Store { get; }

    public void Dispose() => _dataSource.Dispose();
}
