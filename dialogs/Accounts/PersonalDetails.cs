using System.Globalization;
using System.Net.Mail;

namespace HelpBot.Dialogs.Accounts;

/// <summary>
/// What the flows accept as a person's name or an e-mail address, in one place, so the guest form, guest registration,
/// eCommons registration and profile updates all say yes and no to the same input.
/// </summary>
public static class PersonalDetails
{
    /// <summary>The longest name (first, last or family) any flow accepts.</summary>
    public const int MaxNameLength = 60;

    /// <summary>Letters (accents included, also as combining marks), spaces, hyphens, apostrophes and dots; at least one letter.</summary>
    public static bool IsPersonName(string? value, int maxLength = MaxNameLength)
    {
        var text = value?.Trim() ?? string.Empty;
        return text.Length > 0 && text.Length <= maxLength && text.Any(char.IsLetter)
            && text.All(c => char.IsLetter(c) || c is ' ' or '-' or '\'' or '\u2019' or '.'
                || CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark);
    }

    /// <summary>The one e-mail address in a sentence ("new one is tom@example.org"); null when there is none, or several.</summary>
    public static string? EmailAddressIn(string? text) =>
        IdentifierText.Email().Matches(text ?? string.Empty) is { Count: 1 } found && IsEmailAddress(found[0].Value) ? found[0].Value : null;

    /// <summary>One plain address (name@domain.tld) of at most 254 characters, surrounding spaces ignored.</summary>
    public static bool IsEmailAddress(string? value)
    {
        var text = value?.Trim() ?? string.Empty;
        if (text.Length is < 6 or > 254 || text.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)) || text.Count(c => c == '@') != 1)
        {
            return false;
        }
        var domain = text[(text.IndexOf('@', StringComparison.Ordinal) + 1)..];
        return MailAddress.TryCreate(text, out var parsed) && parsed.Address == text && domain.Contains('.', StringComparison.Ordinal)
            && !domain.StartsWith('.') && !domain.EndsWith('.');
    }
}
