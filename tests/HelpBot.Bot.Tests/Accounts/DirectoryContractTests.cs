using HelpBot.Bot.Accounts;
using HelpBot.Bot.Accounts.Ldap;
using HelpBot.Bot.Tests.Storage;
using HelpBot.Dialogs.Accounts;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace HelpBot.Bot.Tests.Accounts;

/// <summary>
/// What every <see cref="IAccountDirectory"/> promises, run against each implementation over the same demo cast:
/// the embedded LiteDB directory and LDAP (a real slapd with ppolicy).
/// </summary>
public abstract class DirectoryContractTests : IDisposable
{
    protected abstract IAccountDirectory Directory { get; }

    /// <summary>When the demo cast's dates start (the seed or the LDIF load).</summary>
    protected abstract DateTimeOffset CastLoadedAt { get; }

    public abstract void Dispose();

    [Theory]
    [InlineData("jsmith")]
    [InlineData("JSmith")]
    [InlineData("  jsmith ")]
    [InlineData("jsmith@hms.harvard.edu")]
    [InlineData("JSMITH@HMS.HARVARD.EDU")]
    [InlineData("Jane.Smith@Example.org")]
    public async Task FindsByUsernameOrEitherEmailCaseInsensitively(string typed)
    {
        Assert.Equal("jsmith", (await Directory.FindAsync(typed))?.Username);
    }

    [Theory]
    [InlineData("no-such-person")]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("*")]
    [InlineData("*)(uid=*")]
    [InlineData("jsmith)(uid=*")]
    [InlineData("j*")]
    [InlineData("\\2a")]
    public async Task UnknownOrInjectedInputFindsNothing(string typed)
    {
        Assert.Null(await Directory.FindAsync(typed));
        Assert.Null(await Directory.FindByHuidAsync(typed));
    }

    [Fact]
    public async Task APersonsFactsAreRead()
    {
        var jane = (await Directory.FindAsync("jsmith"))!;

        Assert.Equal(("Jane Smith", "HMS", Affiliation.FullTimeStaff, AccountType.Personal), (jane.DisplayName, jane.School, jane.Affiliation, jane.Type));
        Assert.Equal(("jsmith@hms.harvard.edu", "jane.smith@example.org", "+16175550101", "70000001"), (jane.Email, jane.AlternateEmail, jane.TextPhone, jane.Huid));
        Assert.True(jane.IsLocked);
        Assert.False(jane.IsDisabled);
        Assert.Equal(Affiliation.Student, (await Directory.FindAsync("mlee"))!.Affiliation);
        Assert.Null((await Directory.FindAsync("rbrown"))!.TextPhone);
    }

    [Fact]
    public async Task FindsByHuid()
    {
        Assert.Equal("mlee", (await Directory.FindByHuidAsync("70000002"))?.Username);
        Assert.Equal("mlee", (await Directory.FindByHuidAsync(" 70000002 "))?.Username);
        Assert.Null(await Directory.FindByHuidAsync("79999999"));
    }

    [Fact]
    public async Task ADepartmentalAccountIsDetected()
    {
        var radiology = (await Directory.FindAsync("radiology"))!;

        Assert.True(radiology.IsDepartmental);
        Assert.Equal(Affiliation.Department, radiology.Affiliation);
        Assert.False((await Directory.FindAsync("akumar"))!.IsDepartmental);
    }

    [Fact]
    public async Task UnlockClearsTheLockAndIsIdempotent()
    {
        Assert.True((await Directory.FindAsync("jsmith"))!.IsLocked);

        await Directory.UnlockAsync("jsmith");
        Assert.False((await Directory.FindAsync("jsmith"))!.IsLocked);

        await Directory.UnlockAsync("JSmith");
        Assert.False((await Directory.FindAsync("jsmith"))!.IsLocked);
        Assert.True(await Directory.CheckPasswordAsync("jsmith", "Maple-Harbor-2231"));
    }

    [Fact]
    public async Task UnlockingOrSettingAPasswordForNobodyIsAnError()
    {
        await Assert.ThrowsAsync<KeyNotFoundException>(() => Directory.UnlockAsync("no-such-person"));
        await Assert.ThrowsAsync<KeyNotFoundException>(() => Directory.SetPasswordAsync("no-such-person", "violet tugboat humming quietly"));
    }

    [Fact]
    public async Task CheckPasswordAcceptsOnlyTheCurrentPassword()
    {
        Assert.True(await Directory.CheckPasswordAsync("akumar", "Copper-Lantern-8842"));
        Assert.False(await Directory.CheckPasswordAsync("akumar", "Copper-Lantern-8843"));
        Assert.False(await Directory.CheckPasswordAsync("akumar", ""));
        Assert.False(await Directory.CheckPasswordAsync("no-such-person", "Copper-Lantern-8842"));
    }

    [Fact]
    public async Task SetPasswordReplacesTheOldOneUnlocksAndRestartsTheClock()
    {
        var before = DateTimeOffset.UtcNow.AddSeconds(-2);

        await Directory.SetPasswordAsync("jsmith", "violet tugboat humming quietly");

        Assert.True(await Directory.CheckPasswordAsync("jsmith", "violet tugboat humming quietly"));
        Assert.False(await Directory.CheckPasswordAsync("jsmith", "Maple-Harbor-2231"));
        var jane = (await Directory.FindAsync("jsmith"))!;
        Assert.False(jane.IsLocked);
        Assert.InRange(jane.PasswordChangedAt!.Value, before, DateTimeOffset.UtcNow.AddSeconds(2));
        Assert.Equal(jane.PasswordChangedAt.Value.AddDays(180), jane.PasswordExpiresAt);
    }

    [Fact]
    public async Task PasswordDatesAreRead()
    {
        var mlee = (await Directory.FindAsync("mlee"))!;
        var rbrown = (await Directory.FindAsync("rbrown"))!;

        AssertClose(CastLoadedAt.AddDays(3), mlee.PasswordExpiresAt);
        AssertClose(CastLoadedAt.AddDays(3 - 180), mlee.PasswordChangedAt);
        Assert.False(mlee.PasswordExpired(DateTimeOffset.UtcNow));
        AssertClose(CastLoadedAt.AddDays(-12), rbrown.PasswordExpiresAt);
        Assert.True(rbrown.PasswordExpired(DateTimeOffset.UtcNow));
    }

    /// <summary>LDAP stores whole seconds.</summary>
    private static void AssertClose(DateTimeOffset expected, DateTimeOffset? actual)
    {
        Assert.NotNull(actual);
        Assert.InRange(actual.Value, expected.AddSeconds(-1), expected.AddSeconds(1));
    }
}

