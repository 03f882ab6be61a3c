using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace HelpBot.Dialogs.Recognition;

/// <summary>
/// Turns what people type into what the model was trained on: lower case, no mentions, no punctuation, no accents,
/// digits as one token, runs like "!!!" or "pleeease" collapsed, single spaces, and the interjections people start with
/// ("oh sorry, ok …", "ugh ok. …", "hi, …") left off when a request follows them. Training and prediction both go
/// through here, so the model never sees a form it was not trained on. Typos are left to the model's character
/// n-grams rather than a spelling list.
/// </summary>
public static partial class TextNormalizer
{
    /// <summary>The token every run of digits becomes ("my huid is 12345678" and "… 87654321" look the same).</summary>
    public const string NumberToken = "num";

    public static string Normalize(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return string.Empty;
        }
        // Teams puts mentions in the text as <at>HelpBot</at>; other channels as @HelpBot.
        var s = TeamsMention().Replace(text, " ");
        s = AtMention().Replace(s, " ");
        s = RemoveDiacritics(s).ToLowerInvariant();
        // "can't" and "can’t" become "cant", not "can t".
        s = s.Replace("'", string.Empty, StringComparison.Ordinal).Replace("\u2019", string.Empty, StringComparison.Ordinal);
        s = Digits().Replace(s, " " + NumberToken + " ");
        s = NotLetterOrDigit().Replace(s, " ");
        s = RepeatedLetter().Replace(s, "$1$1");
        return WithoutOpeningInterjections(Whitespace().Replace(s, " ").Trim());
    }

    // Words that open a message without saying what it is about; what follows them carries the meaning.
    private static readonly HashSet<string> Interjections = new(StringComparer.Ordinal)
    {
        "oh", "ohh", "ah", "ahh", "ok", "okay", "k", "kk", "sorry", "ugh", "argh", "hmm", "hm", "um", "umm", "uh", "well",
        "so", "hey", "hi", "hello", "yeah", "yes", "yep", "alright", "cool", "great", "thanks", "thx", "ty", "wait",
        "actually", "right", "fine", "lol", "oops", "whoops", "anyway", "anyways", "and", "but", "also", "then",
    };

    /// <summary>"oh sorry ok can you unlock it" → "can you unlock it": openers off while at least three words remain.</summary>
    private static string WithoutOpeningInterjections(string s)
    {
        var start = 0;
        while (true)
        {
            var space = s.IndexOf(' ', start);
            if (space < 0 || !Interjections.Contains(s[start..space]))
            {
                break;
            }
            var rest = s.AsSpan(space + 1);
            if (rest.Count(' ') < 2)
            {
                break; // "hello there", "hi, good morning": short, the opener is (part of) the message
            }
            start = space + 1;
        }
        return start == 0 ? s : s[start..];
    }

    private static string RemoveDiacritics(string s)
    {
        var decomposed = s.Normalize(NormalizationForm.FormD);
        var sb = new StringBuilder(decomposed.Length);
        foreach (var c in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark)
            {
                sb.Append(c);
            }
        }
        return sb.ToString().Normalize(NormalizationForm.FormC);
    }

    [GeneratedRegex(@"<at\b[^>]*>.*?</at>", RegexOptions.IgnoreCase | RegexOptions.Singleline)]
    private static partial Regex TeamsMention();

    // An @mention at the start of a word, not the @ inside an e-mail address.
    [GeneratedRegex(@"(?<![\w.])@[\w.\-]+")]
    private static partial Regex AtMention();

    [GeneratedRegex(@"\d+")]
    private static partial Regex Digits();

    [GeneratedRegex(@"[^\p{L}\p{Nd}]+")]
    private static partial Regex NotLetterOrDigit();

    // Three or more of the same letter become two: "pleeease" -> "please"-ish, while "password" keeps its "ss".
    [GeneratedRegex(@"(\p{L})\1{2,}")]
    private static partial Regex RepeatedLetter();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
