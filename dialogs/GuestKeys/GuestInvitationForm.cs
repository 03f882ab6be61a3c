using System.Globalization;
using HelpBot.Dialogs.Accounts;

namespace HelpBot.Dialogs.GuestKeys;

/// <summary>
/// What the sponsor typed into the Invited User Request Form, as text (so a rejected form can be shown again exactly
/// as typed), and its checks: each field gets its own plain error. Nothing here says who the sponsor is (R7).
/// </summary>
public sealed record GuestInvitationForm
{
    public const int MaxNameLength = 60;
    public const int MaxOrganisationLength = 120;
    public const int MaxReasonLength = 500;

    public string FirstName { get; init; } = "";
    public string LastName { get; init; } = "";
    public string Email { get; init; } = "";
    public string Organisation { get; init; } = "";
    /// <summary>One of <see cref="GuestRole"/>'s names, as the card's choice values are.</summary>
    public string Role { get; init; } = "";
    public string Reason { get; init; } = "";
    /// <summary>yyyy-MM-dd, as Input.Date submits it.</summary>
    public string LastDay { get; init; } = "";

    /// <summary>Field name (this record's property) → what is wrong with it. Empty when the form can be accepted.</summary>
    public IReadOnlyDictionary<string, string> Validate(DateOnly today)
    {
        var errors = new Dictionary<string, string>(StringComparer.Ordinal);
        Name(errors, nameof(FirstName), FirstName, GuestKeyTexts.FirstNameMissing, GuestKeyTexts.FirstNameInvalid);
        Name(errors, nameof(LastName), LastName, GuestKeyTexts.LastNameMissing, GuestKeyTexts.LastNameInvalid);
        var email = Email.Trim();
        if (email.Length == 0)
        {
            errors[nameof(Email)] = GuestKeyTexts.EmailMissing;
        }
        else if (!PersonalDetails.IsEmailAddress(email))
        {
            errors[nameof(Email)] = GuestKeyTexts.EmailInvalid;
        }
        var organisation = Organisation.Trim();
        if (organisation.Length == 0)
        {
            errors[nameof(Organisation)] = GuestKeyTexts.OrganisationMissing;
        }
        else if (organisation.Length > MaxOrganisationLength || organisation.Any(char.IsControl))
        {
            errors[nameof(Organisation)] = GuestKeyTexts.OrganisationInvalid;
        }
        if (ParsedRole is null)
        {
            errors[nameof(Role)] = GuestKeyTexts.RoleMissing;
        }
        var reason = Reason.Trim();
        if (reason.Length == 0)
        {
            errors[nameof(Reason)] = GuestKeyTexts.ReasonMissing;
        }
        else if (reason.Length > MaxReasonLength)
        {
            errors[nameof(Reason)] = GuestKeyTexts.ReasonTooLong;
        }
        if (string.IsNullOrWhiteSpace(LastDay))
        {
            errors[nameof(LastDay)] = GuestKeyTexts.LastDayMissing;
        }
        else if (ParsedLastDay is not { } lastDay)
        {
            errors[nameof(LastDay)] = GuestKeyTexts.LastDayInvalid;
        }
        else if (GuestKeyTexts.LastDayProblem(lastDay, today) is { } problem)
        {
            errors[nameof(LastDay)] = problem;
        }
        return errors;
    }

    public GuestRole? ParsedRole => Enum.TryParse<GuestRole>(Role.Trim(), ignoreCase: false, out var role) && Enum.IsDefined(role) ? role : null;

    public DateOnly? ParsedLastDay =>
        DateOnly.TryParseExact(LastDay.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day) ? day : null;

    private static void Name(Dictionary<string, string> errors, string field, string value, string missing, string invalid)
    {
        var name = value.Trim();
        if (name.Length == 0)
        {
            errors[field] = missing;
        }
        else if (!PersonalDetails.IsPersonName(name, MaxNameLength))
        {
            errors[field] = invalid;
        }
    }
}
