namespace HelpBot.Bot.Accounts.Ldap;

/// <summary>Which kind of LDAP server holds the accounts: they keep lock state, password dates and passwords differently.</summary>
public enum LdapFlavor
{
    /// <summary>OpenLDAP with the ppolicy overlay: pwdAccountLockedTime, pwdChangedTime, the Password Modify extended operation.</summary>
    OpenLdap,

    /// <summary>Active Directory: lockoutTime, pwdLastSet with the domain's maxPwdAge, unicodePwd, userAccountControl.</summary>
    ActiveDirectory,
}

/// <summary>
/// Section <c>Directory:Ldap</c>, used when <c>Directory:Provider</c> is <c>Ldap</c>. <see cref="BindPassword"/> may come
/// from the environment (<c>Directory__Ldap__BindPassword</c>) and is never logged.
/// </summary>
public sealed class LdapOptions
{
    public const string Section = "Directory:Ldap";

    public LdapFlavor Flavor { get; set; } = LdapFlavor.OpenLdap;

    public string Host { get; set; } = "";

    /// <summary>0: the usual port (636 with <see cref="UseSsl"/>, 389 otherwise).</summary>
    public int Port { get; set; }

    /// <summary>LDAPS (TLS from the first byte).</summary>
    public bool UseSsl { get; set; }

    /// <summary>StartTLS on the plain port before binding.</summary>
    public bool StartTls { get; set; }

    /// <summary>
    /// A folder of PEM CA certificates that HelpBot trusts for this server's certificate instead of the system's
    /// (libldap's <c>TLS_CACERT</c>), e.g. a private CA. Debian's libldap (GnuTLS) reads every file in it; a libldap
    /// built with OpenSSL needs the hashed names <c>openssl rehash</c> makes. Empty: the system's trust.
    /// </summary>
    public string TrustedCaDirectory { get; set; } = "";

    /// <summary>The service account HelpBot binds as to search, unlock and set passwords.</summary>
    public string BindDn { get; set; } = "";

    public string BindPassword { get; set; } = "";

    /// <summary>Where the people are, e.g. <c>ou=people,dc=hms,dc=example</c>.</summary>
    public string BaseDn { get; set; } = "";

    /// <summary>Extra filter every person matches; empty: the flavour's default.</summary>
    public string UserFilter { get; set; } = "";

    public int TimeoutSeconds { get; set; } = 5;

    /// <summary>How many times a read is tried again when the server doesn't answer (writes never are).</summary>
    public int ReadRetries { get; set; } = 2;

    /// <summary>
    /// The most one directory call may take, retries included, so a hung server never holds a chat reply or the reset
    /// page past it (Bot Framework's reply window is 15 s). Never less than <see cref="TimeoutSeconds"/> + 1.
    /// </summary>
    public int OperationBudgetSeconds { get; set; } = 8;

    /// <summary>
    /// After the server refuses HelpBot's own bind (wrong password, locked or disabled service account), how long
    /// HelpBot stops binding before it tries once more, so a wrong password in the settings cannot lock the service
    /// account. The operator log says what was refused and when it recovers.
    /// </summary>
    public int BindFailureCooldownSeconds { get; set; } = 300;

    /// <summary>
    /// Active Directory: send the LDAP_SERVER_POLICY_HINTS control (1.2.840.113556.1.4.2239) with a password reset, so
    /// Windows Server 2012 R2 and later enforce password history on it as on a change by the person. Non-critical: a
    /// server that doesn't know it ignores it.
    /// </summary>
    public bool SendPolicyHints { get; set; } = true;

    /// <summary>Attribute names; an empty one takes the flavour's default (<see cref="LdapAttributeMap.For"/>).</summary>
    public LdapAttributeMap Attributes { get; set; } = new();

    public int EffectivePort => Port > 0 ? Port : UseSsl ? 636 : 389;

    public string EffectiveUserFilter => !string.IsNullOrWhiteSpace(UserFilter) ? UserFilter
        : Flavor == LdapFlavor.ActiveDirectory ? "(&(objectCategory=person)(objectClass=user))" : "(objectClass=inetOrgPerson)";
}

/// <summary>
/// Which attribute holds which fact. "-" (or empty where the flavour has no default) means "not kept in this directory".
/// </summary>
public sealed class LdapAttributeMap
{
    public string Username { get; set; } = "";
    public string DisplayName { get; set; } = "";
    public string Email { get; set; } = "";
    public string AlternateEmail { get; set; } = "";
    public string TextPhone { get; set; } = "";
    public string Huid { get; set; } = "";
    public string School { get; set; } = "";
    public string Affiliation { get; set; } = "";
    /// <summary>The attribute that marks a departmental (shared) account, and the value that does (<see cref="DepartmentalValue"/>).</summary>
    public string Departmental { get; set; } = "";
    public string DepartmentalValue { get; set; } = "";
    public string TeamsObjectId { get; set; } = "";
    public string UserPrincipalName { get; set; } = "";
    public string DateOfBirth { get; set; } = "";
    /// <summary>The family (last) name that eCommons registration checks (STEP 1).</summary>
    public string FamilyName { get; set; } = "";
    /// <summary>
    /// The attribute that marks a person who hasn't registered for eCommons yet, by holding <see cref="UnregisteredValue"/>;
    /// registering removes that value. "-": this directory doesn't track registration, and everyone counts as registered.
    /// </summary>
    public string Registration { get; set; } = "";
    public string UnregisteredValue { get; set; } = "";

