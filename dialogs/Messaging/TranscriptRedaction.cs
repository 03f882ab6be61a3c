using System.Text.RegularExpressions;

namespace HelpBot.Dialogs.Messaging;

/// <summary>
/// Removes secrets from text that is kept or shown to others (SECURITY.md S4, H2): six-digit SafeCodes and eight-digit
/// Harvard IDs become bullets. Used for stored chat history and, later, for what agents see.
/// </summary>
public static partial class TranscriptRedaction
{
    public const string Code = "••••••";
    public const string Huid = "••••••••";

    public static string Redact(string text)
    {
        var withoutHuids = EightDigits().Replace(text, Huid);
        return SixDigits().Replace(withoutHuids, Code);
    }

    // "123456", "123 456", "123-456", not part of a longer number. A phone number such as the Service Desk's
    // 617-432-2000 is not a code: its first six digits were bulleted ("••••••-2000") in what agents read.
    [GeneratedRegex(@"(?<!\d)(?:\d{6}|(?<!\d[\-.])\d{3}[ \-]\d{3}(?![\-.]\d{4}(?!\d)))(?!\d)")]
    private static partial Regex SixDigits();

    [GeneratedRegex(@"(?<!\d)\d{8}(?!\d)")]
    private static partial Regex EightDigits();
}
