using System.DirectoryServices.Protocols;
using System.Globalization;
using System.Text;
using HelpBot.Dialogs.Accounts;

namespace HelpBot.Bot.Accounts.Ldap;

/// <summary>
/// What differs between OpenLDAP (ppolicy) and Active Directory: where lock state, password dates and the disabled flag
/// live, and how an unlock and a password change are written. The mapping of everything else is shared.
/// </summary>
public abstract class LdapFlavorLogic
{
    public static LdapFlavorLogic For(LdapFlavor flavor, bool sendPolicyHints = true) =>
        flavor == LdapFlavor.ActiveDirectory ? new ActiveDirectoryLogic { SendPolicyHints = sendPolicyHints } : new OpenLdapPpolicyLogic();

    /// <summary>Operational or state attributes to request explicitly (operational ones are not returned otherwise).</summary>
    public abstract IReadOnlyList<string> StateAttributes { get; }

    public abstract bool IsLocked(LdapEntry entry);

    public abstract bool IsDisabled(LdapEntry entry);

    public abstract DateTimeOffset? PasswordChangedAt(LdapEntry entry);

    public abstract DirectoryRequest UnlockRequest(string dn);

    public abstract DirectoryRequest SetPasswordRequest(string dn, string newPassword);

    /// <summary>Whether the result of <see cref="UnlockRequest"/> "attribute not there" means "already unlocked".</summary>
    public virtual bool IsAlreadyUnlocked(ResultCode code) => code == ResultCode.NoSuchAttribute;

    /// <summary>The account as HelpBot sees it.</summary>
    public Account ToAccount(LdapEntry e, ResolvedAttributeMap map, TimeSpan? maxPasswordAge)
    {
        var username = e.First(map.Username) ?? throw new InvalidOperationException($"The entry {e.Dn} has no {map.Username}.");
        var departmental = map.Departmental is not null
            && e.All(map.Departmental).Any(v => string.Equals(v.Trim(), map.DepartmentalValue, StringComparison.OrdinalIgnoreCase));
        var changed = PasswordChangedAt(e);
        return new Account
        {
            Username = username,
            DisplayName = e.First(map.DisplayName) ?? e.First("cn") ?? username,
            FamilyName = e.First(map.FamilyName),
            IsRegistered = map.Registration is null
                || !e.All(map.Registration).Any(v => string.Equals(v.Trim(), map.UnregisteredValue, StringComparison.OrdinalIgnoreCase)),
            School = e.First(map.School) ?? "",
            Affiliation = departmental ? Dialogs.Accounts.Affiliation.Department : ParseAffiliation(e.All(map.Affiliation)),
            Type = departmental ? AccountType.Departmental : AccountType.Personal,
            Email = e.First(map.Email),
            AlternateEmail = AlternateEmail(e.First(map.AlternateEmail)),
            TextPhone = e.First(map.TextPhone),
            Huid = e.First(map.Huid),
            TeamsAadObjectId = e.First(map.TeamsObjectId),
            UserPrincipalName = e.First(map.UserPrincipalName),
            IsLocked = IsLocked(e),
            IsDisabled = IsDisabled(e),
            PasswordChangedAt = changed,
            PasswordExpiresAt = PasswordExpiresAt(e, changed, maxPasswordAge),
            DateOfBirth = DateOnly.TryParseExact(e.First(map.DateOfBirth), ["yyyy-MM-dd", "yyyyMMdd"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var dob) ? dob : null,
        };
    }

    /// <summary>When the password expires: by default when it was changed plus the maximum age; null when it never does.</summary>
    public virtual DateTimeOffset? PasswordExpiresAt(LdapEntry entry, DateTimeOffset? changed, TimeSpan? maxPasswordAge) =>
        changed is { } c && maxPasswordAge is { } age ? c + age : null;

    /// <summary>The first value that names an <see cref="Affiliation"/>; none: Guest, the one that may do least.</summary>
    public static Affiliation ParseAffiliation(IEnumerable<string> values)
    {
        foreach (var value in values)
        {
            var name = value.Replace("-", "", StringComparison.Ordinal).Replace(" ", "", StringComparison.Ordinal).Replace("_", "", StringComparison.Ordinal);
            if (Enum.TryParse<Affiliation>(name, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed) && !int.TryParse(name, CultureInfo.InvariantCulture, out _))
            {
                return parsed;
            }
        }
        return Dialogs.Accounts.Affiliation.Guest;
    }

    /// <summary>AD's otherMailbox may hold "smtp:address"; only something that looks like an e-mail address counts.</summary>
    private static string? AlternateEmail(string? value)
    {
        if (value is null)
        {
            return null;
        }
        var colon = value.IndexOf(':', StringComparison.Ordinal);
        var address = (colon >= 0 && colon < value.IndexOf('@', StringComparison.Ordinal) ? value[(colon + 1)..] : value).Trim();
        return address.Contains('@', StringComparison.Ordinal) && !address.Contains(' ', StringComparison.Ordinal) ? address : null;
    }
}

/// <summary>OpenLDAP with the ppolicy overlay.</summary>
public sealed class OpenLdapPpolicyLogic : LdapFlavorLogic
{
    public const string LockedTime = "pwdAccountLockedTime";
    public const string ChangedTime = "pwdChangedTime";
    public const string PolicySubentry = "pwdPolicySubentry";
    public const string PasswordModifyOid = "1.3.6.1.4.1.4203.1.11.1";

    /// <summary>ppolicy's "locked by an administrator until unlocked by one": the account is disabled, not just locked out.</summary>
    private const string PermanentLock = "000001010000Z";

