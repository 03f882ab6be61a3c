using HelpBot.Bot.Registration;
using HelpBot.Bot.Storage;
using HelpBot.Bot.Storage.Postgres;
using HelpBot.Dialogs.Registration;
using Npgsql;

namespace HelpBot.Bot.Tests.Storage;

/// <summary>
/// What every engine behind <see cref="IRegistrationRequests"/> and <see cref="IPendingProfileChanges"/> must do: requests
/// kept newest first, one pending change per account and kind, none lost when made at once, the retention purge.
/// </summary>
public abstract class RegistrationStoresContractTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 3, 10, 0, 0, TimeSpan.Zero);

    protected abstract IRegistrationRequests Requests { get; }

    protected abstract IPendingProfileChanges Changes { get; }

    private static RegistrationRequest Request(string family, DateTimeOffset at) => new()
    {
        FamilyName = family,
        AffiliateEmail = $"{family.ToLowerInvariant()}@hospital.example.org",
        At = at,
        Channel = "directline",
        ConversationId = "c-" + family,
    };

    private static PendingProfileChange Change(string username, ProfileChangeKind kind, string value, DateTimeOffset at) => new()
    {
        Username = username,
        Kind = kind,
        NewValue = value,
        RequestedAt = at,
        Channel = "msteams",
        ConversationId = "c-1",
    };

    [Fact]
    public async Task RequestsReadBackAsMade_NewestFirst_UpToTheLimit()
    {
        await Requests.AddAsync(Request("Okafor", Now.AddHours(-2)));
        await Requests.AddAsync(Request("Nguyen", Now));
        await Requests.AddAsync(Request("Lopez", Now.AddHours(-1)) with { Channel = null, ConversationId = null });

        var all = await Requests.ReadAsync();
        var two = await Requests.ReadAsync(limit: 2);

        Assert.Equal([Request("Nguyen", Now), Request("Lopez", Now.AddHours(-1)) with { Channel = null, ConversationId = null }, Request("Okafor", Now.AddHours(-2))], all);
        Assert.Equal(["Nguyen", "Lopez"], two.Select(r => r.FamilyName));
    }

    [Fact]
    public async Task RequestsMadeAtOnceAreAllKept()
    {
        await Task.WhenAll(Enumerable.Range(0, 20).Select(i => Task.Run(() => Requests.AddAsync(Request($"Family{i}", Now.AddSeconds(i))))));

        Assert.Equal(20, (await Requests.ReadAsync()).Select(r => r.FamilyName).Distinct().Count());
    }

    [Fact]
    public async Task ANewerChangeOfTheSameKindReplacesTheOlder_OtherKindsAndAccountsStay()
    {
        await Changes.RecordAsync(Change("JSmith", ProfileChangeKind.Email, "old@example.org", Now.AddHours(-3)));
        await Changes.RecordAsync(Change("jsmith", ProfileChangeKind.PostalAddress, "1 Main St, Boston MA", Now.AddHours(-2)));
        await Changes.RecordAsync(Change(" jsmith", ProfileChangeKind.Email, "new@example.org", Now.AddHours(-1)));
        await Changes.RecordAsync(Change("rbrown", ProfileChangeKind.Email, "rb@example.org", Now));

        var mine = await Changes.ForAccountAsync("JSMITH ");

        Assert.Equal(
            [Change("jsmith", ProfileChangeKind.Email, "new@example.org", Now.AddHours(-1)), Change("jsmith", ProfileChangeKind.PostalAddress, "1 Main St, Boston MA", Now.AddHours(-2))],
            mine);
        Assert.Empty(await Changes.ForAccountAsync("nobody"));
    }

    [Fact]
    public async Task ChangesOfOneKindRecordedAtOnceLeaveExactlyOne()
    {
        var values = Enumerable.Range(0, 16).Select(i => $"addr{i}@example.org").ToList();

        await Task.WhenAll(values.Select((v, i) => Task.Run(() => Changes.RecordAsync(Change("jsmith", ProfileChangeKind.Email, v, Now.AddSeconds(i))))));

        var pending = Assert.Single(await Changes.ForAccountAsync("jsmith"));
        Assert.Contains(pending.NewValue, values);
    }

    [Fact]
    public async Task ThePurgeRemovesRequestsAndChangesOlderThanTheRetention()
    {
        var retention = new RetentionOptions { Requests = TimeSpan.FromDays(90) };
        await Requests.AddAsync(Request("Old", Now.AddDays(-91)));
        await Requests.AddAsync(Request("Recent", Now.AddDays(-89)));
        await Changes.RecordAsync(Change("old", ProfileChangeKind.Email, "o@example.org", Now.AddDays(-91)));
        await Changes.RecordAsync(Change("recent", ProfileChangeKind.Email, "r@example.org", Now.AddDays(-89)));

        Assert.Equal(1, await ((IRetainedData)Requests).PurgeAsync(Now, retention, CancellationToken.None));
        Assert.Equal(1, await ((IRetainedData)Changes).PurgeAsync(Now, retention, CancellationToken.None));

        Assert.Equal(["Recent"], (await Requests.ReadAsync()).Select(r => r.FamilyName));
        Assert.Empty(await Changes.ForAccountAsync("old"));
        Assert.Single(await Changes.ForAccountAsync("recent"));
    }
}

public sealed class LiteDbRegistrationStoresTests : RegistrationStoresContractTests, IDisposable
{
    private readonly TempDatabaseFolder _folder = new();
    private readonly HelpBotDatabase _database;

    public LiteDbRegistrationStoresTests()
    {
        _database = _folder.Open();
        Requests = new LiteDbRegistrationRequests(_database);
        Changes = new LiteDbPendingProfileChanges(_database);
    }

    protected override IRegistrationRequests Requests { get; }

    protected override IPendingProfileChanges Changes { get; }

    public void Dispose()
    {
        _database.Dispose();
        _folder.Dispose();
    }
}

public sealed class PostgresRegistrationStoresTests : RegistrationStoresContractTests, IClassFixture<PostgresServerFixture>, IDisposable
{
    private readonly NpgsqlDataSource _dataSource;

    public PostgresRegistrationStoresTests(PostgresServerFixture fixture)
    {
        _dataSource = fixture.Server.NewMigratedDataSource();
        Requests = new PostgresRegistrationRequests(_dataSource);
        Changes = new PostgresPendingProfileChanges(_dataSource);
    }

    protected override IRegistrationRequests Requests { get; }

    protected override IPendingProfileChanges Changes { get; }

    public void Dispose() => _dataSource.Dispose();
}
