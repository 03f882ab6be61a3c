using HelpBot.Dialogs.Accounts;
using LiteDB;

namespace HelpBot.Bot.Accounts;

/// <summary>One account as the embedded directory stores it: the <see cref="Account"/> facts, lower-cased lookup keys, and the password hash.</summary>
internal sealed class AccountDocument
{
    /// <summary>The username, lower-cased: usernames are unique and case-insensitive.</summary>
    [BsonId]
    public string Id { get; set; } = "";

    public string Username { get; set; } = "";
    public string DisplayName { get; set; } = "";
    public string? FamilyName { get; set; }
    public string School { get; set; } = "";
    public Affiliation Affiliation { get; set; }
    public AccountType Type { get; set; }
    public string? Email { get; set; }
    public string? TextPhone { get; set; }
    public string? AlternateEmail { get; set; }
    public string? Huid { get; set; }
    public string? TeamsAadObjectId { get; set; }
    public string? UserPrincipalName { get; set; }
    public bool IsLocked { get; set; }
    public bool IsDisabled { get; set; }
    public bool IsRegistered { get; set; } = true;
    public DateTime? PasswordChangedAt { get; set; }
    public DateTime? PasswordExpiresAt { get; set; }
    public DateTime? DateOfBirth { get; set; }
    public string? PasswordHash { get; set; }
    /// <summary>A sponsored guest's last day of access (EmbeddedAccountDirectory.Guests.cs); null for everyone else.</summary>
    public DateTime? AccessEndsOn { get; set; }

    // Lower-cased copies for indexed, case-insensitive lookups.
    public string? EmailKey { get; set; }
    public string? AlternateEmailKey { get; set; }
    public string? UpnKey { get; set; }
    public string? AadObjectIdKey { get; set; }

    public void RefreshKeys()
    {
        Id = Key(Username)!;
        EmailKey = Key(Email);
        AlternateEmailKey = Key(AlternateEmail);
        UpnKey = Key(UserPrincipalName);
        AadObjectIdKey = Key(TeamsAadObjectId);
    }

    public static string? Key(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim().ToLowerInvariant();

    public Account ToAccount() => new()
    {
        Username = Username,
        DisplayName = DisplayName,
        FamilyName = FamilyName,
        School = School,
        Affiliation = Affiliation,
        Type = Type,
        Email = Email,
        TextPhone = TextPhone,
        AlternateEmail = AlternateEmail,
        Huid = Huid,
        TeamsAadObjectId = TeamsAadObjectId,
        UserPrincipalName = UserPrincipalName,
        IsLocked = IsLocked,
        IsDisabled = IsDisabled,
        IsRegistered = IsRegistered,
        PasswordChangedAt = Utc(PasswordChangedAt),
        PasswordExpiresAt = Utc(PasswordExpiresAt),
        DateOfBirth = DateOfBirth is { } dob ? DateOnly.FromDateTime(dob) : null,
    };

    private static DateTimeOffset? Utc(DateTime? value) =>
        value is { } v ? new DateTimeOffset(DateTime.SpecifyKind(v, DateTimeKind.Utc)) : null;
}
