using HelpBot.Bot.Audit;
using HelpBot.Bot.Storage;
using HelpBot.Bot.Storage.Postgres;
using HelpBot.Dialogs.Audit;
using Npgsql;

namespace HelpBot.Bot.Tests.Storage;

/// <summary>What every engine behind <see cref="IAuditLog"/> must do: entries kept as written, newest first, by account, purged by age.</summary>
public abstract class AuditLogContractTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 3, 8, 30, 0, TimeSpan.Zero);

    protected abstract IAuditLog Log { get; }

    private static AuditEntry Entry(string action, string? account, DateTimeOffset at) => new()
    {
        At = at,
        Action = action,
        Outcome = "success",
        Account = account,
        Actor = "u-1",
        Channel = "directline",
        ConversationId = "c-1",
        Detail = "purpose=Unlock",
    };

    [Fact]
    public async Task EntriesReadBackNewestFirst_AllOrForOneAccount_UpToTheLimit()
    {
        await Log.WriteAsync(Entry("safecode.sent", "jsmith", Now));
        await Log.WriteAsync(Entry("safecode.verified", "jsmith", Now.AddMinutes(1)));
        await Log.WriteAsync(Entry("huid.released", "cokafor", Now.AddMinutes(2)));
        await Log.WriteAsync(Entry("account.unlocked", "jsmith", Now.AddMinutes(3)));

        var all = await Log.ReadAsync();
        var jane = await Log.ReadAsync("jsmith", limit: 2);

        Assert.Equal(["account.unlocked", "huid.released", "safecode.verified", "safecode.sent"], all.Select(e => e.Action));
        Assert.Equal(Entry("account.unlocked", "jsmith", Now.AddMinutes(3)), all[0]);
        Assert.Equal(["account.unlocked", "safecode.verified"], jane.Select(e => e.Action));
    }

    [Fact]
    public async Task ThePurgeRemovesEntriesOlderThanTheRetention()
    {
        await Log.WriteAsync(Entry("old", "jsmith", Now.AddDays(-400)));
        await Log.WriteAsync(Entry("recent", "jsmith", Now.AddDays(-10)));

        var removed = await ((IRetainedData)Log).PurgeAsync(Now, new RetentionOptions { Audit = TimeSpan.FromDays(365) }, CancellationToken.None);

        Assert.Equal(1, removed);
        Assert.Equal(["recent"], (await Log.ReadAsync()).Select(e => e.Action));
    }
}

public sealed class LiteDbAuditLogTests : AuditLogContractTests, IDisposable
{
    private readonly TempDatabaseFolder _folder = new();
    private readonly HelpBotDatabase _database;

    public LiteDbAuditLogTests()
    {
        _database = _folder.Open();
        Log = new LiteDbAuditLog(_database);
    }

    protected override IAuditLog Log { get; }

    public void Dispose()
    {
        _database.Dispose();
        _folder.Dispose();
    }
}

public sealed class PostgresAuditLogTests : AuditLogContractTests, IClassFixture<PostgresServerFixture>, IDisposable
{
    private readonly NpgsqlDataSource _dataSource;

    public PostgresAuditLogTests(PostgresServerFixture fixture)
    {
        _dataSource = fixture.Server.NewMigratedDataSource();
        Log = new PostgresAuditLog(_dataSource);
    }

    protected override IAuditLog Log { get; }

    public void Dispose() => _dataSource.Dispose();

    [Fact]
    public async Task TheDatabaseRefusesToChangeAnAuditEntry()
    {
        await Log.WriteAsync(new AuditEntry { At = DateTimeOffset.UtcNow, Action = "account.unlocked", Outcome = "success", Account = "jsmith" });

        await using var tamper = _dataSource.CreateCommand("UPDATE audit SET outcome = 'failure'");
        var refused = await Assert.ThrowsAsync<PostgresException>(() => tamper.ExecuteNonQueryAsync());

        Assert.Contains("append-only", refused.MessageText, StringComparison.Ordinal);
    }
}
