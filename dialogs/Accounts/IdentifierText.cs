using System.Text.RegularExpressions;

namespace HelpBot.Dialogs.Accounts;

/// <summary>
/// The username or e-mail address in what someone typed when asked for it: "jdoe", "it's jdoe", "my username is
/// jdoe.", "username jdoe@hms.harvard.edu", "jdoe is my login". Null when there is none to be found.
/// </summary>
public static partial class IdentifierText
{
    /// <summary>"idk", "I don't remember it", "forgot my username": the person doesn't know their username.</summary>
    public static bool SaysUnknown(string? said) => said is not null && Unknown().IsMatch(said.Replace('’', '\''));

    [GeneratedRegex(@"^\W*(?:(?:um+|uh+|hmm+|sorry|well|honestly|tbh|ugh)\W+)*(?:idk|dunno|no idea|not sure|no clue|i (?:don'?t|do not|dont|can'?t|cannot|cant) (?:know|remember|recall)(?: it| that| what it is| my (?:user ?name|login(?: name)?|ecommons (?:id|user ?name)))?|(?:i )?(?:forgot|forgotten|forget|lost)(?: it| that| my (?:user ?name|login(?: name)?|ecommons (?:id|user ?name)))?|what(?:'?s| is) my (?:user ?name|login(?: name)?))(?:\W+(?:that'?s|thats|which|is|the|it|problem|sorry|please|help|anymore|either|lol|tbh|honestly|actually|what|my|username|login|can|you|find|look|up|tell|me|so|haha|too|also|as|well|i|dont|don't|know|remember))*\W*$", RegexOptions.IgnoreCase)]
    private static partial Regex Unknown();

    public static string? Find(string? said)
    {
        if (SaysUnknown(said))
        {
            return null;
        }
        var text = (said ?? string.Empty).Trim().Replace('’', '\'').Replace('‘', '\'');
        if (text.Length is 0 or > 200 || text.Any(char.IsControl))
        {
            return null;
        }
        if (Email().Match(text) is { Success: true } email)
        {
            return email.Value;
        }
        // "jsmith like I said", "jsmith, I already told you": the answer given again, with a sigh.
        text = SaidBefore().Replace(text, string.Empty).Trim();
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
        // "I'm Jane Smith, username jsmith, and I'm locked out": the username marked in a longer answer; or named as a
        // request would name it ("it's jsmith, send me a text").
        return Marked().Match(text) is { Success: true } marked ? Clean(marked.Groups["id"].Value) : InRequest(text);
    }

    /// <summary>
    /// The username or e-mail address named in a whole request ("locked out of ecommons, username jsmith", "I'm locked
    /// out, it's jsmith", "… the username is jsmith@hms.harvard.edu"): only where it is marked as one, so ordinary words
    /// of a request are never taken for a username.
    /// </summary>
    public static string? InRequest(string? said)
    {
        var text = (said ?? string.Empty).Trim().Replace('’', '\'').Replace('‘', '\'');
        if (text.Length is 0 or > 300 || text.Any(char.IsControl))
        {
            return null;
        }
        if (Email().Match(text) is { Success: true } email)
        {
            return email.Value;
        }
        if (Marked().Match(text) is { Success: true } marked)
        {
            return Clean(marked.Groups["id"].Value);
        }
        // "…, it's jsmith" at the end of the request, or of a sentence in it ("it's jsmith. text me"); "mine is jsmith and …".
        if (ItIs().Match(text) is { Success: true } after && Clean(after.Groups["id"].Value) is { } id && !CommonWords.Contains(id) && !Describing().IsMatch(id))
        {
            return id;
        }
        // "I'm rbrown." as a sentence of its own: a word that names no state of the person ("I'm stuck.", "I'm locked.").
        if (IAm().Match(text) is { Success: true } iAm && Clean(iAm.Groups["id"].Value) is { } me && !CommonWords.Contains(me)
            && !NotUsernames.Contains(me) && !Describing().IsMatch(me))
        {
            return me;
        }
        // "locked out, jsmith, text me", "im locked out. jsmith. email me": a lowercase word standing alone as a clause or
        // sentence of the request.
        foreach (Match alone in Alone().Matches(text))
        {
            if (Clean(alone.Groups["id"].Value) is { } word && !CommonWords.Contains(word) && !NotUsernames.Contains(word) && !Describing().IsMatch(word))
            {
                return word;
            }
        }
        // "my account jsmith is locked": the account named between "account" and what is wrong with it.
        if (AccountIs().Match(text) is { Success: true } account && Clean(account.Groups["id"].Value) is { } accountName
            && !CommonWords.Contains(accountName) && !NotUsernames.Contains(accountName) && !Describing().IsMatch(accountName))
        {
            return accountName;
        }
        // "locked out of ecommons (jsmith)": a lowercase word alone in brackets.
        if (Bracketed().Match(text) is { Success: true } bracketed && Clean(bracketed.Groups["id"].Value) is { } inBrackets
            && !CommonWords.Contains(inBrackets) && !NotUsernames.Contains(inBrackets))
        {
            return inBrackets;
        }
        // "reset the password for rbrown, text me the code" (also as typed in a hurry: "forgot my pasword for jsmith, …"), "can you
        // unlock jsmith?", "unlock jsmith please, …"; "locked out. again. jsmith" (a lowercase word on its own after the sentence ends).
        return (AccountFor().Match(text) is { Success: true } named ? named : Trailing().Match(text)) is { Success: true } m
            && Clean(m.Groups["id"].Value) is { } found && !CommonWords.Contains(found) && !NotUsernames.Contains(found) ? found : null;
    }

