using System.Text.RegularExpressions;

namespace HelpBot.Dialogs.Messaging;

/// <summary>
/// Removes secrets from text that is kept or shown to others (SECURITY.md S4, H2): six-digit SafeCodes, eight-digit
/// Harvard IDs, Social Security numbers (which HelpBot never asks for, but people type) and guest keys
/// (<c>K7QM-4TXP-9HRW-C2NB</c>, also typed in lower case or without dashes) become bullets. Used for stored chat
/// history and for what agents see.
/// </summary>
public static partial class TranscriptRedaction
{
    public const string Code = "••••••";
    public const string Huid = "••••••••";
    public const string Ssn = "•••-••-••••";
    public const string GuestKey = "••••-••••-••••-••••";

    public static string Redact(string text)
    {
        var withoutKeys = TypedGuestKey().Replace(text, GuestKey);
        var withoutSsns = SocialSecurityNumber().Replace(withoutKeys, Ssn);
        var withoutHuids = EightDigits().Replace(withoutSsns, Huid);
        return SixDigits().Replace(withoutHuids, Code);
    }

    /// <summary>
    /// Guest keys as HelpBot writes them (upper case, dashes), anywhere in a serialized activity: the card that shows
    /// a sponsor their key must not be kept in the chat history.
    /// </summary>
    public static string RedactGuestKeys(string text) => IssuedGuestKey().Replace(text, GuestKey);

    // "123456", "123 456", "123-456", not part of a longer number. A phone number such as the Service Desk's
    // 617-432-2000 is not a code: its first six digits were bulleted ("••••••-2000") in what agents read.
    [GeneratedRegex(@"(?<!\d)(?:\d{6}|(?<!\d[\-.])\d{3}[ \-]\d{3}(?![\-.]\d{4}(?!\d)))(?!\d)")]
    private static partial Regex SixDigits();

    [GeneratedRegex(@"(?<!\d)\d{8}(?!\d)")]
    private static partial Regex EightDigits();

    /// <summary>"123-45-6789", "123 45 6789", "123456789": nine digits, not part of a longer number.</summary>
    public static bool ContainsSocialSecurityNumber(string? text) => text is not null && SocialSecurityNumber().IsMatch(text);

    [GeneratedRegex(@"(?<!\d)\d{3}[ \-.]?\d{2}[ \-.]?\d{4}(?!\d)")]
    private static partial Regex SocialSecurityNumber();

    // The alphabet of GuestKeyFormat: 2-9 and A-Z without I, L and O.
    [GeneratedRegex(@"(?<![A-Za-z0-9])[2-9A-HJKMNP-Z]{4}[ \-]?[2-9A-HJKMNP-Z]{4}[ \-]?[2-9A-HJKMNP-Z]{4}[ \-]?[2-9A-HJKMNP-Z]{4}(?![A-Za-z0-9])", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex TypedGuestKey();

    [GeneratedRegex(@"(?<![A-Za-z0-9\-])[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}(?![A-Za-z0-9\-])", RegexOptions.CultureInvariant)]
    private static partial Regex IssuedGuestKey();
}
