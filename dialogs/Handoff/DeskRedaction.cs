using System.Text.RegularExpressions;
using HelpBot.Dialogs.Messaging;

namespace HelpBot.Dialogs.Handoff;

/// <summary>
/// What is removed from everything the desk receives or the escalation stores (SECURITY.md H2, S4): SafeCodes and
/// HUIDs (<see cref="TranscriptRedaction"/>), the word after "password" / "passcode" / "key", and anything that looks
/// like a password or a guest key (one word of 8+ characters mixing letters with digits or symbols). Over-redacting a
/// ticket number costs the agent little; one leaked password costs the user their account.
/// </summary>
public static partial class DeskRedaction
{
    public const string Secret = "••••••••";

    public static string Redact(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }
        var redacted = TranscriptRedaction.Redact(text);
        redacted = AfterSecretWord().Replace(redacted, m => m.Groups["lead"].Value + Secret);
        return Word().Replace(redacted, m => LooksLikeASecret(m.Value) ? Secret : m.Value);
    }

    /// <summary>Our own ticket numbers stay readable: the agent needs them.</summary>
    private static bool LooksLikeASecret(string word)
    {
        if (word.Length < 8 || TicketNumber().IsMatch(word) || word.Contains('@', StringComparison.Ordinal) || word.Contains("://", StringComparison.Ordinal))
        {
            return false;
        }
        var letters = word.Any(char.IsLetter);
        var digits = word.Any(char.IsDigit);
        var symbols = word.Any(c => !char.IsLetterOrDigit(c) && c is not ('.' or ',' or '\'' or '-' or '(' or ')' or '"' or '?' or '!' or ':' or ';'));
        return letters && (digits || symbols);
    }

    // "password is hunter2", "my passcode: abc", "guest key is ABCD", "pw=…": the next word, unless it describes the
    // password rather than being one ("my password is expired").
    [GeneratedRegex(@"(?<lead>\b(?:pass\s?words?|passcodes?|pwd|pw|keys?|pins?|codes?)\b\s*(?:is|was|=|:)\s*)(?!••)(?!(?:not|expired|locked|wrong|incorrect|invalid|correct|right|too|still|the|my|a|an|no|it|about|going|blocked|working|fine|ok|okay|new|old|changed|reset|already|now|in|on|from|for|sent)\b)\S+", RegexOptions.IgnoreCase)]
    private static partial Regex AfterSecretWord();

    [GeneratedRegex(@"\S+")]
    private static partial Regex Word();

    [GeneratedRegex(@"^HD-\d{6}[.,!?]?$")]
    private static partial Regex TicketNumber();
}
