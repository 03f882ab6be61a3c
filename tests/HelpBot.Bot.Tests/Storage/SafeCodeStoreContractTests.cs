using HelpBot.Bot.SafeCode;
using HelpBot.Bot.Storage;
using HelpBot.Bot.Storage.Postgres;
using HelpBot.Dialogs.SafeCode;
using Npgsql;

namespace HelpBot.Bot.Tests.Storage;

/// <summary>What every engine behind <see cref="ISafeCodeStore"/> must do: challenges kept exactly, updates atomic, blocks, the purge.</summary>
public abstract class SafeCodeStoreContractTests
{
    private static readonly DateTimeOffset Now = new DateTimeOffset(2026, 12, 3, 14, 5, 6, 789, TimeSpan.Zero).AddTicks(1234);

    protected abstract ISafeCodeStore Store { get; }

    private static SafeCodeChallenge Challenge(string id, DateTimeOffset? expires = null) => new()
    {
        Id = id,
        Subject = "jsmith",
        Username = "jsmith",
        ConversationId = "c-1",
        Purpose = SafeCodePurpose.ResetPassword,
        CodeHash = [1, 2, 3, 250],
        CreatedAt = Now,
        ExpiresAt = expires ?? Now.AddMinutes(5),
    };

    [Fact]
    public async Task AChallengeReadsBackExactly_ToTheTick()
    {
        var written = Challenge("ch-1");
        await Store.InsertChallengeAsync(written);

        var read = await Store.GetChallengeAsync("ch-1");

        Assert.NotNull(read);
        Assert.Equal(written with { CodeHash = read!.CodeHash }, read);
        Assert.Equal(written.CodeHash, read.CodeHash);
        Assert.Null(await Store.GetChallengeAsync("no-such-challenge"));
    }

    [Fact]
    public async Task ConcurrentUpdatesOfOneChallengeLoseNone()
    {
        await Store.InsertChallengeAsync(Challenge("ch-2"));

        await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Task.Run(() =>
            Store.UpdateChallengeAsync("ch-2", c => c with { WrongAttempts = c.WrongAttempts + 1 }))));

        Assert.Equal(20, (await Store.GetChallengeAsync("ch-2"))!.WrongAttempts);
        Assert.Null(await Store.UpdateChallengeAsync("no-such-challenge", c => c with { Used = true }));
    }

    [Fact]
    public async Task ABlockIsReadBackAndReplacedByALaterOne()
    {
        Assert.Null(await Store.GetBlockedUntilAsync("jsmith"));
        await Store.BlockAsync("jsmith", Now.AddHours(24));
        await Store.BlockAsync("jsmith", Now.AddHours(25));

        var until = await Store.GetBlockedUntilAsync("jsmith");

        Assert.NotNull(until);
        Assert.True(Math.Abs((until!.Value - Now.AddHours(25)).TotalMilliseconds) < 1, $"blocked until {until:O}");
    }

    [Fact]
    public async Task ThePurgeRemovesOnlyWhatExpiredOrEndedBeforeTheCutoff()
    {
        await Store.InsertChallengeAsync(Challenge("old", Now.AddMinutes(-10)));
        await Store.InsertChallengeAsync(Challenge("live", Now.AddMinutes(5)));
        await Store.BlockAsync("ended", Now.AddHours(-1));
        await Store.BlockAsync("blocked", Now.AddHours(1));

        await Store.PurgeAsync(Now);

        Assert.Null(await Store.GetChallengeAsync("old"));
        Assert.NotNull(await Store.GetChallengeAsync("live"));
        Assert.Null(await Store.GetBlockedUntilAsync("ended"));
        Assert.NotNull(await Store.GetBlockedUntilAsync("blocked"));
    }
}

public sealed class LiteDbSafeCodeStoreTests : SafeCodeStoreContractTests, IDisposable
{
    private readonly TempDatabaseFolder _folder = new();
    private readonly HelpBotDatabase _database;

    public LiteDbSafeCodeStoreTests()
    {
        _database = _folder.Open();
        Store = new LiteDbSafeCodeStore(_database);
    }

    protected override ISafeCodeStore Store { get; }

    public void Dispose()
    {
        _database.Dispose();
        _folder.Dispose();
    }
}

public sealed class PostgresSafeCodeStoreTests : SafeCodeStoreContractTests, IClassFixture<PostgresServerFixture>, IDisposable
{
    private readonly NpgsqlDataSource _dataSource;

    public PostgresSafeCodeStoreTests(PostgresServerFixture fixture)
    {
        _dataSource = fixture.Server.NewMigratedDataSource();
        Store = new PostgresSafeCodeStore(_dataSource);
    }

    protected override ISafeCodeStore Store { get; }

    public void Dispose() => _dataSource.Dispose();
}
