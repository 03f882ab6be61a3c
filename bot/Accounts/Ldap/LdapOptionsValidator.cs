using HelpBot.Bot.Hosting;
using Microsoft.Extensions.Options;

namespace HelpBot.Bot.Accounts.Ldap;

/// <summary>Checks <c>Directory:Ldap</c> at start-up; each message names the key. The bind password is never echoed.</summary>
internal sealed class LdapOptionsValidator(IOptions<DirectoryOptions> directory) : IValidateOptions<LdapOptions>
{
    public ValidateOptionsResult Validate(string? name, LdapOptions options) =>
        DirectorySetup.IsLdap(directory.Value) ? Check(options) : ValidateOptionsResult.Success;

    /// <summary>The checks themselves, whichever provider is chosen.</summary>
    public static ValidateOptionsResult Check(LdapOptions o)
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(o.Host))
        {
            errors.Add("Directory:Ldap:Host is missing; set the LDAP server's host name (e.g. ldap.hms.harvard.edu).");
        }
        if (o.Port is < 0 or > 65535)
        {
            errors.Add(Invariant($"Directory:Ldap:Port is {o.Port}; use 1-65535, or 0 for the usual port (636 with UseSsl, 389 otherwise)."));
        }
        if (o.UseSsl && o.StartTls)
        {
            errors.Add("Directory:Ldap:UseSsl and Directory:Ldap:StartTls are both true; choose one (LDAPS or StartTLS).");
        }
        if (o.Flavor == LdapFlavor.ActiveDirectory && !o.UseSsl && !o.StartTls)
        {
            errors.Add("Directory:Ldap:Flavor is ActiveDirectory, which sets passwords only over TLS; set Directory:Ldap:UseSsl or Directory:Ldap:StartTls to true.");
        }
        if (!string.IsNullOrWhiteSpace(o.TrustedCaDirectory) && !System.IO.Directory.Exists(o.TrustedCaDirectory))
        {
            errors.Add($"Directory:Ldap:TrustedCaDirectory is {OptionsSetup.Quote(o.TrustedCaDirectory)}, which is not a folder; set a folder holding the CA certificate(s) (PEM) that signed the server's certificate, or leave it empty for the system's trust.");
        }
        if (!string.IsNullOrWhiteSpace(o.TrustedCaDirectory) && OperatingSystem.IsWindows())
        {
            errors.Add("Directory:Ldap:TrustedCaDirectory works with libldap (Linux, macOS) only; on Windows, add the CA to the machine's trusted root certificates and leave it empty.");
        }
        if (!string.IsNullOrWhiteSpace(o.TrustedCaDirectory) && !o.UseSsl && !o.StartTls)
        {
            errors.Add("Directory:Ldap:TrustedCaDirectory is set but neither Directory:Ldap:UseSsl nor Directory:Ldap:StartTls is true, so no certificate would be checked; turn one on.");
        }
        if (string.IsNullOrWhiteSpace(o.BindDn))
        {
            errors.Add("Directory:Ldap:BindDn is missing; set the DN of HelpBot's service account.");
        }
        if (string.IsNullOrEmpty(o.BindPassword))
        {
            errors.Add("Directory:Ldap:BindPassword is missing; set it in configuration or the environment (Directory__Ldap__BindPassword).");
        }
        if (string.IsNullOrWhiteSpace(o.BaseDn))
        {
            errors.Add("Directory:Ldap:BaseDn is missing; set where the people are (e.g. ou=people,dc=hms,dc=example).");
        }
        if (o.TimeoutSeconds is < 1 or > 120)
        {
            errors.Add(Invariant($"Directory:Ldap:TimeoutSeconds is {o.TimeoutSeconds}; use 1-120 (default 5)."));
        }
        if (o.OperationBudgetSeconds is < 1 or > 60)
        {
            errors.Add(Invariant($"Directory:Ldap:OperationBudgetSeconds is {o.OperationBudgetSeconds}; use 1-60 (default 8, well inside Bot Framework's 15 s reply window)."));
        }
        if (o.BindFailureCooldownSeconds is < 1 or > 86400)
        {
            errors.Add(Invariant($"Directory:Ldap:BindFailureCooldownSeconds is {o.BindFailureCooldownSeconds}; use 1-86400 (default 300)."));
        }
        if (o.ReadRetries is < 0 or > 5)
        {
            errors.Add(Invariant($"Directory:Ldap:ReadRetries is {o.ReadRetries}; use 0-5 (default 2)."));
        }
        if (!string.IsNullOrWhiteSpace(o.UserFilter) && !(o.UserFilter.Trim().StartsWith('(') && o.UserFilter.Trim().EndsWith(')')))
        {
            errors.Add($"Directory:Ldap:UserFilter is {OptionsSetup.Quote(o.UserFilter)}; use a parenthesised LDAP filter such as (objectClass=inetOrgPerson).");
        }
        foreach (var (key, value) in Attributes(o.Attributes))
        {
            if (!string.IsNullOrWhiteSpace(value) && value.Trim() != "-" && !IsAttributeName(value.Trim()))
            {
                errors.Add($"Directory:Ldap:Attributes:{key} is {OptionsSetup.Quote(value)}; use an attribute name (letters, digits, '-'), '-' for none, or leave it empty for the default.");
            }
        }
        var map = o.Attributes.Resolve(o.Flavor);
        if (string.IsNullOrWhiteSpace(map.Username))
        {
            errors.Add("Directory:Ldap:Attributes:Username cannot be '-': accounts are found by username.");
        }
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static string Invariant(FormattableString s) => FormattableString.Invariant(s);

    private static bool IsAttributeName(string value) =>
        value.Length > 0 && char.IsAsciiLetter(value[0]) && value.All(c => char.IsAsciiLetterOrDigit(c) || c == '-');

    private static IEnumerable<(string, string)> Attributes(LdapAttributeMap a) =>
    [
        (nameof(a.Username), a.Username), (nameof(a.DisplayName), a.DisplayName), (nameof(a.Email), a.Email),
        (nameof(a.AlternateEmail), a.AlternateEmail), (nameof(a.TextPhone), a.TextPhone), (nameof(a.Huid), a.Huid),
        (nameof(a.School), a.School), (nameof(a.Affiliation), a.Affiliation), (nameof(a.Departmental), a.Departmental),
        (nameof(a.TeamsObjectId), a.TeamsObjectId), (nameof(a.UserPrincipalName), a.UserPrincipalName), (nameof(a.DateOfBirth), a.DateOfBirth),
        (nameof(a.FamilyName), a.FamilyName), (nameof(a.Registration), a.Registration),
    ];
}
