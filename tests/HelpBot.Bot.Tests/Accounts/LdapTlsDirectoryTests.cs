using System.DirectoryServices.Protocols;
using System.Net;
using HelpBot.Bot.Accounts;
using HelpBot.Bot.Accounts.Ldap;
using HelpBot.Bot.Tests.PasswordReset;
using HelpBot.Dialogs.Accounts;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace HelpBot.Bot.Tests.Accounts;

/// <summary>
/// The LDAP directory over LDAPS and StartTLS against a real slapd with a throwaway CA, which HelpBot trusts through
/// Directory:Ldap:TrustedCaDirectory (the system's trust is never touched). The slapd refuses password binds outside
/// TLS, so every bind that succeeds here went over TLS.
/// </summary>
public sealed class LdapTlsDirectoryTests : IDisposable
{
    private readonly SlapdServer _slapd = SlapdServer.Start(seedLocks: false, SlapdTlsMode.TrustedCertificate);
    private readonly LogCapture _logs = new();

    public void Dispose()
    {
        _slapd.Dispose();
        _logs.Dispose();
    }

    private LdapAccountDirectory Open(LdapOptions options)
    {
        using var factory = new LoggerFactory([_logs]);
        return new LdapAccountDirectory(Options.Create(options),
            Options.Create(new DirectoryOptions { MaxPasswordAgeDays = SlapdServer.MaxAgeDays }), factory.CreateLogger<LdapAccountDirectory>());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task ALockedAccountIsFoundAndUnlockedOverTls_TrustingOnlyTheConfiguredCa(bool startTls)
    {
        var directory = Open(_slapd.Options(startTls));
        for (var i = 0; i < SlapdServer.MaxFailures; i++)
        {
            Assert.False(_slapd.TryBind("tnguyen", "not-my-password"));
        }

        var thomas = await directory.FindAsync("tnguyen");
        Assert.Equal("Thomas Nguyen", thomas?.DisplayName);
        Assert.True(thomas!.IsLocked);

        await directory.UnlockAsync("tnguyen");

        Assert.Null(_slapd.Read("tnguyen", "pwdAccountLockedTime"));
        Assert.True(await directory.CheckPasswordAsync("tnguyen", "Silver-Meadow-3306"));
        Assert.DoesNotContain(_logs.Lines, l => l.Contains("TLS handshake", StringComparison.Ordinal));
    }

    [Fact]
    public void TheServerRefusesAPasswordBindWithoutTls_SoTheTlsTestsProveThePasswordNeverTravelledInClear()
    {
        using var plain = new LdapConnection(new LdapDirectoryIdentifier("127.0.0.1", _slapd.Port), new NetworkCredential(SlapdServer.AdminDn, _slapd.AdminPassword), AuthType.Basic);
        plain.SessionOptions.ProtocolVersion = 3;

        var refused = Assert.ThrowsAny<DirectoryException>(plain.Bind);
        Assert.Contains("onfidentiality", refused.Message + (refused as LdapException)?.ServerErrorMessage + (refused as DirectoryOperationException)?.Response?.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void ATrustedCaDirectoryThatIsNotAFolderOrWithoutTlsIsRefusedAtStartUp()
    {
        var missing = _slapd.Options(startTls: true);
        missing.TrustedCaDirectory = Path.Combine(Path.GetTempPath(), "helpbot-no-such-ca-folder");
        var error = Assert.Single(LdapOptionsValidator.Check(missing).Failures!);
        Assert.Contains("Directory:Ldap:TrustedCaDirectory", error, StringComparison.Ordinal);

        var withoutTls = _slapd.Options(startTls: true);
        withoutTls.StartTls = false;
        Assert.Contains("neither Directory:Ldap:UseSsl nor Directory:Ldap:StartTls", Assert.Single(LdapOptionsValidator.Check(withoutTls).Failures!), StringComparison.Ordinal);
    }
}

/// <summary>A slapd whose certificate was signed by a CA HelpBot does not trust: refused, with a line that says why.</summary>
public sealed class LdapTlsUntrustedCertificateTests : IDisposable
{
    private readonly SlapdServer _slapd = SlapdServer.Start(seedLocks: true, SlapdTlsMode.RogueCertificate);
    private readonly LogCapture _logs = new();

    public void Dispose()
    {
        _slapd.Dispose();
        _logs.Dispose();
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task ACertificateFromAnotherCaIsRefused_OneLineNamesTheTlsHandshakeAndTheSetting_NotRetried(bool startTls)
    {
        using var factory = new LoggerFactory([_logs]);
        var options = _slapd.Options(startTls);
        var directory = new LdapAccountDirectory(Options.Create(options),
            Options.Create(new DirectoryOptions { MaxPasswordAgeDays = SlapdServer.MaxAgeDays }), factory.CreateLogger<LdapAccountDirectory>());

        await Assert.ThrowsAsync<DirectoryUnavailableException>(() => directory.FindAsync("jsmith"));
        await Assert.ThrowsAsync<DirectoryUnavailableException>(() => directory.UnlockAsync("jsmith"));

        var lines = _logs.Lines.ToList();
        Assert.Equal(2, lines.Count(l => l.Contains("TLS handshake", StringComparison.Ordinal)));
        var line = lines.First(l => l.Contains("TLS handshake", StringComparison.Ordinal));
        Assert.Contains($"127.0.0.1:{options.Port}", line, StringComparison.Ordinal);
        Assert.Contains(startTls ? "StartTLS" : "LDAPS", line, StringComparison.Ordinal);
        Assert.Contains("Directory:Ldap:TrustedCaDirectory", line, StringComparison.Ordinal);
        Assert.DoesNotContain(lines, l => l.Contains("trying again", StringComparison.Ordinal) || l.Contains("may or may not have applied", StringComparison.Ordinal));
        Assert.DoesNotContain(_slapd.AdminPassword, string.Join('\n', lines), StringComparison.Ordinal);
        // Jane is still locked: the unlock never got past the handshake.
        Assert.NotNull(_slapd.Read("jsmith", "pwdAccountLockedTime"));
    }
}