public sealed class EmbeddedDirectoryContractTests : DirectoryContractTests
{
    private readonly TempDatabaseFolder _folder = new();
    private readonly HelpBotDatabaseHolder _database;

    public EmbeddedDirectoryContractTests()
    {
        _database = new HelpBotDatabaseHolder(_folder);
        CastLoadedAt = DateTimeOffset.UtcNow;
        Directory = new EmbeddedAccountDirectory(_database.Database, TimeProvider.System, Options.Create(new DirectoryOptions()));
    }

    protected override IAccountDirectory Directory { get; }

    protected override DateTimeOffset CastLoadedAt { get; }

    public override void Dispose()
    {
        _database.Dispose();
        _folder.Dispose();
    }
}

public sealed class LdapDirectoryContractTests : DirectoryContractTests
{
    private readonly SlapdServer _slapd = SlapdServer.Start();

    public LdapDirectoryContractTests()
    {
        Directory = new LdapAccountDirectory(Options.Create(_slapd.Options()), Options.Create(new DirectoryOptions { MaxPasswordAgeDays = SlapdServer.MaxAgeDays }),
            NullLogger<LdapAccountDirectory>.Instance);
    }

    protected override IAccountDirectory Directory { get; }

    protected override DateTimeOffset CastLoadedAt => _slapd.LoadedAt;

    public override void Dispose() => _slapd.Dispose();
}
