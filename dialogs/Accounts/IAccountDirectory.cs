namespace HelpBot.Dialogs.Accounts;

/// <summary>
/// The account directory, as a port (docs/architecture.md, decision 7): the embedded LiteDB directory with the demo cast
/// by default, LDAP / Active Directory in production. Lookups are case-insensitive. Implementations throw
/// <see cref="DirectoryUnavailableException"/> when the directory does not answer, never anything that reveals internals.
/// </summary>
public interface IAccountDirectory
{
    /// <summary>By eCommons username or by e-mail address (the primary or the alternate one), case-insensitive.</summary>
    Task<Account?> FindAsync(string usernameOrEmail, CancellationToken cancellationToken = default);

    Task<Account?> FindByHuidAsync(string huid, CancellationToken cancellationToken = default);

    /// <summary>The account of a Teams user, by Entra object id or, failing that, by UPN.</summary>
    Task<Account?> FindByTeamsIdentityAsync(string? aadObjectId, string? userPrincipalName, CancellationToken cancellationToken = default);

    /// <summary>
    /// Whether <see cref="FindByTeamsIdentityAsync"/> can match a Teams user by the Entra object id alone. False (e.g.
    /// Active Directory with no attribute mapped to it): it needs the UPN, which callers then ask Teams' roster for.
    /// </summary>
    bool MatchesTeamsObjectId => true;

    /// <summary>Clears the lockout. Idempotent.</summary>
    Task UnlockAsync(string username, CancellationToken cancellationToken = default);

    /// <summary>Sets a new password (already checked against the policy), records the change time, and unlocks.</summary>
    Task SetPasswordAsync(string username, string newPassword, CancellationToken cancellationToken = default);

    /// <summary>Whether <paramref name="password"/> is the account's current password (an LDAP bind; tests and demos).</summary>
    Task<bool> CheckPasswordAsync(string username, string password, CancellationToken cancellationToken = default);

    /// <summary>
    /// What the directory itself requires of a new password for this account, beyond HelpBot's own rules; null when it
    /// adds nothing or cannot say. The reset page shows it and checks what it can before writing.
    /// </summary>
    Task<DirectoryPasswordPolicy?> PasswordPolicyAsync(string username, CancellationToken cancellationToken = default) => Task.FromResult<DirectoryPasswordPolicy?>(null);
}

/// <summary>What kind of account it is. Departmental (shared) accounts are never unlocked or reset by self-service (R9).</summary>
public enum AccountType
{
    Personal,
    Departmental,
    Guest,
}

/// <summary>The person's relationship to the schools, which decides e.g. who may sponsor a guest.</summary>
public enum Affiliation
{
    FullTimeStaff,
    PartTimeStaff,
    OnQuadFaculty,
    OffQuadFaculty,
    Student,
    AffiliateStaff,
    Guest,
    Department,
}

/// <summary>An account as HelpBot sees it. Never holds a password.</summary>
public sealed record Account
{
    public required string Username { get; init; }

    public required string DisplayName { get; init; }

    /// <summary>The family (last) name, as registration asks for it (STEP 1). Null when the directory doesn't keep it.</summary>
    public string? FamilyName { get; init; }

    /// <summary>HMS, HSDM, HSPH, or the affiliate's organisation.</summary>
    public required string School { get; init; }

    public required Affiliation Affiliation { get; init; }

    public AccountType Type { get; init; } = AccountType.Personal;

    /// <summary>The primary (school) e-mail address, if any.</summary>
    public string? Email { get; init; }

    /// <summary>The text-enabled phone for SafeCode, E.164 (e.g. +16175550101).</summary>
    public string? TextPhone { get; init; }

    /// <summary>The alternate, non-HMS e-mail address for SafeCode.</summary>
    public string? AlternateEmail { get; init; }

    public string? Huid { get; init; }

    public string? TeamsAadObjectId { get; init; }

    public string? UserPrincipalName { get; init; }

    public bool IsLocked { get; init; }

    public bool IsDisabled { get; init; }

    /// <summary>False until the person has registered for eCommons.</summary>
    public bool IsRegistered { get; init; } = true;

    public DateTimeOffset? PasswordChangedAt { get; init; }

    public DateTimeOffset? PasswordExpiresAt { get; init; }

    public DateOnly? DateOfBirth { get; init; }

    public bool IsDepartmental => Type == AccountType.Departmental;

    public bool HasSafeCodeDestination => TextPhone is not null || AlternateEmail is not null;

    public bool PasswordExpired(DateTimeOffset now) => PasswordExpiresAt is { } expires && expires <= now;
}

/// <summary>The directory did not answer (LDAP down, timeout). The user is told kindly; operators get the details in the log.</summary>
public sealed class DirectoryUnavailableException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// The directory refused a new password under its own policy (too short, not complex enough, used before, contains the
/// name). Nothing was changed; the person may try another password. <see cref="Policy"/> is what the directory requires
/// of this account, when it could be read.
/// </summary>
public sealed class PasswordRefusedException(string message, DirectoryPasswordPolicy? policy, Exception? inner = null) : Exception(message, inner)
{
    public DirectoryPasswordPolicy? Policy { get; } = policy;
}

/// <summary>
/// What the directory requires of a new password for one account: the domain's policy, or the fine-grained one that
/// applies to the person. <see cref="Complexity"/>: Active Directory's rule (three of: capitals, small letters, digits,
/// symbols; not the username or full name). <see cref="HistoryLength"/>: how many earlier passwords may not be reused.
/// </summary>
public sealed record DirectoryPasswordPolicy(int MinLength, bool Complexity, int HistoryLength)
{
    /// <summary>
    /// Whether <paramref name="password"/> fails what can be checked without the directory: the length, and with
    /// complexity, characters of at least three kinds (capitals, small letters, digits, anything else). Never stricter
    /// than the directory, which still has the last word (history, the name).
    /// </summary>
    public bool RefusesForSure(string password)
    {
        ArgumentNullException.ThrowIfNull(password);
        if (password.Length < MinLength)
        {
            return true;
        }
        if (!Complexity)
        {
            return false;
        }
        var kinds = (password.Any(char.IsUpper) ? 1 : 0) + (password.Any(char.IsLower) ? 1 : 0) + (password.Any(char.IsDigit) ? 1 : 0)
            + (password.Any(c => !char.IsUpper(c) && !char.IsLower(c) && !char.IsDigit(c)) ? 1 : 0);
        return kinds < 3;
    }
}
