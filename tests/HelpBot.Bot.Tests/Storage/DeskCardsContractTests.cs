using HelpBot.Bot.Handoff;
using HelpBot.Bot.Storage;
using HelpBot.Bot.Storage.Postgres;
using HelpBot.Bot.Teams;
using HelpBot.Dialogs.Handoff;
using Npgsql;

namespace HelpBot.Bot.Tests.Storage;

/// <summary>What every engine behind <see cref="IDeskCards"/> must do: one card per ticket, found by a reply's thread, gone with its escalation.</summary>
public abstract class DeskCardsContractTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 30, 14, 0, 0, TimeSpan.Zero);

    protected abstract IDeskCards Cards { get; }

    /// <summary>The escalations on the same engine (the purge keeps the cards of the escalations still kept).</summary>
    protected abstract IEscalationStore Escalations { get; }

    [Fact]
    public void ACardIsFoundByItsTicketAndByARepliesThread()
    {
        Cards.Save(new DeskCard("HD-000001", "1700000000001", "19:desk@thread.tacv2;messageid=1700000000001"));

        Assert.Equal(new DeskCard("HD-000001", "1700000000001", "19:desk@thread.tacv2;messageid=1700000000001"), Cards.Get("HD-000001"));
        Assert.Equal("HD-000001", Cards.FindByThread("19:desk@thread.tacv2;MessageId=1700000000001")?.Ticket);
        Assert.Null(Cards.FindByThread("19:desk@thread.tacv2;messageid=1700000000999"));
        Assert.Null(Cards.FindByThread("19:desk@thread.tacv2"));
        Assert.Null(Cards.Get("HD-000002"));
    }

    [Fact]
    public void CardsSavedAtOnceForOneTicketLeaveOne_FoundByItsOwnThreadOnly()
    {
        Parallel.For(0, 16, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i => Cards.Save(new DeskCard("HD-000001", $"root-{i}", $"19:desk;messageid=root-{i}")));

        var card = Cards.Get("HD-000001");
        Assert.NotNull(card);
        var found = Enumerable.Range(0, 16).Select(i => Cards.FindByThread($"19:desk;messageid=root-{i}")).Where(c => c is not null).ToList();
        Assert.Equal(card, Assert.Single(found));
    }

    [Fact]
    public async Task ThePurgeRemovesTheCardsOfEscalationsNoLongerKept()
    {
        var closed = await Escalations.CreateAsync(Request("c-closed"), T0.AddDays(-100));
        var open = await Escalations.CreateAsync(Request("c-open"), T0.AddDays(-100));
        Assert.True(await Escalations.CancelAsync(closed.Ticket, T0.AddDays(-95)));
        Cards.Save(new DeskCard(closed.Ticket, "root-closed", "19:desk;messageid=root-closed"));
        Cards.Save(new DeskCard(open.Ticket, "root-open", "19:desk;messageid=root-open"));
        var retention = new RetentionOptions { ClosedEscalations = TimeSpan.FromDays(90) };

        await ((IRetainedData)Escalations).PurgeAsync(T0, retention, CancellationToken.None);
        var removed = await ((IRetainedData)Cards).PurgeAsync(T0, retention, CancellationToken.None);

        Assert.Equal(1, removed);
        Assert.Null(Cards.Get(closed.Ticket));
        Assert.NotNull(Cards.Get(open.Ticket));
    }

    private static NewEscalation Request(string conversationId) => EscalationStoreContractTests.Request(conversationId);
}

public sealed class LiteDbDeskCardsTests : DeskCardsContractTests, IDisposable
{
    private readonly TempDatabaseFolder _folder = new();
    private readonly HelpBotDatabase _database;

    public LiteDbDeskCardsTests()
    {
        _database = _folder.Open();
        Cards = new LiteDbDeskCards(_database);
        Escalations = new LiteDbEscalationStore(_database);
    }

    protected override IDeskCards Cards { get; }

    protected override IEscalationStore Escalations { get; }

    public void Dispose()
    {
        _database.Dispose();
        _folder.Dispose();
    }
}

public sealed class PostgresDeskCardsTests : DeskCardsContractTests, IClassFixture<PostgresServerFixture>, IDisposable
{
    private readonly NpgsqlDataSource _dataSource;

    public PostgresDeskCardsTests(PostgresServerFixture fixture)
    {
        _dataSource = fixture.Server.NewMigratedDataSource();
        Cards = new PostgresDeskCards(_dataSource);
        Escalations = new PostgresEscalationStore(_dataSource);
    }

    protected override IDeskCards Cards { get; }

    protected override IEscalationStore Escalations { get; }

    public void Dispose() => _dataSource.Dispose();
}
