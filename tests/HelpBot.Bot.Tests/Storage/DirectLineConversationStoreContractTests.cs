using HelpBot.Bot.DirectLine;
using HelpBot.Bot.Storage;
using HelpBot.Bot.Storage.Postgres;
using Microsoft.Extensions.Time.Testing;
using Npgsql;

namespace HelpBot.Bot.Tests.Storage;

/// <summary>
/// What every engine behind <see cref="IDirectLineConversationStore"/> must do: conversations and their newest history,
/// stored redacted (no guest key or SafeCode in clear), kept per conversation when many write at once, purged when idle.
/// </summary>
public abstract class DirectLineConversationStoreContractTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 30, 14, 0, 0, TimeSpan.Zero);

    protected FakeTimeProvider Time { get; } = new(T0);

    /// <summary>The store, its activities timed by <see cref="Time"/>.</summary>
    protected abstract IDirectLineConversationStore Store { get; }

    private static DirectLineHistoryEntry Entry(long watermark, string text = "hello") =>
        new(watermark, $"a-{watermark}", $$"""{"type":"message","from":{"id":"u1","role":"user"},"text":"{{text}}"}""");

    [Fact]
    public async Task AConversationReadsBackAsCreated()
    {
        await Store.CreateAsync(new DirectLineConversationRecord("c-1", "dl_u1", "Jane", T0), default);
        await Store.CreateAsync(new DirectLineConversationRecord("c-2", "dl_u2", null, T0.AddMinutes(1)), default);

        Assert.Equal(new DirectLineConversationRecord("c-1", "dl_u1", "Jane", T0), await Store.FindAsync("c-1", default));
        Assert.Equal(new DirectLineConversationRecord("c-2", "dl_u2", null, T0.AddMinutes(1)), await Store.FindAsync("c-2", default));
        Assert.Null(await Store.FindAsync("c-unknown", default));
    }

    [Fact]
    public async Task HistoryKeepsTheNewestEntriesOldestFirst_AndARemovedOneGoes()
    {
        await Store.CreateAsync(new DirectLineConversationRecord("c-1", "dl_u1", null, T0), default);
        for (var w = 1; w <= 8; w++)
        {
            await Store.AppendAsync("c-1", Entry(w), 5, default);
        }
        await Store.RemoveAsync("c-1", "a-6", default);

        Assert.Equal([4L, 5, 7, 8], (await Store.ReadHistoryAsync("c-1", 10, default)).Select(e => e.Watermark));
        Assert.Equal([7L, 8], (await Store.ReadHistoryAsync("c-1", 2, default)).Select(e => e.Watermark));
        Assert.Equal(Entry(8), (await Store.ReadHistoryAsync("c-1", 1, default))[0]);
        Assert.Empty(await Store.ReadHistoryAsync("c-other", 10, default));
    }

    [Fact]
    public async Task AppendsThatRaceForOnePositionEachGetTheirOwn_AndReadingOnFromAWatermarkGetsTheRestInOrder()
    {
        // Two instances appending to one conversation at once both propose the next position they know of.
        await Store.CreateAsync(new DirectLineConversationRecord("c-1", "dl_u1", null, T0), default);
        Assert.Equal(1, await Store.AppendAsync("c-1", Entry(1), 100, default));

        var positions = await Task.WhenAll(Enumerable.Range(0, 8).Select(i =>
            Task.Run(() => Store.AppendAsync("c-1", new DirectLineHistoryEntry(2, $"b-{i}", $$"""{"type":"message","text":"reply {{i}}"}"""), 100, default))));

        Assert.Equal(Enumerable.Range(2, 8).Select(w => (long)w), positions.Order());
        var after = await Store.ReadAfterAsync("c-1", 5, default);
        Assert.Equal([6L, 7, 8, 9], after.Select(e => e.Watermark));
        Assert.All(after, e => Assert.Equal(positions.ToList().IndexOf(e.Watermark), int.Parse(e.ActivityId[2..], System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Empty(await Store.ReadAfterAsync("c-1", 9, default));
        // A later proposal than any stored is kept as it is.
        Assert.Equal(20, await Store.AppendAsync("c-1", Entry(20), 100, default));
    }

    [Fact]
    public async Task AGuestKeyOrSafeCodeTypedIsStoredRedacted()
    {
        await Store.CreateAsync(new DirectLineConversationRecord("c-1", "dl_u1", null, T0), default);

        await Store.AppendAsync("c-1", Entry(1, "my key is k7qm4txp9hrwc2nb"), 100, default);

        var stored = Assert.Single(await Store.ReadHistoryAsync("c-1", 100, default));
        Assert.DoesNotContain("k7qm", stored.ActivityJson, StringComparison.OrdinalIgnoreCase);
        Assert.Equal("my key is ••••-••••-••••-••••", (string?)System.Text.Json.Nodes.JsonNode.Parse(stored.ActivityJson)!["text"]);
    }

    [Fact]
    public async Task ConversationsWrittenAtOnceEachKeepTheirOwnNewestHistory()
    {
        var ids = Enumerable.Range(0, 10).Select(i => $"c-{i}").ToList();

        await Task.WhenAll(ids.Select(id => Task.Run(async () =>
        {
            await Store.CreateAsync(new DirectLineConversationRecord(id, "dl_" + id, null, T0), default);
            for (var w = 1; w <= 20; w++)
            {
                await Store.AppendAsync(id, Entry(w, id), 15, default);
            }
        })));

        foreach (var id in ids)
        {
            var history = await Store.ReadHistoryAsync(id, 100, default);
            Assert.Equal(Enumerable.Range(6, 15).Select(w => (long)w), history.Select(e => e.Watermark));
            Assert.All(history, e => Assert.Contains(id, e.ActivityJson, StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task ThePurgeRemovesConversationsCreatedAndLastActiveBeforeTheCutoff_WithTheirHistory()
    {
        await Store.CreateAsync(new DirectLineConversationRecord("c-quiet", "dl_u1", null, T0), default);
        await Store.CreateAsync(new DirectLineConversationRecord("c-revived", "dl_u2", null, T0), default);
        await Store.AppendAsync("c-quiet", Entry(1), 100, default);
        await Store.AppendAsync("c-revived", Entry(1), 100, default);
        Time.Advance(TimeSpan.FromDays(29));
        await Store.AppendAsync("c-revived", Entry(2), 100, default);
        await Store.CreateAsync(new DirectLineConversationRecord("c-new", "dl_u3", null, Time.GetUtcNow()), default);

        var idle = await Store.PurgeIdleAsync(T0.AddDays(1), default);

        Assert.Equal(["c-quiet"], idle);
        Assert.Null(await Store.FindAsync("c-quiet", default));
        Assert.Empty(await Store.ReadHistoryAsync("c-quiet", 100, default));
        Assert.Equal(2, (await Store.ReadHistoryAsync("c-revived", 100, default)).Count);
        Assert.NotNull(await Store.FindAsync("c-new", default));
    }
}

public sealed class LiteDbDirectLineConversationStoreTests : DirectLineConversationStoreContractTests, IDisposable
{
    private readonly TempDatabaseFolder _folder = new();
    private readonly HelpBotDatabase _database;

    public LiteDbDirectLineConversationStoreTests()
    {
        _database = _folder.Open();
        Store = new LiteDbDirectLineConversationStore(_database, Time);
    }

    protected override IDirectLineConversationStore Store { get; }

    public void Dispose()
    {
        _database.Dispose();
        _folder.Dispose();
    }
}

public sealed class PostgresDirectLineConversationStoreTests : DirectLineConversationStoreContractTests, IClassFixture<PostgresServerFixture>, IDisposable
{
    private readonly NpgsqlDataSource _dataSource;

    public PostgresDirectLineConversationStoreTests(PostgresServerFixture fixture)
    {
        _dataSource = fixture.Server.NewMigratedDataSource();
        Store = new PostgresDirectLineConversationStore(_dataSource, Time);
    }

    protected override IDirectLineConversationStore Store { get; }

    public void Dispose() => _dataSource.Dispose();
}