    public override IReadOnlyList<string> StateAttributes { get; } = [LockedTime, ChangedTime, "createTimestamp", PolicySubentry];

    public override bool IsLocked(LdapEntry entry) => entry.Has(LockedTime);

    public override bool IsDisabled(LdapEntry entry) => entry.First(LockedTime) == PermanentLock;

    /// <summary>pwdChangedTime, or when the entry was created if the password was loaded with it.</summary>
    public override DateTimeOffset? PasswordChangedAt(LdapEntry entry) =>
        LdapEncoding.ParseGeneralizedTime(entry.First(ChangedTime)) ?? LdapEncoding.ParseGeneralizedTime(entry.First("createTimestamp"));

    public override DirectoryRequest UnlockRequest(string dn) =>
        new ModifyRequest(dn, DirectoryAttributeOperation.Delete, LockedTime);

    /// <summary>The Password Modify extended operation: the server hashes, ppolicy records pwdChangedTime and clears the lock.</summary>
    public override DirectoryRequest SetPasswordRequest(string dn, string newPassword) =>
        new ExtendedRequest(PasswordModifyOid, LdapEncoding.PasswordModifyRequest(dn, newPassword));
}

/// <summary>Active Directory (unit-tested on its attribute logic only).</summary>
public sealed class ActiveDirectoryLogic : LdapFlavorLogic
{
    private const int AccountDisable = 0x2;
    private const int Lockout = 0x10;

    public const string ExpiryComputed = "msDS-UserPasswordExpiryTimeComputed";

    /// <summary>LDAP_SERVER_POLICY_HINTS: enforce password history on an administrative reset (Windows Server 2012 R2+).</summary>
    public const string PolicyHintsOid = "1.2.840.113556.1.4.2239";

    /// <summary>The control's value: SEQUENCE { Flags INTEGER 1 }.</summary>
    private static readonly byte[] PolicyHintsValue = [0x30, 0x03, 0x02, 0x01, 0x01];

    private const int DontExpirePassword = 0x10000;

    public override IReadOnlyList<string> StateAttributes { get; } =
        ["lockoutTime", "pwdLastSet", "userAccountControl", "msDS-User-Account-Control-Computed", ExpiryComputed];

    /// <summary>Whether <see cref="SetPasswordRequest"/> carries the policy-hints control.</summary>
    public bool SendPolicyHints { get; init; } = true;

    /// <summary>
    /// AD's own computed expiry, which honours fine-grained password policies and "password never expires"
    /// (Int64.MaxValue: never; 0: must change now). Only without it, pwdLastSet plus the domain's maxPwdAge.
    /// </summary>
    public override DateTimeOffset? PasswordExpiresAt(LdapEntry entry, DateTimeOffset? changed, TimeSpan? maxPasswordAge)
    {
        if (long.TryParse(entry.First(ExpiryComputed), NumberStyles.Integer, CultureInfo.InvariantCulture, out var ticks))
        {
            return ticks switch
            {
                long.MaxValue => null,
                <= 0 => DateTimeOffset.FromFileTime(0).ToUniversalTime(),
                _ => DateTimeOffset.FromFileTime(ticks).ToUniversalTime(),
            };
        }
        if (int.TryParse(entry.First("userAccountControl"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var flags) && (flags & DontExpirePassword) != 0)
        {
            return null;
        }
        return base.PasswordExpiresAt(entry, changed, maxPasswordAge);
    }

    /// <summary>The computed flag knows about an elapsed lockout duration; lockoutTime alone is the fallback.</summary>
    public override bool IsLocked(LdapEntry entry) =>
        int.TryParse(entry.First("msDS-User-Account-Control-Computed"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var computed)
            ? (computed & Lockout) != 0
            : LdapEncoding.ParseFileTime(entry.First("lockoutTime")) is not null;

    public override bool IsDisabled(LdapEntry entry) =>
        int.TryParse(entry.First("userAccountControl"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var flags) && (flags & AccountDisable) != 0;

    /// <summary>pwdLastSet; 0 means "must change at next logon", which reads as no date.</summary>
    public override DateTimeOffset? PasswordChangedAt(LdapEntry entry) => LdapEncoding.ParseFileTime(entry.First("pwdLastSet"));

    public override DirectoryRequest UnlockRequest(string dn) =>
        new ModifyRequest(dn, DirectoryAttributeOperation.Replace, "lockoutTime", "0");

    /// <summary>unicodePwd (needs LDAPS or StartTLS) and lockoutTime in one modify: set and unlocked together, or neither.</summary>
    public override DirectoryRequest SetPasswordRequest(string dn, string newPassword)
    {
        var request = new ModifyRequest(dn, DirectoryAttributeOperation.Replace, "unicodePwd", Encoding.Unicode.GetBytes($"\"{newPassword}\""));
        var unlock = new DirectoryAttributeModification { Name = "lockoutTime", Operation = DirectoryAttributeOperation.Replace };
        unlock.Add("0");
        request.Modifications.Add(unlock);
        if (SendPolicyHints)
        {
            request.Controls.Add(new DirectoryControl(PolicyHintsOid, PolicyHintsValue, isCritical: false, serverSide: true));
        }
        return request;
    }

    public override bool IsAlreadyUnlocked(ResultCode code) => false;

    /// <summary>The domain's maxPwdAge (negative 100 ns intervals); null when passwords never expire.</summary>
    public static TimeSpan? ParseMaxPasswordAge(string? value) =>
        long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var ticks) && ticks != 0 && ticks != long.MinValue
            ? TimeSpan.FromTicks(Math.Abs(ticks))
            : null;
}
