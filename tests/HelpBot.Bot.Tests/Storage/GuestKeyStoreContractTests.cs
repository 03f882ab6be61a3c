using HelpBot.Bot.GuestKeys;
using HelpBot.Bot.Storage;
using HelpBot.Bot.Storage.Postgres;
using HelpBot.Dialogs.GuestKeys;
using Npgsql;

namespace HelpBot.Bot.Tests.Storage;

/// <summary>What every engine behind <see cref="IGuestKeyStore"/> must do: invitations kept as issued, found by the key's hash, a key used once.</summary>
public abstract class GuestKeyStoreContractTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 3, 10, 0, 0, TimeSpan.Zero);

    protected abstract IGuestKeyStore Store { get; }

    private static GuestInvitation Invitation(string id, string sponsor = "jsmith", DateTimeOffset? issued = null) => new()
    {
        Id = id,
        KeyHash = "hash-" + id,
        Sponsor = sponsor,
        FirstName = "Ana",
        LastName = "Lopez",
        Email = "ana.lopez@example.org",
        Organisation = "Example Labs",
        Role = GuestRole.ResearchCollaborator,
        Reason = "Joint study",
        LastDay = new DateOnly(2027, 3, 31),
        IssuedAt = issued ?? Now,
        KeyExpiresAt = (issued ?? Now).AddDays(30),
    };

    [Fact]
    public async Task AnInvitationReadsBackAsIssued_ByIdAndByTheKeysHash()
    {
        var written = Invitation("g-1") with { EndingNoticeSentFor = new DateOnly(2027, 3, 17), RevokedAt = Now.AddHours(1) };
        await Store.InsertAsync(written);

        Assert.Equal(written, await Store.GetAsync("g-1"));
        Assert.Equal(written, await Store.FindByKeyHashAsync("hash-g-1"));
        Assert.Null(await Store.GetAsync("g-unknown"));
        Assert.Null(await Store.FindByKeyHashAsync("hash-unknown"));
    }

    [Fact]
    public async Task TwoInvitationsCannotShareAKeyHash()
    {
        await Store.InsertAsync(Invitation("g-a"));

        await Assert.ThrowsAnyAsync<Exception>(() => Store.InsertAsync(Invitation("g-b") with { KeyHash = "hash-g-a" }));
        Assert.Equal("g-a", (await Store.FindByKeyHashAsync("hash-g-a"))!.Id);
    }

    [Fact]
    public async Task ASponsorsListHasTheirGuestsOnly_NewestFirst_WhateverTheCaseOfTheirName()
    {
        await Store.InsertAsync(Invitation("g-old", "JSmith", Now.AddDays(-2)));
        await Store.InsertAsync(Invitation("g-new", "jsmith", Now));
        await Store.InsertAsync(Invitation("g-other", "rbrown", Now.AddDays(-1)));

        var mine = await Store.ListBySponsorAsync(" jsmith ");

        Assert.Equal(["g-new", "g-old"], mine.Select(i => i.Id));
        Assert.Equal("JSmith", mine[1].Sponsor);
        Assert.Empty(await Store.ListBySponsorAsync("nobody"));
    }

    [Fact]
    public async Task RegisteredGuestsStillActiveOrNotYetReportedNeedAttention()
    {
        await Store.InsertAsync(Invitation("g-unused"));
        await Store.InsertAsync(Invitation("g-active") with { GuestUsername = "alopez", RegistrationNoticeSent = true });
        await Store.InsertAsync(Invitation("g-unreported") with { GuestUsername = "blopez", EndedAt = Now, RegistrationNoticeSent = false });
        await Store.InsertAsync(Invitation("g-done") with { GuestUsername = "clopez", EndedAt = Now, RegistrationNoticeSent = true });

        var needing = await Store.ListNeedingAttentionAsync();

        Assert.Equal(["g-active", "g-unreported"], needing.Select(i => i.Id).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task OfManyConcurrentRegistrationsWithOneKeyExactlyOneUsesIt()
    {
        await Store.InsertAsync(Invitation("g-race"));

        var uses = await Task.WhenAll(Enumerable.Range(0, 12).Select(n => Task.Run(() => Store.UpdateAsync("g-race",
            i => i.UsedAt is null ? i with { UsedAt = Now.AddMinutes(n), GuestUsername = $"guest{n}" } : null))));

        var winner = Assert.Single(uses, u => u is not null);
        var stored = await Store.GetAsync("g-race");
        Assert.Equal(winner!.GuestUsername, stored!.GuestUsername);
        Assert.Equal(winner.UsedAt, stored.UsedAt);
    }

    [Fact]
    public async Task AnUpdateKeepsTheIdAndKeyHash_AndADeclinedOneChangesNothing()
    {
        await Store.InsertAsync(Invitation("g-2"));

        var updated = await Store.UpdateAsync("g-2", i => i with { Id = "g-forged", KeyHash = "hash-forged", LastDay = new DateOnly(2027, 6, 30) });
        var declined = await Store.UpdateAsync("g-2", _ => null);

        Assert.NotNull(updated);
        Assert.Null(declined);
        Assert.Null(await Store.UpdateAsync("g-unknown", i => i with { RegistrationNoticeSent = true }));
        var stored = await Store.FindByKeyHashAsync("hash-g-2");
        Assert.Equal(("g-2", new DateOnly(2027, 6, 30)), (stored!.Id, stored.LastDay));
        Assert.Null(await Store.FindByKeyHashAsync("hash-forged"));
    }
}

public sealed class LiteDbGuestKeyStoreTests : GuestKeyStoreContractTests, IDisposable
{
    private readonly TempDatabaseFolder _folder = new();
    private readonly HelpBotDatabase _database;

    public LiteDbGuestKeyStoreTests()
    {
        _database = _folder.Open();
        Store = new LiteDbGuestKeyStore(_database);
    }

    protected override IGuestKeyStore Store { get; }

    public void Dispose()
    {
        _database.Dispose();
        _folder.Dispose();
    }
}

public sealed class PostgresGuestKeyStoreTests : GuestKeyStoreContractTests, IClassFixture<PostgresServerFixture>, IDisposable
{
    private readonly NpgsqlDataSource _dataSource;

    public PostgresGuestKeyStoreTests(PostgresServerFixture fixture)
    {
        _dataSource = fixture.Server.NewMigratedDataSource();
        Store = new PostgresGuestKeyStore(_dataSource);
    }

    protected override IGuestKeyStore Store { get; }

    public void Dispose() => _dataSource.Dispose();
}
