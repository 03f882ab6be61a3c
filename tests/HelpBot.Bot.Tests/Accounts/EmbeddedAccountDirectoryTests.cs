using HelpBot.Bot.Accounts;
using HelpBot.Bot.Tests.Storage;
using HelpBot.Dialogs.Accounts;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace HelpBot.Bot.Tests.Accounts;

/// <summary>The embedded directory on a real LiteDB file, seeded with the demo cast.</summary>
public sealed class EmbeddedAccountDirectoryTests : IDisposable
{
    private static readonly DateTimeOffset FirstStart = new(2025, 3, 4, 9, 0, 0, TimeSpan.Zero);

    private readonly TempDatabaseFolder _folder = new();
    private readonly FakeTimeProvider _time = new(FirstStart);

    public void Dispose() => _folder.Dispose();

    private EmbeddedAccountDirectory Open(Storage.HelpBotDatabaseHolder holder) =>
        new(holder.Database, _time, Options.Create(new DirectoryOptions()));

    [Fact]
    public async Task TheDemoCastIsSeededAtFirstStartWithItsFacts()
    {
        using var db = new Storage.HelpBotDatabaseHolder(_folder);
        var directory = Open(db);

        var jane = await directory.FindAsync("jsmith");
        Assert.Equal(("Jane Smith", "HMS", Affiliation.FullTimeStaff, true), (jane!.DisplayName, jane.School, jane.Affiliation, jane.IsLocked));
        Assert.Equal(("+16175550101", "jane.smith@example.org", "70000001"), (jane.TextPhone, jane.AlternateEmail, jane.Huid));
        Assert.Equal(("jsmith@hms.harvard.edu", "jsmith@hms.harvard.edu"), (jane.Email, jane.UserPrincipalName));

        var michael = await directory.FindAsync("mlee");
        Assert.Equal(("HSPH", Affiliation.Student, false), (michael!.School, michael.Affiliation, michael.IsLocked));
        Assert.Equal(FirstStart.AddDays(3), michael.PasswordExpiresAt);
        Assert.Equal(FirstStart.AddDays(3 - 180), michael.PasswordChangedAt);
        Assert.Equal(("+16175550102", "mlee@example.com", "70000002"), (michael.TextPhone, michael.AlternateEmail, michael.Huid));

        var anita = await directory.FindAsync("akumar");
        Assert.Equal((Affiliation.OnQuadFaculty, "+16175550103", "anita.kumar@example.org", "70000003"), (anita!.Affiliation, anita.TextPhone, anita.AlternateEmail, anita.Huid));

        var thomas = await directory.FindAsync("tnguyen");
        Assert.Equal((Affiliation.Student, "+16175550104", "tnguyen@example.com", "70000004"), (thomas!.Affiliation, thomas.TextPhone, thomas.AlternateEmail, thomas.Huid));

        var rosa = await directory.FindAsync("rbrown");
        Assert.Equal(("HSDM", Affiliation.PartTimeStaff, null, "rosa.brown@example.net"), (rosa!.School, rosa.Affiliation, rosa.TextPhone, rosa.AlternateEmail));
        Assert.True(rosa.PasswordExpired(FirstStart));
        Assert.False(rosa.IsLocked);

        var radiology = await directory.FindAsync("radiology");
        Assert.True(radiology!.IsDepartmental);
        Assert.True(radiology.IsLocked);
        Assert.Null(radiology.Email);
        Assert.False(radiology.HasSafeCodeDestination);
        Assert.Null(radiology.Huid);

        var chidi = await directory.FindAsync("cokafor");
        Assert.Equal(("Chidi Okafor", false, "70000007", "+16175550107", "cokafor@example.org"), (chidi!.DisplayName, chidi.IsRegistered, chidi.Huid, chidi.TextPhone, chidi.AlternateEmail));

        var pedro = await directory.FindAsync("pgarcia");
        Assert.Equal((Affiliation.AffiliateStaff, false, null, new DateOnly(1985, 4, 12)), (pedro!.Affiliation, pedro.IsRegistered, pedro.Huid, pedro.DateOfBirth));
        Assert.Equal(("+16175550106", "pgarcia@example.org"), (pedro.TextPhone, pedro.AlternateEmail));
    }

    [Theory]
    [InlineData("jsmith")]
    [InlineData("JSmith")]
    [InlineData("  jsmith ")]
    [InlineData("jsmith@hms.harvard.edu")]
    [InlineData("JSMITH@HMS.HARVARD.EDU")]
    [InlineData("Jane.Smith@Example.org")]
    public async Task LookupIsCaseInsensitiveByUsernameOrEitherEmail(string typed)
    {
        using var db = new Storage.HelpBotDatabaseHolder(_folder);

        Assert.Equal("jsmith", (await Open(db).FindAsync(typed))?.Username);
    }

    [Fact]
    public async Task UnknownIdentifiersFindNothing()
    {
        using var db = new Storage.HelpBotDatabaseHolder(_folder);
        var directory = Open(db);

        Assert.Null(await directory.FindAsync("nobody"));
        Assert.Null(await directory.FindAsync(""));
        Assert.Null(await directory.FindByHuidAsync("79999999"));
        Assert.Null(await directory.FindByTeamsIdentityAsync(null, null));
    }

