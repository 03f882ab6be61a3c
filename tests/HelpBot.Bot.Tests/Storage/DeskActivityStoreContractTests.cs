using HelpBot.Bot.AgentConsole;
using HelpBot.Bot.Storage;
using HelpBot.Bot.Storage.Postgres;
using Microsoft.Extensions.Time.Testing;
using Npgsql;

namespace HelpBot.Bot.Tests.Storage;

/// <summary>
/// What every engine behind <see cref="IDeskActivityStore"/> must do, seen through <see cref="DeskActivity"/> as the desk
/// metrics use it: each active conversation counted once with its channel, notes from two instances at once all kept, the purge.
/// </summary>
public abstract class DeskActivityStoreContractTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 30, 14, 0, 0, TimeSpan.Zero);

    protected FakeTimeProvider Time { get; } = new(T0);

    /// <summary>A store on the engine's database; each call is another instance's view of the same data.</summary>
    protected abstract IDeskActivityStore NewStore();

    [Fact]
    public void ConversationsAreCountedOnceWithTheirChannel_SinceTheirLastMessage_AndSeenByAnotherInstance()
    {
        using var a = new DeskActivity(NewStore(), Time);
        a.Record("directline", "c-web");
        a.Record("msteams", "c-teams");
        Time.Advance(TimeSpan.FromMinutes(5));
        a.Record("directline", "c-web");

        Assert.Equal([("c-teams", "msteams"), ("c-web", "directline")], a.ActiveSince(T0).Order());
        using var b = new DeskActivity(NewStore(), Time);
        Assert.Equal([("c-web", "directline")], b.ActiveSince(T0.AddMinutes(1)));
        Assert.Empty(b.ActiveSince(T0.AddMinutes(6)));
    }

    [Fact]
    public void NotesWrittenByTwoInstancesAtOnceAreAllKept()
    {
        using var a = new DeskActivity(NewStore(), Time);
        using var b = new DeskActivity(NewStore(), Time);
        var conversations = Enumerable.Range(0, 60).Select(i => $"c-{i}").ToList();

        Parallel.ForEach(conversations.SelectMany(c => new[] { (a, c), (b, c) }), new ParallelOptions { MaxDegreeOfParallelism = 8 }, one =>
        {
            one.Item1.Record("directline", one.Item2);
            if (one.Item2.EndsWith('0'))
            {
                one.Item1.ActiveSince(T0); // a read flushes what is pending, while the other instance writes too
            }
        });

        Assert.Equal(conversations.Order(StringComparer.Ordinal), a.ActiveSince(T0).Select(x => x.ConversationId).Order(StringComparer.Ordinal));
        Assert.Equal(60, b.ActiveSince(T0).Count);
    }

    [Fact]
    public async Task ThePurgeRemovesConversationsQuietLongerThanTheRetention()
    {
        using var activity = new DeskActivity(NewStore(), Time);
        activity.Record("directline", "c-old");
        Time.Advance(TimeSpan.FromDays(2));
        activity.Record("directline", "c-recent");

        var removed = await ((IRetainedData)activity).PurgeAsync(Time.GetUtcNow(), new RetentionOptions { ClosedEscalations = TimeSpan.FromDays(1) }, CancellationToken.None);

        Assert.Equal(1, removed);
        Assert.Equal([("c-recent", "directline")], activity.ActiveSince(T0));
    }
}

public sealed class LiteDbDeskActivityStoreTests : DeskActivityStoreContractTests, IDisposable
{
    private readonly TempDatabaseFolder _folder = new();
    private readonly HelpBotDatabase _database;

    public LiteDbDeskActivityStoreTests() => _database = _folder.Open();

    protected override IDeskActivityStore NewStore() => new LiteDbDeskActivityStore(_database);

    public void Dispose()
    {
        _database.Dispose();
        _folder.Dispose();
    }
}

public sealed class PostgresDeskActivityStoreTests : DeskActivityStoreContractTests, IClassFixture<PostgresServerFixture>, IDisposable
{
    private readonly NpgsqlDataSource _dataSource;
    private readonly List<NpgsqlDataSource> _instances = [];

    public PostgresDeskActivityStoreTests(PostgresServerFixture fixture) => _dataSource = fixture.Server.NewMigratedDataSource();

    protected override IDeskActivityStore NewStore()
    {
        var instance = NpgsqlDataSource.Create(_dataSource.ConnectionString);
        _instances.Add(instance);
        return new PostgresDeskActivityStore(instance);
    }

    public void Dispose()
    {
        _instances.ForEach(i => i.Dispose());
        _dataSource.Dispose();
    }
}
