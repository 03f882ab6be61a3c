using System.Net;
using System.Net.Sockets;
using HelpBot.Bot.Accounts;
using HelpBot.Bot.Accounts.Ldap;
using HelpBot.Bot.Tests.PasswordReset;
using HelpBot.Dialogs.Accounts;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace HelpBot.Bot.Tests.Accounts;

/// <summary>The LDAP directory against a real slapd with ppolicy: lockout by real binds, failures, and the host's wiring.</summary>
public sealed class LdapAccountDirectoryTests : IDisposable
{
    private readonly SlapdServer _slapd = SlapdServer.Start(seedLocks: false);
    private readonly LogCapture _logs = new();

    public void Dispose()
    {
        _slapd.Dispose();
        _logs.Dispose();
    }

    private LdapAccountDirectory Open(LdapOptions? options = null)
    {
        using var factory = new LoggerFactory([_logs]);
        return new LdapAccountDirectory(Options.Create(options ?? _slapd.Options()),
            Options.Create(new DirectoryOptions { MaxPasswordAgeDays = SlapdServer.MaxAgeDays }), factory.CreateLogger<LdapAccountDirectory>());
    }

    [Fact]
    public async Task ThreeWrongPasswordsLockTheAccountForRealAndUnlockLetsTheRightPasswordIn()
    {
        var directory = Open();
        Assert.False((await directory.FindAsync("tnguyen"))!.IsLocked);

        for (var i = 0; i < SlapdServer.MaxFailures; i++)
        {
            Assert.False(_slapd.TryBind("tnguyen", "not-my-password"));
        }

        Assert.True((await directory.FindAsync("tnguyen"))!.IsLocked);
        Assert.NotNull(_slapd.Read("tnguyen", "pwdAccountLockedTime"));
        Assert.False(_slapd.TryBind("tnguyen", "Silver-Meadow-3306"));

        await directory.UnlockAsync("tnguyen");

        Assert.Null(_slapd.Read("tnguyen", "pwdAccountLockedTime"));
        Assert.False((await directory.FindAsync("tnguyen"))!.IsLocked);
        Assert.True(_slapd.TryBind("tnguyen", "Silver-Meadow-3306"));
        // The failure count started again: one more wrong password does not lock.
        Assert.False(_slapd.TryBind("tnguyen", "not-my-password"));
        Assert.False((await directory.FindAsync("tnguyen"))!.IsLocked);
    }