    [GeneratedRegex(@"\b(?:(?i:pass?w(?:or|ro|o)?r?d|pwd?|account|unlock)\s+for|unlock|unblock)\s+(?!(?:my|me|the|a|an|him|her|them|it|this|that|mine|work|school|ecommons|mycourses|account|please|now|again|someone|somebody|anyone|everyone|us|you)\b)(?<id>[a-z][a-z0-9._-]{2,19})(?=\s*(?:(?:please|pls|plz|now|asap)\b\s*)?(?:[,.;!?]|$))")]
    private static partial Regex AccountFor();

    [GeneratedRegex(@"\baccount\s+(?<id>[a-z][a-z0-9._-]{2,19})\s+(?:is|was|has|got|gets|keeps|seems|looks|appears|won'?t|will not|can'?t)\b")]
    private static partial Regex AccountIs();

    [GeneratedRegex(@"[.!?;]\s+(?<id>[a-z][a-z0-9._-]{2,19})[.!]?\s*$")]
    private static partial Regex Trailing();

    [GeneratedRegex(@"\(\s*(?<id>[a-z][a-z0-9._-]{2,19})\s*\)")]
    private static partial Regex Bracketed();

    /// <summary>
    /// The username in a correction of the one given before: "oops, typo: it's rbrown", "sorry, I meant mlee", "wait, my
    /// username is jsmith". Null for anything else, including a change of channel ("sorry, use my e-mail").
    /// </summary>
    public static string? Correction(string? said)
    {
        if (said is null || !Correcting().IsMatch(said))
        {
            return null;
        }
        var id = InRequest(said) ?? (Meant().Match(said) is { Success: true } meant ? Clean(meant.Groups["id"].Value) : null);
        return id is not null && id.Any(char.IsLetter) && !NotUsernames.Contains(id) && !CommonWords.Contains(id) ? id : null;
    }

    [GeneratedRegex(@"[\s,;.-]*\b((like|as) i (said|told you|mentioned|wrote)|i (already |just )?(said|told you|gave (it|you that)))( (before|already|earlier|above))?\W*$", RegexOptions.IgnoreCase)]
    private static partial Regex SaidBefore();

    // Answers to the SafeCode step's questions, which a correction is not.
    private static readonly HashSet<string> NotUsernames = new(StringComparer.OrdinalIgnoreCase)
    {
        "text", "email", "e-mail", "mail", "phone", "sms", "cell", "mobile", "resend", "yes", "no", "it", "that", "mine",
        "hms", "hsdm", "hsph", "mgh", "bwh", "fas", "huit", "ecommons", "mycourses", "outlook", "vpn", "wifi", "huid",
    };

    [GeneratedRegex(@"\b(sorry|oops|whoops|typo|wait|actually|i meant|meant|wrong (one|username|user ?name|account)|correction|my bad|not that one)\b", RegexOptions.IgnoreCase)]
    private static partial Regex Correcting();

    // "I meant jsmith", "should be mlee. text me" (more may follow the name itself); "it's rbrown" only at the end.
    [GeneratedRegex(@"\b(?:(?:i meant|meant|should be)\s+(?<id>[A-Za-z][A-Za-z0-9._-]*)(?=[.!?]?\s*$|[.!?,;]\s)|(?:it'?s|its|it is|is)\s+(?<id>[A-Za-z][A-Za-z0-9._-]*)[.!?]?\s*$)", RegexOptions.IgnoreCase)]
    private static partial Regex Meant();

