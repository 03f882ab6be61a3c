using System.Text.RegularExpressions;

namespace HelpBot.Dialogs.Messaging;

/// <summary>
/// Removes secrets from text that is kept or shown to others (docs/security.md, S4, H2): six-digit SafeCodes, eight-digit
/// Harvard IDs, Social Security numbers (which HelpBot never asks for, but people type), however spaced or dashed
/// (<see cref="TypedDigits"/>, as the prompts read them), and guest keys
/// (<c>K7QM-4TXP-9HRW-C2NB</c>, also typed in lower case or without dashes) become bullets; so do whole dates from
/// 1900 to 2019 (<c>04/12/1985</c>, <c>1985-04-12</c>, <c>April 12, 1985</c>), which is how a date of birth, an
/// identity check in eCommons registration, is typed. Later dates (when a password expired, a guest's last day) stay
/// readable. What follows "password is", "passcode:", "key =" to the end of the clause becomes <see cref="Password"/>.
/// Used for stored chat history and for what agents see.
/// </summary>
public static partial class TranscriptRedaction
{
    public const string Code = "••••••";
    public const string Huid = "••••••••";
    public const string Ssn = "•••-••-••••";
    public const string GuestKey = "••••-••••-••••-••••";
    public const string DateOfBirth = "••/••/••••";
    public const string Password = "••••••••";

    public static string Redact(string text) => BarePasswords(TypedPasswords(RedactAllButPasswords(text)));

    /// <summary>
    /// What a message says with a typed password and the words that announce it taken out ("im locked out. user jsmith
    /// password Sunflower#2024" → "im locked out. user jsmith"), for understanding it: the password says nothing about
    /// what the person needs. Unchanged when no password was typed.
    /// </summary>
    public static string WithoutTypedPassword(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (!HasTypedPassword(text))
        {
            return text;
        }
        var redacted = BarePasswords(TypedPasswords(text));
        return string.Join(' ', AnnouncedPassword().Replace(redacted, " ").Split(' ', StringSplitOptions.RemoveEmptyEntries));
    }

    [GeneratedRegex(@"(?:\b(?:and|but)\s+)?(?:\b(?:my|the)\s+)?\b(?:pass\s?words?|pass\s?phrases?|pwd|pw)\b[^•]{0,12}?(?:•+)", RegexOptions.IgnoreCase)]
    private static partial Regex AnnouncedPassword();

    /// <summary>
    /// "user jsmith password Sunflower#2024": a password-shaped word (letters with digits or symbols) straight after
    /// "password"; a plain word that only ends a question ("how long until my password expires?") is not one.
    /// </summary>
    private static string BarePasswords(string text) => BarePassword().Replace(text, m => m.Groups["lead"].Value + Password);

    [GeneratedRegex(@"(?<lead>\b(?:pass\s?word|pwd|pw)\s+(?:(?:to|as|into)\s+)?)(?<secret>(?![A-Za-z]+\?+(?:\s|$))(?=\S*[A-Za-z])(?=\S*[0-9#!$%&*@^~?+=_])\S{6,})", RegexOptions.IgnoreCase)]
    private static partial Regex BarePassword();

    private static string RedactAllButPasswords(string text)
    {
        if (!HasDigit(text))
        {
            // Every pattern here but the guest key's needs a digit (a guest key may be letters only).
            return TypedGuestKey().Replace(text, GuestKey);
        }
        var withoutDates = BirthDate().Replace(text, DateOfBirth);
        var withoutKeys = TypedGuestKey().Replace(withoutDates, GuestKey);
        // As the prompts read numbers ("1 2 3 4 5 6", "7000 0001", "078–05–1120"); then the stricter shapes left inside
        // longer runs ("70000001 123456", "123.45.6789").
        var withoutTyped = TypedDigits.Run().Replace(withoutKeys, m => MaskFor(m.Value) ?? m.Value);
        var withoutSsns = SocialSecurityNumber().Replace(withoutTyped, Ssn);
        var withoutHuids = EightDigits().Replace(withoutSsns, Huid);
        return SixDigits().Replace(withoutHuids, Code);
    }

