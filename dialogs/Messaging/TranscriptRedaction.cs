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

    // "123456", "123 456", "123-456", not part of a longer number.
    [GeneratedRegex(@"(?<!\d)\d{3}[ \-]?\d{3}(?!\d)")]
    private static partial Regex SixDigits();

    [GeneratedRegex(@"(?<!\d)\d{8}(?!\d)")]
    private static partial Regex EightDigits();
}
