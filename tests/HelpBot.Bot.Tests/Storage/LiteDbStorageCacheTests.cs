using HelpBot.Bot.Storage;

namespace HelpBot.Bot.Tests.Storage;

/// <summary>
/// LiteDbStorage keeps recently used documents in memory so a turn's load and ETag check skip LiteDB queries: what it
/// serves must always be what is committed, including after a caller's transaction rolls back and when the cache is full.
/// </summary>
public sealed class LiteDbStorageCacheTests : IDisposable
{
    private readonly TempDatabaseFolder _folder = new();
    private readonly HelpBotDatabase _database;
    private readonly LiteDbStorage _storage;

    public LiteDbStorageCacheTests()
    {
        _database = _folder.Open();
        _storage = new LiteDbStorage(_database);
    }

    public void Dispose()
    {
        _database.Dispose();
        _folder.Dispose();
    }

    [Fact]
    public async Task AWriteInACallersTransactionThatRollsBackIsNeverServedAfterwards()
    {
        await Write("k", 1);
        var committed = await Read("k");

        Assert.True(_database.Database.BeginTrans());
        await _storage.WriteAsync(new Dictionary<string, object> { ["k"] = new Dictionary<string, object> { ["n"] = 2 } });
        Assert.Equal(2L, (await Read("k"))["n"]);
        Assert.True(_database.Database.Rollback());

        var after = await Read("k");
        Assert.Equal(1L, after["n"]);
        Assert.Equal(committed["eTag"], after["eTag"]);
        // The committed ETag is still the one a save must carry.
        await _storage.WriteAsync(new Dictionary<string, object> { ["k"] = new Dictionary<string, object> { ["n"] = 3, ["eTag"] = after["eTag"] } });
        Assert.Equal(3L, (await Read("k"))["n"]);
    }

    [Fact]
    public async Task AWriteInACallersTransactionStaysInItEvenWhenItHadToWaitForTheGate()
    {
        await Write("k", 1);
        var gate = _database.WriteGateFor(LiteDbStorage.CollectionName);
        await gate.WaitAsync(); // another writer holds the gate...
        var release = Task.Run(async () =>
        {
            await Task.Delay(200);
            gate.Release(); // ...for a moment
        });

        Assert.True(_database.Database.BeginTrans());
        var thread = Environment.CurrentManagedThreadId;
        var write = _storage.WriteAsync(new Dictionary<string, object> { ["k"] = new Dictionary<string, object> { ["n"] = 2 } });
        Assert.True(write.IsCompleted, "the write waited on its own thread, inside the caller's transaction");
        await write;
        Assert.Equal(thread, Environment.CurrentManagedThreadId);
        Assert.True(_database.Database.Rollback());
        await release;

        Assert.Equal(1L, (await Read("k"))["n"]);
        Assert.Equal(1L, (await Read("k", new LiteDbStorage(_database)))["n"]);
    }

    [Fact]
    public async Task WithAFileSharedBetweenProcessesEachReadsWhatTheOtherWrote_AndAStaleETagConflicts()
    {
        _database.Dispose();
        using var ours = new HelpBotDatabase(_folder.DatabasePath, LiteDB.ConnectionType.Shared);
        using var theirs = new HelpBotDatabase(_folder.DatabasePath, LiteDB.ConnectionType.Shared);
        var bot = new LiteDbStorage(ours);
        var other = new LiteDbStorage(theirs);

        await bot.WriteAsync(new Dictionary<string, object> { ["k"] = new Dictionary<string, object> { ["n"] = 1 } });
        var seen = await Read("k", bot);
        var theirView = await Read("k", other);
        theirView["n"] = 2;
        await other.WriteAsync(new Dictionary<string, object> { ["k"] = theirView });

        Assert.Equal(2L, (await Read("k", bot))["n"]);
        seen["n"] = 3;
        await Assert.ThrowsAsync<StorageConflictException>(() => bot.WriteAsync(new Dictionary<string, object> { ["k"] = seen }));
    }

    [Fact]
    public async Task MoreConversationsThanTheCacheHoldsAllReadBackAndAStaleETagStillConflicts()
    {
        var count = LiteDbStorage.MaxCachedDocuments + 25;
        for (var i = 0; i < count; i++)
        {
            await Write($"c/{i}", i);
        }
        var first = await Read("c/0");
        for (var i = 0; i < count; i += 97)
        {
            Assert.Equal((long)i, (await Read($"c/{i}"))["n"]);
        }
        await _storage.WriteAsync(new Dictionary<string, object> { ["c/0"] = new Dictionary<string, object> { ["n"] = -1, ["eTag"] = first["eTag"] } });

        await Assert.ThrowsAsync<StorageConflictException>(() =>
            _storage.WriteAsync(new Dictionary<string, object> { ["c/0"] = new Dictionary<string, object> { ["n"] = -2, ["eTag"] = first["eTag"] } }));
        Assert.Equal(-1L, (await Read("c/0"))["n"]);
    }

    [Fact]
    public async Task WhatAnotherStorageOverTheSameFileReadsIsWhatThisOneWrote()
    {
        await Write("k", 1);
        await Read("k");
        await Write("k", 2);
        await _storage.DeleteAsync(["gone"]);

        var other = new LiteDbStorage(_database);
        var read = await other.ReadAsync(["k"]);
        Assert.Equal(2L, ((IDictionary<string, object>)read["k"])["n"]);
        Assert.Equal((await Read("k"))["eTag"], ((IDictionary<string, object>)read["k"])["eTag"]);
    }

    private Task Write(string key, int n) =>
        _storage.WriteAsync(new Dictionary<string, object> { [key] = new Dictionary<string, object> { ["n"] = n } });

    private async Task<IDictionary<string, object>> Read(string key, LiteDbStorage? storage = null) =>
        (IDictionary<string, object>)(await (storage ?? _storage).ReadAsync([key]))[key];
}
