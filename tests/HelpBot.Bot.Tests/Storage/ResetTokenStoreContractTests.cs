using HelpBot.Bot.PasswordReset;
using HelpBot.Bot.Storage;
using HelpBot.Bot.Storage.Postgres;
using HelpBot.Dialogs.PasswordReset;
using Npgsql;

namespace HelpBot.Bot.Tests.Storage;

/// <summary>What every engine behind <see cref="IResetTokenStore"/> must do: a link is used once, and only while it is valid.</summary>
public abstract class ResetTokenStoreContractTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 3, 10, 0, 0, TimeSpan.Zero);

    protected abstract IResetTokenStore Store { get; }

    private static ResetTicket Ticket(string hash, DateTimeOffset? expires = null) => new()
    {
        TokenHash = hash,
        Username = "rbrown",
        Reason = ResetReason.Expired,
        Conversation = """{"conversation":{"id":"c-1"}}""",
        IssuedAt = Now,
        ExpiresAt = expires ?? Now.AddMinutes(15),
    };

    [Fact]
    public async Task ALinkReadsBackAsIssued()
    {
        await Store.AddAsync(Ticket("h-1"));

        var found = await Store.FindAsync("h-1");

        Assert.Equal(Ticket("h-1"), found);
        Assert.Null(await Store.FindAsync("h-unknown"));
    }

    [Fact]
    public async Task OfManyConcurrentUsesExactlyOneGetsTheLink()
    {
        await Store.AddAsync(Ticket("h-2"));

        var uses = await Task.WhenAll(Enumerable.Range(0, 12).Select(_ => Task.Run(() => Store.ConsumeAsync("h-2", Now.AddMinutes(1)))));

        var winner = Assert.Single(uses, u => u is not null);
        Assert.Equal(Now.AddMinutes(1), winner!.UsedAt);
    }

    [Fact]
    public async Task AnExpiredLinkIsNotUsed_AndAReleasedOneCanBeUsedAgain()
    {
        await Store.AddAsync(Ticket("h-old", Now.AddMinutes(-1)));
        await Store.AddAsync(Ticket("h-3"));

        Assert.Null(await Store.ConsumeAsync("h-old", Now));
        Assert.NotNull(await Store.ConsumeAsync("h-3", Now));
        Assert.Null(await Store.ConsumeAsync("h-3", Now));
        await Store.ReleaseAsync("h-3");
        Assert.NotNull(await Store.ConsumeAsync("h-3", Now));
    }

    [Fact]
    public async Task ThePurgeRemovesLinksExpiredLongerThanTheRetention()
    {
        await Store.AddAsync(Ticket("h-ancient", Now.AddDays(-3)));
        await Store.AddAsync(Ticket("h-recent", Now.AddHours(-1)));

        var removed = await ((IRetainedData)Store).PurgeAsync(Now, new RetentionOptions { ResetLinks = TimeSpan.FromDays(1) }, CancellationToken.None);

        Assert.Equal(1, removed);
        Assert.Null(await Store.FindAsync("h-ancient"));
        Assert.NotNull(await Store.FindAsync("h-recent"));
    }
}

public sealed class LiteDbResetTokenStoreTests : ResetTokenStoreContractTests, IDisposable
{
    private readonly TempDatabaseFolder _folder = new();
    private readonly HelpBotDatabase _database;

    public LiteDbResetTokenStoreTests()
    {
        _database = _folder.Open();
        Store = new LiteDbResetTokenStore(_database);
    }

    protected override IResetTokenStore Store { get; }

    public void Dispose()
    {
        _database.Dispose();
        _folder.Dispose();
    }
}

public sealed class PostgresResetTokenStoreTests : ResetTokenStoreContractTests, IClassFixture<PostgresServerFixture>, IDisposable
{
    private readonly NpgsqlDataSource _dataSource;

    public PostgresResetTokenStoreTests(PostgresServerFixture fixture)
    {
        _dataSource = fixture.Server.NewMigratedDataSource();
        Store = new PostgresResetTokenStore(_dataSource);
    }

    protected override IResetTokenStore Store { get; }

    public void Dispose() => _dataSource.Dispose();
}