    /// <summary>
    /// Whether <paramref name="text"/> has a digit as the patterns' <c>\d</c> reads one: any Unicode decimal digit, so
    /// "１２３４５６" typed with a full-width keyboard counts, not only 0-9.
    /// </summary>
    public static bool HasDigit(string text)
    {
        foreach (var c in text)
        {
            if (char.IsDigit(c))
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>
    /// Whether <paramref name="text"/> holds a typed password ("my password is …", "pw: …"), by the same rule that
    /// redacts it; a SafeCode, Harvard ID or guest key after "code is" / "key:" is not a password.
    /// </summary>
    public static bool HasTypedPassword(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var withoutNumbers = RedactAllButPasswords(text);
        return BarePassword().IsMatch(withoutNumbers)
            || SecretWordLead().Matches(withoutNumbers).Any(m => PasswordWord().IsMatch(m.Groups["lead"].Value) && SecretLength(m.Groups["rest"].Value) > 0);
    }

    [GeneratedRegex(@"\b(pass\s?words?|pass\s?phrases?|pwd|pw)\b", RegexOptions.IgnoreCase)]
    private static partial Regex PasswordWord();

    /// <summary>The bullets for a run of digits that reads as a SafeCode, a Harvard ID or an SSN; null for any other.</summary>
    private static string? MaskFor(string run) => TypedDigits.IsDate(run) ? null : TypedDigits.Of(run).Length switch
    {
        6 => Code,
        8 => Huid,
        9 => Ssn,
        _ => null,
    };

    /// <summary>
    /// The token of a one-time reset link (<c>/reset/{token}</c>) anywhere in a serialized activity: the chat history
    /// keeps the card, not a live link (the user already has it; a reload shows a link that no longer opens).
    /// </summary>
    public static string RedactResetLinks(string text) => ResetLinkToken().Replace(text, Password);

    /// <summary>
    /// What follows "password is", "passcode:", "key =" up to the end of the clause ("correct horse battery staple" is
    /// one password), unless it describes the password rather than being one ("my password is expired and …").
    /// </summary>
    private static string TypedPasswords(string text) => SecretWordLead().Replace(text, m =>
    {
        var rest = m.Groups["rest"].Value;
        var length = SecretLength(rest);
        return m.Groups["lead"].Value + (length == 0 ? TypedPasswords(rest) : Password + TypedPasswords(rest[length..]));
    });

    private static int SecretLength(string rest)
    {
        var words = NonSpace().Matches(rest);
        if (words.Count == 0 || CoreOf(words[0].Value) is not { Length: > 0 } first || first.StartsWith('•') || NeverASecret.Contains(first))
        {
            return 0;
        }
        var next = words.Count > 1 ? CoreOf(words[1].Value) : null;
        if (Describes.Contains(first) && (EndsClause(words[0].Value) || next is null || Connectors.Contains(next) || Describes.Contains(next)))
        {
            return 0;
        }
        var end = words[0].Index + words[0].Length;
        for (var i = 1; i < words.Count && !EndsClause(words[i - 1].Value); i++)
        {
            var word = CoreOf(words[i].Value);
            if (word.Length == 0 || word.StartsWith('•') || Connectors.Contains(word))
            {
                break;
            }
            end = words[i].Index + words[i].Length;
        }
        return end;
    }

    private static string CoreOf(string word) => word.Trim('.', ',', ';', ':', '!', '?', '"', '\'', '(', ')', '\u2019').ToLowerInvariant();

    private static bool EndsClause(string word) => word[^1] is '.' or ',' or ';' or '!' or '?';

    /// <summary>Words that start a description, never a password ("my password is not working").</summary>
    private static readonly HashSet<string> NeverASecret = new(StringComparer.Ordinal)
    {
        "not", "the", "my", "a", "an", "no", "it", "too", "still", "about", "going", "already", "now", "in", "on", "from",
        "for", "to", "also", "just", "being", "getting", "what", "that", "this", "so", "very", "probably", "definitely",
        "expiring", "expires", "due", "almost", "nearly", "soon", "about", "set", "failing", "rejected", "forgotten", "lost",
    };

    /// <summary>Words that describe a password when they stand alone ("is correct", "is expired and"), not before more words.</summary>
    private static readonly HashSet<string> Describes = new(StringComparer.Ordinal)
    {
        "expired", "locked", "wrong", "incorrect", "invalid", "valid", "correct", "right", "blocked", "working", "fine", "ok",
        "okay", "new", "old", "changed", "reset", "sent", "same", "different", "weak", "strong", "good", "bad",
    };

    /// <summary>Words that end a typed password and start the rest of the sentence.</summary>
    private static readonly HashSet<string> Connectors = new(StringComparer.Ordinal)
    {
        "and", "but", "so", "because", "since", "when", "which", "though", "although", "i", "i'm", "im", "it", "it's",
        "please", "can", "could", "would", "how", "why", "then", "yet", "again", "anyway", "now", "today", "thanks",
        "thank", "is", "was", "isn't", "doesn't", "didn't", "won't", "still", "too", "right",
    };

    // "password is hunter2", "my passcode: abc", "guest key is ABCD", "pw=…", and what follows on the same line.
    [GeneratedRegex(@"(?<lead>\b(?:pass\s?words?|pass\s?phrases?|passcodes?|pwd|pw|keys?|pins?|codes?)\b\s*(?:(?:is|was)\b|=|:)[ \t]*)(?<rest>[^\r\n]*)", RegexOptions.IgnoreCase)]
    private static partial Regex SecretWordLead();

    [GeneratedRegex(@"\S+")]
    private static partial Regex NonSpace();

    // A reset token is 43 base64url characters (ResetLinkService); any long run after the route is treated as one.
    [GeneratedRegex(@"(?<=/reset/)[A-Za-z0-9_\-]{20,}")]
    private static partial Regex ResetLinkToken();

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

    /// <summary>"123-45-6789", "123 45 6789", "123–45–6789", "123456789": nine digits, not part of a longer number.</summary>
    public static bool ContainsSocialSecurityNumber(string? text) =>
        text is not null && (SocialSecurityNumber().IsMatch(text) || TypedDigits.Run().Matches(text).Any(m => MaskFor(m.Value) == Ssn));

    [GeneratedRegex(@"(?<!\d)\d{3}[ \-.]?\d{2}[ \-.]?\d{4}(?!\d)")]
    private static partial Regex SocialSecurityNumber();

    /// <summary>
    /// A whole date with a year from 1900 to 2019, as the registration flow accepts a date of birth: year first
    /// (<c>1985-04-12</c>, <c>1985/4/12</c>), year last with slashes, dashes or dots (<c>4/12/1985</c>, <c>12.04.1985</c>),
    /// or with the month's name (<c>April 12, 1985</c>, <c>12 Apr 1985</c>).
    /// </summary>
    [GeneratedRegex(@"(?<![\w/.\-])(?:(?:19\d{2}|20[01]\d)[\-/.](?:0?[1-9]|1[0-2])[\-/.](?:0?[1-9]|[12]\d|3[01])|(?:0?[1-9]|[12]\d|3[01])[\-/.](?:0?[1-9]|[12]\d|3[01])[\-/.](?:19\d{2}|20[01]\d)|(?:" + Months + @")\.?\s+(?:0?[1-9]|[12]\d|3[01])(?:st|nd|rd|th)?,?\s+(?:19\d{2}|20[01]\d)|(?:0?[1-9]|[12]\d|3[01])(?:st|nd|rd|th)?\s+(?:" + Months + @")\.?,?\s+(?:19\d{2}|20[01]\d))(?![\w/\-]|\.\d)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex BirthDate();

    private const string Months = "Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?";

    // The alphabet of GuestKeyFormat: 2-9 and A-Z without I, L and O.
    [GeneratedRegex(@"(?<![A-Za-z0-9])[2-9A-HJKMNP-Z]{4}[ \-]?[2-9A-HJKMNP-Z]{4}[ \-]?[2-9A-HJKMNP-Z]{4}[ \-]?[2-9A-HJKMNP-Z]{4}(?![A-Za-z0-9])", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex TypedGuestKey();

    [GeneratedRegex(@"(?<![A-Za-z0-9\-])[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}(?![A-Za-z0-9\-])", RegexOptions.CultureInvariant)]
    private static partial Regex IssuedGuestKey();
}
