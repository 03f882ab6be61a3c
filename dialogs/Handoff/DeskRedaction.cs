using System.Text.RegularExpressions;
using HelpBot.Dialogs.Messaging;

namespace HelpBot.Dialogs.Handoff;

/// <summary>
/// What is removed from everything the desk receives or the escalation stores (docs/security.md, H2, S4): SafeCodes, HUIDs
/// and the word after "password" / "passcode" / "key" (<see cref="TranscriptRedaction"/>), and anything that looks
/// like a password or a guest key (one word of 8+ characters mixing letters with digits or symbols). Over-redacting a
/// ticket number costs the agent little; one leaked password costs the user their account.
/// </summary>
public static partial class DeskRedaction
{
    public const string Secret = TranscriptRedaction.Password;

    public static string Redact(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }
        // Our own ticket numbers stay readable (their six digits would pass for a SafeCode): the agent needs them.
        var tickets = new List<string>();
        var redacted = TicketNumber().Replace(text.Replace('\u0001', ' '), m =>
        {
            tickets.Add(m.Value);
            return $"\u0001{tickets.Count - 1}\u0001";
        });
        redacted = TranscriptRedaction.Redact(redacted);
        redacted = Word().Replace(redacted, m => LooksLikeASecret(m.Value) ? Secret : m.Value);
        return Placeholder().Replace(redacted, m => tickets[int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)]);
    }

    private static bool LooksLikeASecret(string word)
    {
        if (word.Length < 8 || word.Contains('•', StringComparison.Ordinal) || word.Contains('\u0001', StringComparison.Ordinal)
            || word.Contains('@', StringComparison.Ordinal) || word.Contains("://", StringComparison.Ordinal))
        {
            return false;
        }
        var letters = word.Any(char.IsLetter);
        var digits = word.Any(char.IsDigit);
        var symbols = word.Any(c => !char.IsLetterOrDigit(c) && c is not ('.' or ',' or '\'' or '-' or '(' or ')' or '"' or '?' or '!' or ':' or ';'));
        return letters && (digits || symbols);
    }

    [GeneratedRegex(@"\S+")]
    private static partial Regex Word();

    [GeneratedRegex(@"\bHD-\d{6}\b")]
    private static partial Regex TicketNumber();

    [GeneratedRegex("\u0001(\\d+)\u0001")]
    private static partial Regex Placeholder();
}