    /// <summary>The map with every empty name filled from the flavour's defaults; "-" becomes null (not kept).</summary>
    public ResolvedAttributeMap Resolve(LdapFlavor flavor)
    {
        var d = For(flavor);
        return new ResolvedAttributeMap(
            Username: Pick(Username, d.Username)!,
            DisplayName: Pick(DisplayName, d.DisplayName)!,
            Email: Pick(Email, d.Email),
            AlternateEmail: Pick(AlternateEmail, d.AlternateEmail),
            TextPhone: Pick(TextPhone, d.TextPhone),
            Huid: Pick(Huid, d.Huid),
            School: Pick(School, d.School),
            Affiliation: Pick(Affiliation, d.Affiliation),
            Departmental: Pick(Departmental, d.Departmental),
            DepartmentalValue: Pick(DepartmentalValue, d.DepartmentalValue) ?? "departmental",
            TeamsObjectId: Pick(TeamsObjectId, d.TeamsObjectId),
            UserPrincipalName: Pick(UserPrincipalName, d.UserPrincipalName),
            DateOfBirth: Pick(DateOfBirth, d.DateOfBirth),
            FamilyName: Pick(FamilyName, d.FamilyName),
            Registration: Pick(Registration, d.Registration),
            UnregisteredValue: Pick(UnregisteredValue, d.UnregisteredValue) ?? "unregistered");
    }

    private static string? Pick(string configured, string fallback)
    {
        var value = string.IsNullOrWhiteSpace(configured) ? fallback : configured.Trim();
        return string.IsNullOrEmpty(value) || value == "-" ? null : value;
    }

    /// <summary>The defaults of each flavour (standard schema only).</summary>
    public static LdapAttributeMap For(LdapFlavor flavor) => flavor == LdapFlavor.ActiveDirectory
        ? new()
        {
            Username = "sAMAccountName", DisplayName = "displayName", Email = "mail", AlternateEmail = "otherMailbox",
            TextPhone = "mobile", Huid = "employeeID", School = "company", Affiliation = "extensionAttribute1",
            Departmental = "employeeType", DepartmentalValue = "departmental", TeamsObjectId = "-", UserPrincipalName = "userPrincipalName",
            DateOfBirth = "-", FamilyName = "sn", Registration = "extensionAttribute2", UnregisteredValue = "unregistered",
        }
        : new()
        {
            Username = "uid", DisplayName = "displayName", Email = "mail", AlternateEmail = "description",
            TextPhone = "mobile", Huid = "employeeNumber", School = "ou", Affiliation = "businessCategory",
            Departmental = "employeeType", DepartmentalValue = "departmental", TeamsObjectId = "-", UserPrincipalName = "-",
            DateOfBirth = "-", FamilyName = "sn", Registration = "employeeType", UnregisteredValue = "unregistered",
        };
}

/// <summary>The attribute names in use; null: the directory doesn't keep that fact.</summary>
public sealed record ResolvedAttributeMap(
    string Username, string DisplayName, string? Email, string? AlternateEmail, string? TextPhone, string? Huid,
    string? School, string? Affiliation, string? Departmental, string DepartmentalValue, string? TeamsObjectId,
    string? UserPrincipalName, string? DateOfBirth, string? FamilyName = null, string? Registration = null, string UnregisteredValue = "unregistered")
{
    /// <summary>Each mapped attribute with the name of its setting (Directory:Ldap:Attributes:Key).</summary>
    public IEnumerable<(string Key, string Attribute)> Mapped()
    {
        var all = new (string Key, string? Attribute)[]
        {
            (nameof(Username), Username), (nameof(DisplayName), DisplayName), (nameof(Email), Email), (nameof(AlternateEmail), AlternateEmail),
            (nameof(TextPhone), TextPhone), (nameof(Huid), Huid), (nameof(School), School), (nameof(Affiliation), Affiliation),
            (nameof(Departmental), Departmental), (nameof(TeamsObjectId), TeamsObjectId), (nameof(UserPrincipalName), UserPrincipalName),
            (nameof(DateOfBirth), DateOfBirth), (nameof(FamilyName), FamilyName), (nameof(Registration), Registration),
        };
        return all.Where(a => a.Attribute is not null).Select(a => (a.Key, a.Attribute!));
    }

    public IEnumerable<string> All() =>
        new[] { Username, DisplayName, Email, AlternateEmail, TextPhone, Huid, School, Affiliation, Departmental, TeamsObjectId, UserPrincipalName, DateOfBirth, FamilyName, Registration }
            .OfType<string>().Distinct(StringComparer.OrdinalIgnoreCase);
}
