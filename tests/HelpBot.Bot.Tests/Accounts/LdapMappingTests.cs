using System.DirectoryServices.Protocols;
using System.Text;
using HelpBot.Bot.Accounts.Ldap;
using HelpBot.Dialogs.Accounts;

namespace HelpBot.Bot.Tests.Accounts;

/// <summary>The LDAP attribute logic without a server: filter escaping, dates, the Active Directory flavour, and options.</summary>
public sealed class LdapMappingTests
{
    private static LdapEntry Entry(params (string Name, string Value)[] values) =>
        new("CN=Jane Smith,OU=People,DC=hms,DC=example", values.GroupBy(v => v.Name).Select(g => new KeyValuePair<string, string[]>(g.Key, g.Select(v => v.Value).ToArray())));

    [Theory]
    [InlineData("jsmith", "jsmith")]
    [InlineData("*)(uid=*", "\\2a\\29\\28uid=\\2a")]
    [InlineData("a\\b", "a\\5cb")]
    [InlineData("nul\0", "nul\\00")]
    [InlineData("José", "José")]
    public void FilterValuesAreEscapedPerRfc4515(string value, string escaped)
    {
        Assert.Equal(escaped, LdapEncoding.EscapeFilterValue(value));
    }

    [Fact]
    public void GeneralizedTimesAndFileTimesParse()
    {
        Assert.Equal(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero), LdapEncoding.ParseGeneralizedTime("20260301120000Z"));
        Assert.Equal(new DateTimeOffset(2026, 3, 1, 12, 0, 0, 500, TimeSpan.Zero), LdapEncoding.ParseGeneralizedTime("20260301120000.5Z"));
        Assert.Null(LdapEncoding.ParseGeneralizedTime("000001010000Z"));
        Assert.Null(LdapEncoding.ParseGeneralizedTime(null));
        Assert.Equal(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero), LdapEncoding.ParseFileTime(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero).ToFileTime().ToString(System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Null(LdapEncoding.ParseFileTime("0"));
        Assert.Null(LdapEncoding.ParseFileTime("9223372036854775807"));
    }

    [Fact]
    public void ThePasswordModifyRequestIsBerEncoded()
    {
        Assert.Equal(
            [0x30, 0x0a, 0x80, 0x03, (byte)'u', (byte)'=', (byte)'a', 0x82, 0x03, (byte)'p', (byte)'w', (byte)'d'],
            LdapEncoding.PasswordModifyRequest("u=a", "pwd"));
        var longDn = new string('x', 300);
        var encoded = LdapEncoding.PasswordModifyRequest(longDn, "pwd");
        Assert.Equal([0x30, 0x82, 0x01, 0x35, 0x80, 0x82, 0x01, 0x2c], encoded[..8]);
    }

