using System.Security.Cryptography;
using HelpBot.Bot.Messaging;
using HelpBot.Bot.Storage;
using HelpBot.Bot.Storage.Postgres;
using HelpBot.Dialogs.Messaging;
using Npgsql;

namespace HelpBot.Bot.Tests.Storage;

/// <summary>
/// What every engine behind <see cref="IOutboxStore"/> must do: a queued text or e-mail waits, as queued, until its
/// delivery was attempted, and what waits is sealed (a SafeCode, a recipient) at rest.
/// </summary>
public abstract class OutboxStoreContractTests
{
    protected static readonly OutboxKey Key = new(RandomNumberGenerator.GetBytes(OutboxKey.Bytes32));

    protected abstract IOutboxStore Store { get; }

    /// <summary>Fails if <paramref name="text"/> is anywhere in what the engine keeps.</summary>
    protected abstract Task AssertNothingAtRestHoldsAsync(string text);

    private static OutboundMessage Code(int n) =>
        new(n % 2 == 0 ? MessageChannel.Email : MessageChannel.Text, n % 2 == 0 ? $"person{n}@example.org" : $"+1617555{n:D4}", "Your HMS SafeCode", $"Your HMS SafeCode is 48{n:D4}.");

    [Fact]
    public async Task AQueuedMessageWaitsAsQueuedUntilRemoved_OldestFirst()
    {
        var first = await Store.AddAsync(Code(1));
        await Task.Delay(5);
        var second = await Store.AddAsync(Code(2));

        var pending = await Store.PendingAsync();

        Assert.Equal([first, second], pending.Select(p => p.Id));
        Assert.Equal([Code(1), Code(2)], pending.Select(p => p.Message));
        await Store.RemoveAsync(first);
        await Store.RemoveAsync(second);
        Assert.Empty(await Store.PendingAsync());
    }

    [Fact]
    public async Task TheCodeAndTheRecipientAreNotKeptInClear()
    {
        await Store.AddAsync(Code(2));

        await AssertNothingAtRestHoldsAsync("480002");
        await AssertNothingAtRestHoldsAsync("person2@example.org");
    }
}

public sealed class LiteDbOutboxStoreTests : OutboxStoreContractTests, IDisposable
{
    private readonly TempDatabaseFolder _folder = new();
    private readonly HelpBotDatabase _database;

    public LiteDbOutboxStoreTests()
    {
        _database = _folder.Open();
        Store = new LiteDbOutboxStore(_database, Key);
    }

    protected override IOutboxStore Store { get; }

    protected override Task AssertNothingAtRestHoldsAsync(string text)
    {
        var documents = _database.Database.GetCollection(LiteDbOutboxStore.CollectionName).FindAll().ToList();
        Assert.NotEmpty(documents);
        foreach (var document in documents)
        {
            Assert.DoesNotContain(text, LiteDB.JsonSerializer.Serialize(document), StringComparison.Ordinal);
            Assert.DoesNotContain(text, System.Text.Encoding.UTF8.GetString(document["Sealed"].AsBinary), StringComparison.Ordinal);
        }
        return Task.CompletedTask;
    }

    public void Dispose()
    {
        _database.Dispose();
        _folder.Dispose();
    }
}

/// <summary>
/// The contract on PostgreSQL (with a claim that lapses at once, as for one instance that restarts), plus what several
/// instances sharing the outbox need: a message is sent by the instance that queued it, or, if that one died, by one other.
/// </summary>
public sealed class PostgresOutboxStoreTests : OutboxStoreContractTests, IClassFixture<PostgresServerFixture>, IDisposable
{
    private static readonly TimeSpan Sweep = TimeSpan.FromSeconds(15);
    private readonly NpgsqlDataSource _dataSource;

    public PostgresOutboxStoreTests(PostgresServerFixture fixture)
    {
        _dataSource = fixture.Server.NewMigratedDataSource();
        Store = Instance(TimeSpan.Zero);
    }

    protected override IOutboxStore Store { get; }

    private PostgresOutboxStore Instance(TimeSpan claim) => new(_dataSource, Key, claim, Sweep);

    protected override async Task AssertNothingAtRestHoldsAsync(string text)
    {
        await using var command = _dataSource.CreateCommand("SELECT coalesce(string_agg(row_to_json(o)::text || encode(o.sealed, 'escape'), ''), '') FROM outbox o");
        var stored = (string)(await command.ExecuteScalarAsync())!;
        Assert.NotEmpty(stored);
        Assert.DoesNotContain(text, stored, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AMessageAnotherInstanceHasJustQueuedIsNotSentHereToo()
    {
        var queuing = Instance(TimeSpan.FromMinutes(1));
        await queuing.AddAsync(new OutboundMessage(MessageChannel.Text, "+16175550101", "SafeCode", "Your HMS SafeCode is 123456."));

        Assert.Empty(await Instance(TimeSpan.FromMinutes(1)).PendingAsync());
    }

    [Fact]
    public async Task WhenTheQueuingInstanceDiedItsMessageIsSentByOneOtherInstanceOnce()
    {
        var died = Instance(TimeSpan.FromSeconds(1));
        var id = await died.AddAsync(new OutboundMessage(MessageChannel.Email, "jane.smith@example.org", "SafeCode", "Your HMS SafeCode is 654321."));
        await Task.Delay(TimeSpan.FromSeconds(1.5));

        var sweeps = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => Instance(TimeSpan.FromMinutes(1)).PendingAsync())));

        var taken = Assert.Single(sweeps.SelectMany(s => s));
        Assert.Equal(id, taken.Id);
        Assert.Equal("jane.smith@example.org", taken.Message.To);
        // Claimed by the instance that took it: the next sweeps leave it alone.
        Assert.Empty(await Instance(TimeSpan.FromMinutes(1)).PendingAsync());
    }

    [Fact]
    public async Task ManyLeftOverMessagesAreSharedOutWithoutAnyGoingTwice()
    {
        var ids = new List<string>();
        for (var n = 0; n < 40; n++)
        {
            ids.Add(await Store.AddAsync(new OutboundMessage(MessageChannel.Text, $"+1617555{n:D4}", "SafeCode", "Your HMS SafeCode is 111111.")));
        }

        var sweeps = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => Task.Run(() => Instance(TimeSpan.FromMinutes(1)).PendingAsync())));

        var taken = sweeps.SelectMany(s => s).Select(m => m.Id).ToList();
        Assert.Equal(ids.Order(StringComparer.Ordinal), taken.Order(StringComparer.Ordinal));
    }

    public void Dispose() => _dataSource.Dispose();
}