    [Fact]
    public async Task FindsByHuidAndByTeamsIdentity()
    {
        using var db = new Storage.HelpBotDatabaseHolder(_folder);
        var directory = Open(db);

        Assert.Equal("tnguyen", (await directory.FindByHuidAsync("70000004"))?.Username);
        Assert.Equal("akumar", (await directory.FindByTeamsIdentityAsync("0B6F1C2E-4A11-4D1E-9C01-000000000003", null))?.Username);
        Assert.Equal("mlee", (await directory.FindByTeamsIdentityAsync("00000000-0000-0000-0000-000000000000", "MLee@hms.harvard.edu"))?.Username);
    }

    [Fact]
    public async Task PasswordsAreStoredOnlyAsSaltedPbkdf2Hashes()
    {
        using var db = new Storage.HelpBotDatabaseHolder(_folder);
        var directory = Open(db);

        var raw = string.Join('\n', db.Database.GetCollection(EmbeddedAccountDirectory.CollectionName).FindAll().Select(d => LiteDB.JsonSerializer.Serialize(d)));
        Assert.DoesNotContain("Maple-Harbor-2231", raw, StringComparison.Ordinal);
        var hashes = db.Database.GetCollection(EmbeddedAccountDirectory.CollectionName).FindAll()
            .Select(d => d["PasswordHash"]).Where(h => !h.IsNull).Select(h => h.AsString).ToList();
        Assert.Equal(6, hashes.Count);
        Assert.All(hashes, h =>
        {
            var parts = h.Split('$');
            Assert.Equal("pbkdf2-sha256", parts[0]);
            Assert.True(int.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture) >= 100_000);
            Assert.Equal(16, Convert.FromBase64String(parts[2]).Length);
        });
        Assert.Equal(hashes.Count, hashes.Select(h => h.Split('$')[2]).Distinct().Count());

        Assert.True(await directory.CheckPasswordAsync("jsmith", "Maple-Harbor-2231"));
        Assert.False(await directory.CheckPasswordAsync("jsmith", "maple-harbor-2231"));
        Assert.False(await directory.CheckPasswordAsync("cokafor", ""));
    }

    [Fact]
    public async Task SettingAPasswordRecordsTheChangeRestartsTheAgeAndUnlocks()
    {
        using var db = new Storage.HelpBotDatabaseHolder(_folder);
        var directory = Open(db);
        _time.Advance(TimeSpan.FromDays(1));

        await directory.SetPasswordAsync("JSMITH", "A-brand-new-passphrase");

        var jane = await directory.FindAsync("jsmith");
        Assert.False(jane!.IsLocked);
        Assert.Equal(_time.GetUtcNow(), jane.PasswordChangedAt);
        Assert.Equal(_time.GetUtcNow().AddDays(180), jane.PasswordExpiresAt);
        Assert.True(await directory.CheckPasswordAsync("jsmith", "A-brand-new-passphrase"));
        Assert.False(await directory.CheckPasswordAsync("jsmith", "Maple-Harbor-2231"));
    }

    [Fact]
    public async Task UnlockingIsIdempotentAndTheSeedRunsOnlyOnAnEmptyCollection()
    {
        using (var db = new Storage.HelpBotDatabaseHolder(_folder))
        {
            var directory = Open(db);
            await directory.UnlockAsync("jsmith");
            await directory.UnlockAsync("jsmith");
        }

        _time.Advance(TimeSpan.FromDays(30));
        using var reopened = new Storage.HelpBotDatabaseHolder(_folder);
        var again = Open(reopened);

        var jane = await again.FindAsync("jsmith");
        Assert.False(jane!.IsLocked);
        // Dates kept from the first start, not moved to this one.
        Assert.Equal(FirstStart.AddDays(3), (await again.FindAsync("mlee"))!.PasswordExpiresAt);
        Assert.Equal(8, reopened.Database.GetCollection(EmbeddedAccountDirectory.CollectionName).Count());
    }

    [Fact]
    public void TheHostUsesTheEmbeddedDirectoryByDefault()
    {
        using var factory = new HelpBotFactory();

        Assert.IsType<EmbeddedAccountDirectory>(factory.Services.GetRequiredService<IAccountDirectory>());
    }

    [Fact]
    public void AnLdapProviderWithoutItsSettingsStopsTheStartNamingEachMissingKey()
    {
        using var factory = new HelpBotFactory(new Dictionary<string, string?> { ["Directory:Provider"] = "Ldap" });

        var error = Assert.Throws<OptionsValidationException>(() => factory.Services);

        Assert.Contains("Directory:Ldap:Host is missing", error.Message, StringComparison.Ordinal);
        Assert.Contains("Directory:Ldap:BindDn is missing", error.Message, StringComparison.Ordinal);
        Assert.Contains("Directory:Ldap:BindPassword is missing", error.Message, StringComparison.Ordinal);
        Assert.Contains("Directory:Ldap:BaseDn is missing", error.Message, StringComparison.Ordinal);
    }
}
