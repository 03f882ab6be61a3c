using HelpBot.Bot.Accounts;
using HelpBot.Bot.Accounts.Ldap;
using HelpBot.Bot.Tests.PasswordReset;
using HelpBot.Dialogs.Accounts;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace HelpBot.Bot.Tests.Accounts;

/// <summary>
/// The LDAP directory in its Active Directory flavour against a real Samba AD DC, bound as the least-privilege service
/// account (never an administrator), so the domain's password policy, lockout and access checks all apply.
/// </summary>
[Collection(SambaDcGroup.Name)]
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class ActiveDirectoryDirectoryTests : IDisposable
{
    private const string Password = "Maple-Harbor-2231";
    private readonly LogCapture _logs = new();
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);

    private static SambaDcServer Dc => SambaDcServer.Shared;

    public void Dispose() => _logs.Dispose();

    private LdapAccountDirectory Open(LdapOptions? options = null)
    {
        using var factory = new LoggerFactory([_logs]);
        return new LdapAccountDirectory(Options.Create(options ?? Dc.Options()),
            Options.Create(new DirectoryOptions { MaxPasswordAgeDays = SambaDcServer.MaxAgeDays }), factory.CreateLogger<LdapAccountDirectory>(), _time);
    }

    private string Log => string.Join('\n', _logs.Lines);

    [SambaFact]
    public async Task AnUnlockWhoseConnectionTheDomainControllerDropsIsSentOnceMore()
    {
        // A busy domain controller dropped the unlock's connection once in a full test run ("The LDAP server is
        // unavailable"); an unlock has the same effect however often it is sent, so it goes once more.
        var person = Dc.CreatePerson("dropped", Password);
        for (var i = 0; i < SambaDcServer.MaxFailures; i++)
        {
            Assert.False(Dc.TryBind(person.Username, "Wrong-Password-1"));
        }
        var options = Dc.Options();
        using var forwarder = new SwitchableForwarder(options.EffectivePort);
        options.Port = forwarder.Port;
        var directory = Open(options);

        forwarder.DropConnection = 2; // the unlock looks the person up first (connection 1), then writes (connection 2)
        await directory.UnlockAsync(person.Username);

        Assert.False((await directory.FindAsync(person.Username))!.IsLocked);
    }

    [SambaFact]
    public async Task TheServiceAccountFindsAPersonByUsernameMailAndHuid_WithTheExchangeAttributes()
    {
        var person = Dc.CreatePerson("find", Password, given: "Jane", family: "Smith", huid: "80123456", affiliation: "FullTimeStaff");
        var directory = Open();

        var byName = await directory.FindAsync(person.Username);
        Assert.NotNull(byName);
        Assert.Equal("Jane Smith", byName.DisplayName);
        Assert.Equal(Affiliation.FullTimeStaff, byName.Affiliation);
        Assert.True(byName.IsRegistered);
        Assert.False(byName.IsLocked);
        Assert.Equal(person.Username, (await directory.FindAsync($"{person.Username}@hms.example"))?.Username);
        Assert.Equal(person.Username, (await directory.FindByHuidAsync("80123456"))?.Username);
    }

    [SambaFact]
    public async Task AnAccountLockedByRealFailedBindsIsUnlockedByTheServiceAccount()
    {
        var person = Dc.CreatePerson("lock", Password);
        var directory = Open();
        for (var i = 0; i < SambaDcServer.MaxFailures; i++)
        {
            Assert.False(Dc.TryBind(person.Username, "Wrong-Password-1"));
        }
        Assert.False(Dc.TryBind(person.Username, Password));
        Assert.True((await directory.FindAsync(person.Username))!.IsLocked);

        await directory.UnlockAsync(person.Username);

        Assert.False((await directory.FindAsync(person.Username))!.IsLocked);
        Assert.True(Dc.TryBind(person.Username, Password));
    }

    [SambaFact]
    public async Task TheServiceAccountResetsAPasswordThatMeetsThePolicy_AndTheResetUnlocks()
    {
        var person = Dc.CreatePerson("reset", Password);
        for (var i = 0; i < SambaDcServer.MaxFailures; i++)
        {
            Dc.TryBind(person.Username, "Wrong-Password-1");
        }
        var directory = Open();

        await directory.SetPasswordAsync(person.Username, "Violet tugboat humming 42");

        Assert.True(Dc.TryBind(person.Username, "Violet tugboat humming 42"));
        Assert.False(Dc.TryBind(person.Username, Password));
        Assert.True(await directory.CheckPasswordAsync(person.Username, "Violet tugboat humming 42"));
    }

    [SambaFact]
    public async Task RegistrationIsCompletedByTheServiceAccount_ItMayWriteTheMarker()
    {
        var person = Dc.CreatePerson("reg", Password, huid: "80999001", registration: "unregistered");
        var directory = Open();
        Assert.False((await directory.FindAsync(person.Username))!.IsRegistered);

        Assert.True(await directory.CompleteRegistrationAsync(person.Username));

        Assert.True((await directory.FindAsync(person.Username))!.IsRegistered);
        Assert.Null(Dc.Read(person.Dn, "extensionAttribute2"));
    }

    // ---- 1. a password the domain refuses ----

    [SambaFact]
    public async Task APasswordTheDomainRefusesIsAPasswordRefusal_WithTheDomainsRequirements_AndNothingChanges()
    {
        var person = Dc.CreatePerson("refuse", Password, given: "Ruth", family: "Refused");
        var directory = Open();
        Assert.Equal("10", Dc.Read(SambaDcServer.DomainDn, "minPwdLength"));

        // Too short (the domain wants 10), and not complex (small letters only). (Windows also refuses one with the
        // username inside; Samba 4.17 does not check that.)
        foreach (var refused in new[] { "Sh0rt-pw", "quietlyhummingtugboats" })
        {
            var e = await Record.ExceptionAsync(() => directory.SetPasswordAsync(person.Username, refused));
            Assert.True(e is PasswordRefusedException, $"{refused}: {e?.GetType().Name ?? "accepted"}");
            Assert.Equal(new DirectoryPasswordPolicy(SambaDcServer.MinLength, Complexity: true, HistoryLength: 24), ((PasswordRefusedException)e!).Policy);
            Assert.False(Dc.TryBind(person.Username, refused));
        }

        Assert.True(Dc.TryBind(person.Username, Password));
        Assert.DoesNotContain("Sh0rt-pw", Log, StringComparison.Ordinal);
        Assert.DoesNotContain("quietlyhummingtugboats", Log, StringComparison.Ordinal);
    }

    [SambaFact]
    public async Task AFineGrainedPolicyIsTheOneReported_WhenItAppliesToThePerson()
    {
        var person = Dc.CreatePerson("pso", Password);
        var pso = $"HelpBotLong{person.Username}";
        Dc.Tool("domain", "passwordsettings", "pso", "create", pso, "10", "--min-pwd-length=20", "--complexity=on", "--history-length=5");
        Dc.Tool("domain", "passwordsettings", "pso", "apply", pso, person.Username);
        var directory = Open();

        var e = await Assert.ThrowsAsync<PasswordRefusedException>(() => directory.SetPasswordAsync(person.Username, "Violet-Tugboat-42x"));

        // The service account reads the person's resultant policy where it may, and otherwise says nothing rather than the domain's.
        Assert.True(e.Policy is null || e.Policy == new DirectoryPasswordPolicy(20, true, 5), $"policy {e.Policy}");
        await directory.SetPasswordAsync(person.Username, "Violet tugboat humming softly 42");
        Assert.True(Dc.TryBind(person.Username, "Violet tugboat humming softly 42"));
    }

    // ---- 3. password expiry from AD's own computation ----

    [SambaFact]
    public async Task ExpiryIsADsOwnComputation_ASevenDayFineGrainedPolicyANeverExpiringAccountAndAnOldPassword()
    {
        var shortLived = Dc.CreatePerson("week", Password);
        var pso = $"HelpBotWeek{shortLived.Username}";
        Dc.Tool("domain", "passwordsettings", "pso", "create", pso, "10", "--max-pwd-age=7");
        Dc.Tool("domain", "passwordsettings", "pso", "apply", pso, shortLived.Username);
        var forever = Dc.CreatePerson("never", Password, neverExpires: true);
        var old = Dc.CreatePerson("old", Password);
        Dc.SetPasswordDaysAgo(old.Username, "Older-Password-77", 170);
        var directory = Open();
        var now = DateTimeOffset.UtcNow;

        var week = (await directory.FindAsync(shortLived.Username))!;
        Assert.InRange(week.PasswordExpiresAt!.Value, now.AddDays(6), now.AddDays(7).AddMinutes(5));

        var never = (await directory.FindAsync(forever.Username))!;
        Assert.Null(never.PasswordExpiresAt);
        Assert.False(never.PasswordExpired(now));

        var older = (await directory.FindAsync(old.Username))!;
        Assert.InRange(older.PasswordExpiresAt!.Value, now.AddDays(9), now.AddDays(11));
        Assert.InRange(older.PasswordChangedAt!.Value, now.AddDays(-171), now.AddDays(-169));
    }

    // ---- 4. Teams users ----

    [SambaFact]
    public async Task ATeamsUserIsFoundByUpnWhenNoObjectIdAttributeIsMapped_ElseByMail()
    {
        var person = Dc.CreatePerson("teams", Password, mail: null);
        var directory = Open();

        Assert.False(directory.MatchesTeamsObjectId);
        Assert.Equal("UPN in userPrincipalName, then UPN as e-mail address in mail", directory.TeamsMatching);
        Assert.Equal(person.Username, (await directory.FindByTeamsIdentityAsync("6a1f0c11-0000-4000-8000-000000000001", person.UserPrincipalName))?.Username);
        // A tenant whose UPNs are the e-mail addresses: no UPN matches, the mail does.
        Assert.Equal(person.Username, (await directory.FindByTeamsIdentityAsync("6a1f0c11-0000-4000-8000-000000000001", $"{person.Username}@hms.example"))?.Username);
        Assert.Null(await directory.FindByTeamsIdentityAsync("6a1f0c11-0000-4000-8000-000000000001", null));

        var options = Dc.Options();
        options.Attributes.TeamsObjectId = "employeeNumber";
        Dc.Write(person.Dn, "employeeNumber", "6a1f0c11-0000-4000-8000-000000000002");
        var byId = Open(options);
        Assert.True(byId.MatchesTeamsObjectId);
        Assert.Equal(person.Username, (await byId.FindByTeamsIdentityAsync("6a1f0c11-0000-4000-8000-000000000002", null))?.Username);
        Assert.StartsWith("Entra object id in employeeNumber, then UPN in userPrincipalName", byId.TeamsMatching, StringComparison.Ordinal);
    }

    // ---- 5. alternate e-mail stored as smtp:address ----

    [SambaFact]
    public async Task AnAlternateAddressStoredAsSmtpIsFoundByTheAddressItIsShownAs()
    {
        var person = Dc.CreatePerson("alt", Password, alternateEmail: "smtp:Jo.Alt@example.org");
        var directory = Open();

        var found = await directory.FindAsync("jo.alt@example.org");

        Assert.Equal(person.Username, found?.Username);
        Assert.Equal("Jo.Alt@example.org", found!.AlternateEmail);
    }

    // ---- 6. the service account's bind: circuit breaker ----

    [SambaFact]
    public async Task AWrongServicePasswordIsTriedOnce_NotAgainUntilTheCooldown_SoTheServiceAccountIsNeverLocked()
    {
        var service = Dc.CreatePerson("svcpw", "Service-Pass-2231");
        var options = Dc.Options();
        options.BindDn = service.Dn;
        options.BindPassword = "Wrong-Service-Pass-1";
        var directory = Open(options);

        for (var i = 0; i < SambaDcServer.MaxFailures + 2; i++)
        {
            await Assert.ThrowsAsync<DirectoryUnavailableException>(() => directory.FindAsync("anyone"));
        }

        // One wrong bind reached the DC, however many turns asked: the account is not locked.
        Assert.Equal("1", Dc.Read(service.Dn, "badPwdCount"));
        Assert.True(Dc.TryBind(service.Username, "Service-Pass-2231"));
        var refused = Assert.Single(_logs.Lines, l => l.Contains("refused HelpBot's own bind", StringComparison.Ordinal));
        Assert.Contains("invalid credentials", refused, StringComparison.Ordinal);
        Assert.Contains(service.Dn, refused, StringComparison.Ordinal);
        Assert.DoesNotContain("Wrong-Service-Pass-1", Log, StringComparison.Ordinal);
    }

    [SambaFact]
    public async Task ALockedServiceAccountIsNamedAsLocked_AndHelpBotRecoversByItselfOnceItIsUnlocked()
    {
        var service = Dc.CreatePerson("svclock", "Service-Pass-2231");
        for (var i = 0; i < SambaDcServer.MaxFailures; i++)
        {
            Dc.TryBind(service.Username, "Wrong-Service-Pass-1");
        }
        var person = Dc.CreatePerson("served", Password);
        var options = Dc.Options();
        options.BindDn = service.Dn;
        options.BindPassword = "Service-Pass-2231";
        options.BindFailureCooldownSeconds = 60;
        var directory = Open(options);

        await Assert.ThrowsAsync<DirectoryUnavailableException>(() => directory.FindAsync(person.Username));
        Assert.Contains(_logs.Lines, l => l.Contains("the service account is locked out", StringComparison.Ordinal));

        Dc.Write(service.Dn, "lockoutTime", "0");
        // Still within the cooldown: nothing is sent.
        await Assert.ThrowsAsync<DirectoryUnavailableException>(() => directory.FindAsync(person.Username));
        _time.Advance(TimeSpan.FromSeconds(61));

        Assert.Equal(person.Username, (await directory.FindAsync(person.Username))?.Username);
        Assert.Contains(_logs.Lines, l => l.Contains("accepts HelpBot's own bind", StringComparison.Ordinal) && l.Contains("again", StringComparison.Ordinal));
    }

    // ---- 7. insufficient rights ----

    [SambaFact]
    public async Task AServiceAccountWithoutTheDelegatedRightsGivesTheOperatorTheMissingRightAndTheDn()
    {
        var weak = Dc.CreatePerson("svcweak", "Service-Pass-2231");
        var person = Dc.CreatePerson("target", Password);
        var options = Dc.Options();
        options.BindDn = weak.Dn;
        options.BindPassword = "Service-Pass-2231";
        var directory = Open(options);

        await Assert.ThrowsAsync<DirectoryUnavailableException>(() => directory.UnlockAsync(person.Username));
        await Assert.ThrowsAsync<DirectoryUnavailableException>(() => directory.SetPasswordAsync(person.Username, "Violet tugboat humming 42"));

        var lines = _logs.Lines.Where(l => l.Contains("lacks the right", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, lines.Count);
        Assert.Contains("\"Write lockoutTime\"", lines[0], StringComparison.Ordinal);
        Assert.Contains("\"Reset Password and Write lockoutTime\"", lines[1], StringComparison.Ordinal);
        Assert.All(lines, l => Assert.Contains(person.Dn, l, StringComparison.Ordinal));
        Assert.All(lines, l => Assert.Contains(weak.Dn, l, StringComparison.Ordinal));
        Assert.True(Dc.TryBind(person.Username, Password));
    }

    // ---- 8. mapped attributes the schema lacks ----

    [SambaFact]
    public async Task TheSchemaCheckNamesEveryMappedAttributeThePlainSchemaLacks()
    {
        Assert.Empty(await Open().MissingAttributesAsync());

        var options = Dc.Options();
        options.Attributes.Affiliation = "extensionAttribute9";
        options.Attributes.Registration = "msExchHelpBotMarker";
        var missing = await Open(options).MissingAttributesAsync();

        Assert.Equal([("Affiliation", "extensionAttribute9"), ("Registration", "msExchHelpBotMarker")], missing.OrderBy(m => m.Key));
    }

    // ---- 9. the policy-hints control ----

    [SambaFact]
    public async Task ThePolicyHintsControlIsHarmlessOnSamba_AResetWithItWorks_AndSambaStillSkipsHistoryOnAReset()
    {
        var person = Dc.CreatePerson("hints", Password);
        var directory = Open();
        Assert.True(Dc.Options().SendPolicyHints);

        await directory.SetPasswordAsync(person.Username, "Violet tugboat humming 42");
        Assert.True(Dc.TryBind(person.Username, "Violet tugboat humming 42"));

        // Windows Server 2012 R2+ would refuse the previous password here (history); Samba 4.17 ignores the control.
        await directory.SetPasswordAsync(person.Username, Password);
        Assert.True(Dc.TryBind(person.Username, Password));
    }

    // ---- 2. a time budget for every call ----

    [SambaFact]
    public async Task AHungDomainControllerIsGivenUpOnWithinTheBudget_NotAfterEveryRetry()
    {
        using var silent = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        silent.Start();
        var options = Dc.Options();
        options.Port = ((System.Net.IPEndPoint)silent.LocalEndpoint).Port;
        options.UseSsl = false;
        options.TimeoutSeconds = 1;
        options.ReadRetries = 10;
        options.OperationBudgetSeconds = 3;
        var directory = Open(options);

        await Assert.ThrowsAsync<DirectoryUnavailableException>(() => directory.FindAsync("anyone"));

        // Ten retries of two seconds each would be twenty seconds: the budget ended it after a few.
        Assert.InRange(_logs.Lines.Count(l => l.Contains("trying again", StringComparison.Ordinal)), 0, 3);
        Assert.Contains(_logs.Lines, l => l.Contains("is not answering", StringComparison.Ordinal) && l.Contains("OperationBudgetSeconds", StringComparison.Ordinal));
        silent.Stop();
    }
}