    [Fact]
    public void OpenLdap_APermanentAdministrativeLockIsDisabled_CreateTimestampStandsInForAMissingChangeTime()
    {
        var logic = new OpenLdapPpolicyLogic();

        Assert.True(logic.IsDisabled(Entry(("pwdAccountLockedTime", "000001010000Z"))));
        Assert.True(logic.IsLocked(Entry(("pwdAccountLockedTime", "000001010000Z"))));
        Assert.False(logic.IsDisabled(Entry(("pwdAccountLockedTime", "20260301120000Z"))));
        Assert.Equal(new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero), logic.PasswordChangedAt(Entry(("createTimestamp", "20260102030405Z"))));
    }

    [Fact]
    public void ActiveDirectory_AnAccountIsReadFromItsOwnAttributes()
    {
        var logic = new ActiveDirectoryLogic();
        var changed = new DateTimeOffset(2026, 1, 10, 8, 0, 0, TimeSpan.Zero);
        var map = new LdapAttributeMap().Resolve(LdapFlavor.ActiveDirectory);
        var entry = Entry(
            ("sAMAccountName", "jsmith"), ("displayName", "Jane Smith"), ("company", "HMS"), ("extensionAttribute1", "full-time staff"),
            ("mail", "jsmith@hms.harvard.edu"), ("otherMailbox", "smtp:jane.smith@example.org"), ("mobile", "+16175550101"),
            ("employeeID", "70000001"), ("userPrincipalName", "jsmith@hms.harvard.edu"),
            ("lockoutTime", "133000000000000000"), ("userAccountControl", "512"),
            ("pwdLastSet", changed.ToFileTime().ToString(System.Globalization.CultureInfo.InvariantCulture)));

        var jane = logic.ToAccount(entry, map, ActiveDirectoryLogic.ParseMaxPasswordAge("-155520000000000"));

        Assert.Equal(("jsmith", "Jane Smith", "HMS", Affiliation.FullTimeStaff), (jane.Username, jane.DisplayName, jane.School, jane.Affiliation));
        Assert.Equal(("jane.smith@example.org", "+16175550101", "70000001", "jsmith@hms.harvard.edu"), (jane.AlternateEmail, jane.TextPhone, jane.Huid, jane.UserPrincipalName));
        Assert.True(jane.IsLocked);
        Assert.False(jane.IsDisabled);
        Assert.Equal(changed, jane.PasswordChangedAt);
        Assert.Equal(changed.AddDays(180), jane.PasswordExpiresAt);
    }

    [Fact]
    public void ActiveDirectory_LockDisabledAndPasswordDateRules()
    {
        var logic = new ActiveDirectoryLogic();

        Assert.False(logic.IsLocked(Entry(("lockoutTime", "0"))));
        Assert.False(logic.IsLocked(Entry()));
        // The computed flag wins: a lockout whose duration has passed is no longer one.
        Assert.False(logic.IsLocked(Entry(("lockoutTime", "133000000000000000"), ("msDS-User-Account-Control-Computed", "0"))));
        Assert.True(logic.IsLocked(Entry(("lockoutTime", "133000000000000000"), ("msDS-User-Account-Control-Computed", "16"))));
        Assert.True(logic.IsDisabled(Entry(("userAccountControl", "514"))));
        Assert.False(logic.IsDisabled(Entry(("userAccountControl", "66048"))));
        Assert.Null(logic.PasswordChangedAt(Entry(("pwdLastSet", "0"))));
        Assert.Null(ActiveDirectoryLogic.ParseMaxPasswordAge("-9223372036854775808"));
        Assert.Equal(TimeSpan.FromDays(90), ActiveDirectoryLogic.ParseMaxPasswordAge("-77760000000000"));
    }

    [Fact]
    public void ActiveDirectory_UnlockClearsLockoutTime_SetPasswordWritesQuotedUtf16UnicodePwdAndUnlocksInOneModify()
    {
        var logic = new ActiveDirectoryLogic();

        var unlock = Assert.IsType<ModifyRequest>(logic.UnlockRequest("CN=x"));
        Assert.Equal(("lockoutTime", DirectoryAttributeOperation.Replace, "0"), (unlock.Modifications[0].Name, unlock.Modifications[0].Operation, (string)unlock.Modifications[0][0]));

        var set = Assert.IsType<ModifyRequest>(logic.SetPasswordRequest("CN=x", "new pass"));
        Assert.Equal("unicodePwd", set.Modifications[0].Name);
        Assert.Equal(Encoding.Unicode.GetBytes("\"new pass\""), (byte[])set.Modifications[0][0]);
        Assert.Equal("lockoutTime", set.Modifications[1].Name);
    }

    [Fact]
    public void ActiveDirectory_AResetCarriesThePolicyHintsControl_NonCritical_UnlessTurnedOff()
    {
        var set = Assert.IsType<ModifyRequest>(new ActiveDirectoryLogic().SetPasswordRequest("CN=x", "new pass"));
        var hints = Assert.Single(set.Controls.Cast<DirectoryControl>());
        Assert.Equal("1.2.840.113556.1.4.2239", hints.Type);
        Assert.False(hints.IsCritical);
        Assert.Equal(new byte[] { 0x30, 0x03, 0x02, 0x01, 0x01 }, hints.GetValue());

        Assert.Empty(Assert.IsType<ModifyRequest>(new ActiveDirectoryLogic { SendPolicyHints = false }.SetPasswordRequest("CN=x", "new pass")).Controls);
    }

    [Theory]
    [InlineData("9223372036854775807", null)]
    [InlineData("0", "1601-01-01T00:00:00+00:00")]
    [InlineData("134443830918727170", "2027-01-14T06:51:31.8727170+00:00")]
    public void ActiveDirectory_ExpiryIsTheComputedAttribute_NeverAndMustChangeIncluded(string computed, string? expected)
    {
        var entry = new LdapEntry("CN=x", [new("sAMAccountName", ["x"]), new("msDS-UserPasswordExpiryTimeComputed", [computed]), new("pwdLastSet", ["134407542918727170"])]);

        var account = new ActiveDirectoryLogic().ToAccount(entry, new LdapAttributeMap().Resolve(LdapFlavor.ActiveDirectory), TimeSpan.FromDays(42));

        Assert.Equal(expected is null ? null : DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), account.PasswordExpiresAt);
    }

    [Theory]
    [InlineData("( 0.9.2342.19200300.100.1.1 NAME ( 'uid' 'userid' ) DESC 'RFC4519: user identifier' )", new[] { "uid", "userid" })]
    [InlineData("( 0.9.2342.19200300.100.1.3 NAME 'mail' SUP name )", new[] { "mail" })]
    public void TheSchemaCheckReadsEveryNameOfAnAttributeType(string definition, string[] names) =>
        Assert.Equal(names, LdapAccountDirectory.AttributeTypeNames(definition));

    [Fact]
    public void TheDefaultMappingsDifferPerFlavour_AndCanBeOverriddenOrTurnedOff()
    {
        var openLdap = new LdapAttributeMap().Resolve(LdapFlavor.OpenLdap);
        var ad = new LdapAttributeMap().Resolve(LdapFlavor.ActiveDirectory);
        Assert.Equal(("uid", "employeeNumber", "description", null), (openLdap.Username, openLdap.Huid, openLdap.AlternateEmail, openLdap.TeamsObjectId));
        Assert.Equal(("sAMAccountName", "employeeID", "otherMailbox", "userPrincipalName"), (ad.Username, ad.Huid, ad.AlternateEmail, ad.UserPrincipalName));

        var custom = new LdapAttributeMap { Huid = "harvardEduHuid", AlternateEmail = "-" }.Resolve(LdapFlavor.OpenLdap);
        Assert.Equal(("harvardEduHuid", null, "uid"), (custom.Huid, custom.AlternateEmail, custom.Username));
    }

    [Theory]
    [InlineData("FullTimeStaff", Affiliation.FullTimeStaff)]
    [InlineData("part-time staff", Affiliation.PartTimeStaff)]
    [InlineData("student", Affiliation.Student)]
    [InlineData("3", Affiliation.Guest)]
    [InlineData("astronaut", Affiliation.Guest)]
    public void AffiliationsParseLeniently_AnythingElseIsAGuest(string value, Affiliation expected)
    {
        Assert.Equal(expected, LdapFlavorLogic.ParseAffiliation([value]));
    }

    [Fact]
    public void OptionsAreValidatedNamingTheKey_ThePasswordIsNeverEchoed()
    {
        var result = LdapOptionsValidator.Check(new LdapOptions
        {
            Flavor = LdapFlavor.ActiveDirectory, Host = "dc1", BindDn = "CN=svc", BindPassword = "s3cret-value", BaseDn = "DC=hms,DC=example",
            Port = 70000, TimeoutSeconds = 0, UserFilter = "objectClass=user", Attributes = new LdapAttributeMap { Huid = "employee id" },
        });

        Assert.True(result.Failed);
        var message = result.FailureMessage;
        Assert.Contains("Directory:Ldap:Port is 70000", message, StringComparison.Ordinal);
        Assert.Contains("Directory:Ldap:Flavor is ActiveDirectory, which sets passwords only over TLS", message, StringComparison.Ordinal);
        Assert.Contains("Directory:Ldap:TimeoutSeconds is 0", message, StringComparison.Ordinal);
        Assert.Contains("Directory:Ldap:UserFilter is 'objectClass=user'", message, StringComparison.Ordinal);
        Assert.Contains("Directory:Ldap:Attributes:Huid is 'employee id'", message, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret-value", message, StringComparison.Ordinal);

        Assert.True(LdapOptionsValidator.Check(new LdapOptions { Host = "ldap", BindDn = "cn=svc", BindPassword = "x", BaseDn = "dc=x", StartTls = true }).Succeeded);
        // Nothing is asked of Directory:Ldap while the embedded directory is in use.
        Assert.True(new LdapOptionsValidator(Microsoft.Extensions.Options.Options.Create(new HelpBot.Bot.Accounts.DirectoryOptions())).Validate(null, new LdapOptions()).Succeeded);
    }
}