    [Fact]
    public async Task ThePasswordModifyOperationSetsAHashedPasswordAndPpolicyClearsTheLock()
    {
        var directory = Open();
        for (var i = 0; i < SlapdServer.MaxFailures; i++)
        {
            _slapd.TryBind("akumar", "wrong");
        }
        Assert.True((await directory.FindAsync("akumar"))!.IsLocked);

        await directory.SetPasswordAsync("akumar", "violet tugboat humming quietly");

        Assert.True(_slapd.TryBind("akumar", "violet tugboat humming quietly"));
        Assert.False(_slapd.TryBind("akumar", "Copper-Lantern-8842"));
        Assert.Null(_slapd.Read("akumar", "pwdAccountLockedTime"));
        Assert.StartsWith("{SSHA}", _slapd.Read("akumar", "userPassword"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task CheckPasswordIsABindAsThePersonAndWrongOnesCountTowardsTheLockout()
    {
        var directory = Open();

        Assert.True(await directory.CheckPasswordAsync("mlee", "Quiet-Orchard-5170"));
        for (var i = 0; i < SlapdServer.MaxFailures; i++)
        {
            Assert.False(await directory.CheckPasswordAsync("mlee", "wrong"));
        }
        Assert.True((await directory.FindAsync("mlee"))!.IsLocked);
        Assert.False(await directory.CheckPasswordAsync("mlee", "Quiet-Orchard-5170"));
    }

    [Fact]
    public async Task AnExpiredPasswordNoLongerBinds_PpolicyAgreesWithTheDatesWeRead()
    {
        var directory = Open();

        Assert.True((await directory.FindAsync("rbrown"))!.PasswordExpired(DateTimeOffset.UtcNow));
        Assert.False(await directory.CheckPasswordAsync("rbrown", "Amber-Thistle-6619"));
    }

    [Fact]
    public async Task AServerThatIsDownIsDirectoryUnavailable_ReadsTriedThreeTimes_OneClearLineForOperators()
    {
        var options = _slapd.Options();
        options.Port = ClosedPort();
        var directory = Open(options);

        await Assert.ThrowsAsync<DirectoryUnavailableException>(() => directory.FindAsync("jsmith"));

        var lines = _logs.Lines.ToList();
        Assert.Equal(2, lines.Count(l => l.Contains("trying again", StringComparison.Ordinal)));
        var error = Assert.Single(lines, l => l.Contains("is not answering", StringComparison.Ordinal));
        Assert.Contains($"127.0.0.1:{options.Port}", error, StringComparison.Ordinal);
        Assert.DoesNotContain(_slapd.AdminPassword, string.Join('\n', lines), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AServerThatAcceptsButNeverAnswersTimesOutAsDirectoryUnavailable()
    {
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        var accepted = new List<Socket>();
        var accepting = Task.Run(async () =>
        {
            try
            {
                while (true)
                {
                    accepted.Add(await silent.AcceptSocketAsync());
                }
            }
            catch (SocketException)
            {
                // stopped
            }
            catch (ObjectDisposedException)
            {
                // stopped
            }
        });
        var options = _slapd.Options();
        options.Port = ((IPEndPoint)silent.LocalEndpoint).Port;
        options.TimeoutSeconds = 1;
        options.ReadRetries = 0;
        var directory = Open(options);

        var clock = System.Diagnostics.Stopwatch.StartNew();
        await Assert.ThrowsAsync<DirectoryUnavailableException>(() => directory.FindAsync("jsmith"));

        Assert.InRange(clock.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(5));
        Assert.Contains(_logs.Lines, l => l.Contains("is not answering", StringComparison.Ordinal));
        // Closing the connections lets the abandoned LDAP call return.
        silent.Stop();
        await accepting;
        accepted.ForEach(s => s.Dispose());
    }

    [Fact]
    public async Task ASlapdThatStopsMidwayIsDirectoryUnavailableForEveryOperation()
    {
        var directory = Open();
        Assert.NotNull(await directory.FindAsync("jsmith"));

        _slapd.Dispose();

        await Assert.ThrowsAsync<DirectoryUnavailableException>(() => directory.FindAsync("jsmith"));
        await Assert.ThrowsAsync<DirectoryUnavailableException>(() => directory.UnlockAsync("jsmith"));
        await Assert.ThrowsAsync<DirectoryUnavailableException>(() => directory.SetPasswordAsync("jsmith", "violet tugboat humming quietly"));
        await Assert.ThrowsAsync<DirectoryUnavailableException>(() => directory.CheckPasswordAsync("jsmith", "Maple-Harbor-2231"));
    }

    [Fact]
    public async Task AWrongServicePasswordIsUnavailableWithALineNamingTheKeys_NotRetried_NeverLoggingThePassword()
    {
        var options = _slapd.Options();
        options.BindPassword = "wrong-service-password";
        var directory = Open(options);

        await Assert.ThrowsAsync<DirectoryUnavailableException>(() => directory.FindAsync("jsmith"));

        var lines = string.Join('\n', _logs.Lines);
        Assert.Contains("Check Directory:Ldap:BindDn and Directory:Ldap:BindPassword", lines, StringComparison.Ordinal);
        Assert.DoesNotContain("trying again", lines, StringComparison.Ordinal);
        Assert.DoesNotContain("wrong-service-password", lines, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TeamsObjectIdIsNotMappedByDefault_TheUpnIsTriedAsAMailAddress_AndCanBeMappedToAnAttribute()
    {
        Assert.False(Open().MatchesTeamsObjectId);
        Assert.Null(await Open().FindByTeamsIdentityAsync("0b6f1c2e-4a11-4d1e-9c01-000000000001", null));
        // No UPN attribute by default: the UPN is tried as the e-mail address (many tenants make them the same).
        Assert.Equal("jsmith", (await Open().FindByTeamsIdentityAsync("0b6f1c2e-4a11-4d1e-9c01-000000000001", "jsmith@hms.harvard.edu"))?.Username);

        var options = _slapd.Options();
        options.Attributes.UserPrincipalName = "mail";
        Assert.Equal("jsmith", (await Open(options).FindByTeamsIdentityAsync(null, "JSmith@hms.harvard.edu"))?.Username);
    }

    [Fact]
    public async Task BoundAsAServiceAccount_APasswordPpolicyRefusesIsAPasswordRefusalWithTheEntrysPolicy_AndNothingChanges()
    {
        var options = _slapd.Options();
        options.BindDn = SlapdServer.ServiceDn;
        options.BindPassword = SlapdServer.ServicePassword;
        var directory = Open(options);

        var e = await Assert.ThrowsAsync<PasswordRefusedException>(() => directory.SetPasswordAsync(SlapdServer.StrictPerson, "short-pw1"));

        Assert.Equal(new DirectoryPasswordPolicy(SlapdServer.StrictMinLength, Complexity: false, HistoryLength: 3), e.Policy);
        Assert.True(_slapd.TryBind(SlapdServer.StrictPerson, SlapdServer.StrictPersonPassword));
        Assert.DoesNotContain(_logs.Lines, l => l.Contains("short-pw1", StringComparison.Ordinal));

        await directory.SetPasswordAsync(SlapdServer.StrictPerson, "a long enough passphrase");
        Assert.True(_slapd.TryBind(SlapdServer.StrictPerson, "a long enough passphrase"));
    }

    [Fact]
    public async Task TheExpiryFollowsThePpolicyInForceForTheEntry()
    {
        var directory = Open();

        var strict = (await directory.FindAsync(SlapdServer.StrictPerson))!;
        Assert.InRange(strict.PasswordExpiresAt!.Value, _slapd.LoadedAt.AddDays(7).AddMinutes(-1), _slapd.LoadedAt.AddDays(7).AddMinutes(1));
        // Under the overlay's default policy: Directory:MaxPasswordAgeDays, as before.
        var jane = (await directory.FindAsync("jsmith"))!;
        Assert.Equal(jane.PasswordChangedAt!.Value.AddDays(SlapdServer.MaxAgeDays), jane.PasswordExpiresAt);
    }

    [Fact]
    public void TheHostUsesTheLdapDirectoryWhenDirectoryProviderIsLdap()
    {
        using var factory = new HelpBotFactory(_slapd.BotSettings());

        Assert.IsType<LdapAccountDirectory>(factory.Services.GetRequiredService<IAccountDirectory>());
    }

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
