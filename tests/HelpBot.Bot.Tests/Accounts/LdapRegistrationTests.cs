using System.DirectoryServices.Protocols;
using System.Net;
using HelpBot.Bot.Accounts;
using HelpBot.Bot.Accounts.Ldap;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace HelpBot.Bot.Tests.Accounts;

/// <summary>eCommons registration over a real slapd: the unregistered marker (employeeType=unregistered), sn, and Password Modify.</summary>
public sealed class LdapRegistrationTests : IDisposable
{
    private readonly SlapdServer _slapd = SlapdServer.Start(seedLocks: false);

    public LdapRegistrationTests()
    {
        // The seed loads only registered people into slapd; the two who aren't are added here as HR's feed would.
        Add("cokafor", ("cn", "Chidi Okafor"), ("sn", "Okafor"), ("displayName", "Chidi Okafor"), ("employeeNumber", "70000007"),
            ("mobile", "+16175550107"), ("description", "cokafor@example.org"), ("businessCategory", "FullTimeStaff"), ("employeeType", "unregistered"));
        Add("pgarcia", ("cn", "Pedro Garcia"), ("sn", "García"), ("displayName", "Pedro Garcia"), ("carLicense", "1985-04-12"),
            ("mobile", "+16175550106"), ("description", "pgarcia@example.org"), ("businessCategory", "AffiliateStaff"), ("employeeType", "unregistered"));
    }

    public void Dispose() => _slapd.Dispose();

    private LdapAccountDirectory Open(Action<LdapOptions>? configure = null)
    {
        var options = _slapd.Options();
        configure?.Invoke(options);
        return new LdapAccountDirectory(Options.Create(options),
            Options.Create(new DirectoryOptions { MaxPasswordAgeDays = SlapdServer.MaxAgeDays }), NullLogger<LdapAccountDirectory>.Instance);
    }

    [Fact]
    public async Task CokaforIsFoundByLastNameAndHuidRegistersOnceAndThenSignsInWithHisNewPassword()
    {
        var directory = Open();
        Assert.Null(await directory.FindUnregisteredByHuidAsync("Okafur", "70000007"));
        Assert.Null(await directory.FindUnregisteredByHuidAsync("Smith", "70000001")); // registered already

        var found = await directory.FindUnregisteredByHuidAsync("OKAFOR", "70000007");
        Assert.Equal(("cokafor", "Okafor", false), (found!.Username, found.FamilyName, found.IsRegistered));

        Assert.True(await directory.CompleteRegistrationAsync("cokafor"));
        Assert.False(await directory.CompleteRegistrationAsync("cokafor"));
        Assert.True((await directory.FindAsync("cokafor"))!.IsRegistered);
        Assert.Null(await directory.FindUnregisteredByHuidAsync("Okafor", "70000007"));

        await directory.SetPasswordAsync("cokafor", "marigold ferry lantern 42");
        Assert.True(await directory.CheckPasswordAsync("cokafor", "marigold ferry lantern 42"));
        Assert.True(_slapd.TryBind("cokafor", "marigold ferry lantern 42"));
    }

    [Fact]
    public async Task ByDateOfBirthOnlyWhenTheDirectoryKeepsOneAndTheNameMatchesWithoutAccents()
    {
        var error = await Assert.ThrowsAsync<NotSupportedException>(() => Open().FindUnregisteredByDateOfBirthAsync("Garcia", new DateOnly(1985, 4, 12)));
        Assert.Contains("Directory:Ldap:Attributes:DateOfBirth", error.Message, StringComparison.Ordinal);

        var directory = Open(o => o.Attributes.DateOfBirth = "carLicense");
        Assert.Null(await directory.FindUnregisteredByDateOfBirthAsync("Garcia", new DateOnly(1985, 4, 13)));
        Assert.Equal("pgarcia", (await directory.FindUnregisteredByDateOfBirthAsync("garcia", new DateOnly(1985, 4, 12)))!.Username);
    }

    [Fact]
    public async Task WithoutARegistrationAttributeEveryoneCountsAsRegisteredAndRegistrationSaysWhy()
    {
        var directory = Open(o => o.Attributes.Registration = "-");
        Assert.True((await directory.FindAsync("cokafor"))!.IsRegistered);
        var error = await Assert.ThrowsAsync<NotSupportedException>(() => directory.FindUnregisteredByHuidAsync("Okafor", "70000007"));
        Assert.Contains("Directory:Ldap:Attributes:Registration", error.Message, StringComparison.Ordinal);
    }

    private void Add(string username, params (string Name, string Value)[] attributes)
    {
        using var connection = new LdapConnection(new LdapDirectoryIdentifier("127.0.0.1", _slapd.Port),
            new NetworkCredential(SlapdServer.AdminDn, _slapd.AdminPassword), AuthType.Basic);
        connection.SessionOptions.ProtocolVersion = 3;
        connection.Bind();
        var request = new AddRequest(SlapdServer.UserDn(username), "inetOrgPerson");
        request.Attributes.Add(new DirectoryAttribute("uid", username));
        foreach (var (name, value) in attributes)
        {
            request.Attributes.Add(new DirectoryAttribute(name, value));
        }
        connection.SendRequest(request);
    }
}
