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
        var redacted = text.Replace('\u0001', ' ');
        if (TranscriptRedaction.HasDigit(redacted))
        {
            redacted = TicketNumber().Replace(redacted, m =>
            {
                tickets.Add(m.Value);
                return $"\u0001{tickets.Count - 1}\u0001";
            });
        }
        redacted = WithoutSecretWords(TranscriptRedaction.Redact(redacted));
        return tickets.Count == 0 ? redacted
            : Placeholder().Replace(redacted, m => tickets[int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)]);
    }

    /// <summary>
    /// Every word (a run of non-white-space, as <c>\S+</c>) that <see cref="LooksLikeASecret"/> replaced by
    /// <see cref="Secret"/>; the text itself when there is none. A scan, not a regex with a callback: it runs on every
    /// message the bot keeps for the desk, long answers included, and most have nothing to replace.
    /// </summary>
    private static string WithoutSecretWords(string text)
    {
        System.Text.StringBuilder? redacted = null;
        var copied = 0;
        var i = 0;
        while (i < text.Length)
        {
            if (char.IsWhiteSpace(text[i]))
            {
                i++;
                continue;
            }
            var start = i;
            while (i < text.Length && !char.IsWhiteSpace(text[i]))
            {
                i++;
            }
            if (LooksLikeASecret(text.AsSpan(start, i - start)))
            {
                redacted ??= new System.Text.StringBuilder(text.Length);
                redacted.Append(text, copied, start - copied).Append(Secret);
                copied = i;
            }
        }
        return redacted is null ? text : redacted.Append(text, copied, text.Length - copied).ToString();
    }

    private static bool LooksLikeASecret(ReadOnlySpan<char> word)
    {
        if (word.Length < 8 || word.Contains('•') || word.Contains('\u0001') || word.Contains('@') || word.Contains("://", StringComparison.Ordinal))
        {
            return false;
        }
        bool letters = false, digits = false, symbols = false;
        foreach (var c in word)
        {
            letters |= char.IsLetter(c);
            digits |= char.IsDigit(c);
            symbols |= !char.IsLetterOrDigit(c) && c is not ('.' or ',' or '\'' or '-' or '(' or ')' or '"' or '?' or '!' or ':' or ';');
        }
        return letters && (digits || symbols);
    }

    [GeneratedRegex(@"\bHD-\d{6}\b")]
    private static partial Regex TicketNumber();

    [GeneratedRegex("\u0001(\\d+)\u0001")]
    private static partial Regex Placeholder();
}
