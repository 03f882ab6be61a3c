using System.Text.RegularExpressions;

namespace HelpBot.Dialogs.Messaging;

/// <summary>
/// Removes secrets from text that is kept or shown to others (SECURITY.md S4, H2): six-digit SafeCodes, eight-digit
/// Harvard IDs and Social Security numbers (which HelpBot never asks for, but people type) become bullets. Used for
/// stored chat history and, later, for what agents see.
/// </summary>
public static partial class TranscriptRedaction
{
    public const string Code = "••••••";
    public const string Huid = "••••••••";
    public const string Ssn = "•••-••-••••";

    public static string Redact(string text)
    {
        var withoutSsns = SocialSecurityNumber().Replace(text, Ssn);
        var withoutHuids = EightDigits().Replace(withoutSsns, Huid);
        return SixDigits().Replace(withoutHuids, Code);
    }

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
}