    // Words that end a request after "it's"/"I'm" but are not usernames ("… and it's urgent").
    /// <summary>
    /// <paramref name="text"/> without a username marked as one ("…, username jsmith", "my login is jsmith"), for reading
    /// what the request is; the text unchanged when it marks none.
    /// </summary>
    public static string WithoutMarkedUsername(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return Marked().Match(text) is { Success: true } marked && Clean(marked.Groups["id"].Value) is not null
            ? text.Remove(marked.Index, marked.Length)
            : text;
    }

    private static readonly HashSet<string> CommonWords = new(StringComparer.OrdinalIgnoreCase)
    {
        "urgent", "out", "again", "stuck", "confused", "frustrated", "here", "there", "back", "now", "today", "new", "sorry",
        "done", "gone", "broken", "down", "working", "please", "thanks", "student", "staff", "faculty", "up", "in", "off",
        "ugh", "help", "thx", "ty", "asap", "anyway", "ok", "okay", "lol", "sigh", "seriously", "pls", "plz", "me", "mine",
        "fine", "good", "great", "better", "best", "easier", "perfect", "nope", "yep", "yup", "nah", "alright", "cool", "oops",
        "wait", "well", "right", "hmm", "damn", "still", "just", "also", "now", "too", "again", "really", "hey", "hi", "hello",
    };

    // "username jsmith", "user: jsmith", "my login is jsmith", "my username's jsmith", "ecommons id jsmith" anywhere in the request.
    [GeneratedRegex(@"\b(?:user ?name|user|login|ecommons (?:id|username))\b(?:\s+is|'s)?\s*[:=]?\s*(?!(?:to|into|with|for|and|or|in|on|at|page|screen|name|names|again|anymore|because|but|the|my|it|as|account|accounts|details|info|problem|problems|issue|issues|locked|disabled|expired|wrong|not|forgotten|gone|lost|missing|blank|empty|also|too|same|different|correct|right|fine)\b)(?<id>[A-Za-z0-9._-]+)", RegexOptions.IgnoreCase)]
    private static partial Regex Marked();

    [GeneratedRegex(@"\b(?:(?:it'?s|it\s+is|that'?s)\s+(?<id>[A-Za-z0-9._-]+?)[.!?]?(?=\s*$|[.!?;,]\s)|mine(?:'?s|\s+is)\s+(?<id>[A-Za-z0-9._-]+?)[.!?]?(?=\s*$|[.!?;,]\s|\s+(?:and|but|so)\b))", RegexOptions.IgnoreCase)]
    private static partial Regex ItIs();

    [GeneratedRegex(@"\b(?i:i'?m|i\s+am)\s+(?<id>[a-z][a-z0-9._-]{2,19})(?=\s*$|[.!;,]\s)")]
    private static partial Regex IAm();

    // A clause of one lowercase word: between commas or sentence ends ("…, jsmith, …", "… out. jsmith, text me").
    // Also a sentence of its own inside the request ("forgot my password. jsmith. text me the code").
    [GeneratedRegex(@"(?:^|[,;.!?]\s*)\s*(?<id>[a-z][a-z0-9._-]{2,19})\s*(?=[,;]|[.!?]\s|[.!?]?\s*$)")]
    private static partial Regex Alone();

    // Words that describe rather than name: "I'm frustrated.", "…, confusing, …", "I'm hopeless."
    [GeneratedRegex(@"(?:ed|ing|ful|less|ous|ive|ly)$|^(?:hey|hello|hiya|yes|yeah|sure|also|still|anyway|anyways|hmm|argh|grr|again|sorry|thanks|pls|plz|please|monday|tuesday|wednesday|thursday|friday|saturday|sunday|today|tomorrow|yesterday|tonight)$")]
    private static partial Regex Describing();

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
    internal static partial Regex Email();

    // "... username is jdoe", "it's jdoe", "user name: jdoe", "login jdoe", "ID is jdoe", "I'm jdoe".
    [GeneratedRegex(@"(?:\b(?:user ?name|login|ecommons (?:id|username)|account(?: name)?|id)\b(?:\s+is)?|\b(?:it'?s|it\s+is|i'?m|i\s+am|mine\s+is|that'?s)\b)\s*[:=]?\s*(?<id>[A-Za-z0-9._-]+[.!?]?)\s*$", RegexOptions.IgnoreCase)]
    private static partial Regex After();

    // "jdoe is my username", "jdoe (that's my login)".
    [GeneratedRegex(@"^\s*(?<id>[A-Za-z0-9._-]+)\s*[,(]?\s*(?:is|that'?s|that\s+is)\s+(?:my\s+)?(?:user ?name|login|id|account)\b", RegexOptions.IgnoreCase)]
    private static partial Regex Before();

    [GeneratedRegex(@"^[A-Za-z0-9._-]+$")]
    private static partial Regex IdChars();
}
