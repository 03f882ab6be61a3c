using HelpBot.Bot.Storage;
using HelpBot.Bot.Storage.Postgres;
using HelpBot.LocalServers;
using Microsoft.Bot.Builder;
using Npgsql;

namespace HelpBot.Bot.Tests.Storage;

/// <summary>One PostgreSQL server for the class (started on 127.0.0.1, stopped afterwards).</summary>
public sealed class PostgresServerFixture : IDisposable
{
    internal PostgresServer Server { get; } = PostgresServer.Start();

    public void Dispose() => Server.Dispose();
}

/// <summary>The storage contract on a real PostgreSQL, each test in a database of its own, plus what two instances need.</summary>
public sealed class PostgresStorageTests : StorageContractTests, IClassFixture<PostgresServerFixture>, IDisposable
{
    private readonly PostgresServer _server;
    private readonly NpgsqlDataSource _dataSource;
    private readonly PostgresStorage _storage;

    public PostgresStorageTests(PostgresServerFixture fixture)
    {
        _server = fixture.Server;
        _dataSource = _server.NewMigratedDataSource();
        _storage = new PostgresStorage(_dataSource);
    }

    protected override IStorage Storage => _storage;

    public void Dispose() => _dataSource.Dispose();

    [Fact]
    public async Task TwoInstancesOnOneDatabase_AWriteOnOneIsReadOnTheOther_AndAStaleWriteOnEitherConflicts()
    {
        await using var otherPool = NpgsqlDataSource.Create(_dataSource.ConnectionString);
        var a = _storage;
        var b = new PostgresStorage(otherPool);

        await a.WriteAsync(new Dictionary<string, object> { ["c/1"] = new Dictionary<string, object> { ["step"] = 1 } });
        var seenByB = (IDictionary<string, object>)(await b.ReadAsync(["c/1"]))["c/1"];
        seenByB["step"] = 2;
        await b.WriteAsync(new Dictionary<string, object> { ["c/1"] = seenByB });

        var staleOnA = new Dictionary<string, object> { ["step"] = 3, ["eTag"] = "stale-etag-from-before" };
        await Assert.ThrowsAsync<StorageConflictException>(() => a.WriteAsync(new Dictionary<string, object> { ["c/1"] = staleOnA }));
        Assert.Equal(2L, ((IDictionary<string, object>)(await a.ReadAsync(["c/1"]))["c/1"])["step"]);
    }

    [Fact]
    public async Task TwoInstancesMigratingTogetherMakeOneSchema_AndMigratingAgainChangesNothing()
    {
        var database = _server.NewDatabase();
        await using var first = NpgsqlDataSource.Create(_server.ConnectionString(database));
        await using var second = NpgsqlDataSource.Create(_server.ConnectionString(database));

        await Task.WhenAll(PostgresSchema.MigrateAsync(first), PostgresSchema.MigrateAsync(second));
        await PostgresSchema.MigrateAsync(first);

        await using var command = first.CreateCommand("SELECT count(*), max(version) FROM helpbot_schema");
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        Assert.Equal(PostgresSchema.Version, reader.GetInt64(0));
        Assert.Equal(PostgresSchema.Version, reader.GetInt32(1));
    }
}
