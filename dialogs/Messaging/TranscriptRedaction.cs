using System.Text.RegularExpressions;

namespace HelpBot.Dialogs.Messaging;

/// <summary>
/// Removes secrets from text that is kept or shown to others (SECURITY.md S4, H2): six-digit SafeCodes and eight-digit
/// Harvard IDs become bullets, and so do guest keys (<c>K7QM-4TXP-9HRW-C2NB</c>, also typed in lower case or without
/// dashes). Used for stored chat history and, later, for what agents see.
/// </summary>
public static partial class TranscriptRedaction
{
    public const string Code = "••••••";
    public const string Huid = "••••••••";
    public const string GuestKey = "••••-••••-••••-••••";

    public static string Redact(string text)
    {
        var withoutKeys = TypedGuestKey().Replace(text, GuestKey);
        var withoutHuids = EightDigits().Replace(withoutKeys, Huid);
        return SixDigits().Replace(withoutHuids, Code);
    }

    /// <summary>
    /// Guest keys as HelpBot writes them (upper case, dashes), anywhere in a serialized activity: the card that shows
    /// a sponsor their key must not be kept in the chat history.
    /// </summary>
    public static string RedactGuestKeys(string text) => IssuedGuestKey().Replace(text, GuestKey);

    // "123456", "123 456", "123-456", not part of a longer number.
    [GeneratedRegex(@"(?<!\d)\d{3}[ \-]?\d{3}(?!\d)")]
    private static partial Regex SixDigits();

    [GeneratedRegex(@"(?<!\d)\d{8}(?!\d)")]
    private static partial Regex EightDigits();

    // The alphabet of GuestKeyFormat: 2-9 and A-Z without I, L and O.
    [GeneratedRegex(@"(?<![A-Za-z0-9])[2-9A-HJKMNP-Z]{4}[ \-]?[2-9A-HJKMNP-Z]{4}[ \-]?[2-9A-HJKMNP-Z]{4}[ \-]?[2-9A-HJKMNP-Z]{4}(?![A-Za-z0-9])", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex TypedGuestKey();

    [GeneratedRegex(@"(?<![A-Za-z0-9\-])[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}(?![A-Za-z0-9\-])", RegexOptions.CultureInvariant)]
    private static partial Regex IssuedGuestKey();
}
