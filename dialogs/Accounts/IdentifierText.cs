using System.Text.RegularExpressions;

namespace HelpBot.Dialogs.Accounts;

/// <summary>
/// The username or e-mail address in what someone typed when asked for it: "jdoe", "it's jdoe", "my username is
/// jdoe.", "username jdoe@hms.harvard.edu", "jdoe is my login". Null when there is none to be found.
/// </summary>
public static partial class IdentifierText
{
    public static string? Find(string? said)
    {
        var text = (said ?? string.Empty).Trim().Replace('’', '\'').Replace('‘', '\'');
        if (text.Length is 0 or > 200 || text.Any(char.IsControl))
        {
            return null;
        }
        if (Email().Match(text) is { Success: true } email)
        {
            return email.Value;
        }
        var words = text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        if (words.Length == 1)
        {
            return Clean(words[0]);
        }
        if (After().Match(text) is { Success: true } after)
        {
            return Clean(after.Groups["id"].Value);
        }
        if (Before().Match(text) is { Success: true } before)
        {
            return Clean(before.Groups["id"].Value);
        }
        return null;
    }

    private static string? Clean(string word)
    {
        var id = word.Trim().Trim('"', '\'', '“', '”', '‘', '’', '(', ')', '<', '>').TrimEnd('.', ',', '!', '?', ';', ':');
        return id.Length is > 0 and <= 100 && IdChars().IsMatch(id) && !NotAnId.Contains(id) ? id : null;
    }

    // Words that follow "it's" or "is" but are not usernames ("it's locked", "is that right").
    private static readonly HashSet<string> NotAnId = new(StringComparer.OrdinalIgnoreCase)
    {
        "locked", "not", "the", "a", "my", "that", "this", "it", "is", "me", "same", "fine", "ok", "okay", "right", "wrong",
        "expired", "blocked", "disabled", "what", "why", "how", "no", "yes",
    };

    [GeneratedRegex(@"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")]
    private static partial Regex Email();

    // "... username is jdoe", "it's jdoe", "user name: jdoe", "login jdoe", "ID is jdoe", "I'm jdoe".
    [GeneratedRegex(@"(?:\b(?:user ?name|login|ecommons (?:id|username)|account(?: name)?|id)\b(?:\s+is)?|\b(?:it'?s|it\s+is|i'?m|i\s+am|mine\s+is|that'?s)\b)\s*[:=]?\s*(?<id>[A-Za-z0-9._-]+[.!?]?)\s*$", RegexOptions.IgnoreCase)]
    private static partial Regex After();

    // "jdoe is my username", "jdoe (that's my login)".
    [GeneratedRegex(@"^\s*(?<id>[A-Za-z0-9._-]+)\s*[,(]?\s*(?:is|that'?s|that\s+is)\s+(?:my\s+)?(?:user ?name|login|id|account)\b", RegexOptions.IgnoreCase)]
    private static partial Regex Before();

    [GeneratedRegex(@"^[A-Za-z0-9._-]+$")]
    private static partial Regex IdChars();
}
