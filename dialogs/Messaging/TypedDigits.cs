using System.Text;
using System.Text.RegularExpressions;

namespace HelpBot.Dialogs.Messaging;

/// <summary>
/// How a number a person types is read, once for the whole bot (issue 15): digits with spaces or dashes of any kind
/// between them ("123456", "1 2 3 4 5 6", "12-34-56", "7000 0001", "078–05–1120"). The SafeCode and Harvard ID prompts
/// accept what <see cref="Of"/> reads, and <see cref="TranscriptRedaction"/> bullets every <see cref="Run"/> that reads
/// as a code, a Harvard ID or a Social Security number, so what the bot accepts and what it redacts cannot drift apart.
/// </summary>
public static partial class TypedDigits
{
    /// <summary>The digits of <paramref name="said"/> when it is only digits and separators; otherwise empty.</summary>
    public static string Of(string? said)
    {
        var digits = new StringBuilder();
        foreach (var c in said ?? string.Empty)
        {
            if (char.IsAsciiDigit(c))
            {
                digits.Append(c);
            }
            else if (!IsSeparator(c))
            {
                return string.Empty;
            }
        }
        return digits.ToString();
    }

    /// <summary>
    /// The 6-digit SafeCode in what was typed at the code prompt: the message itself ("447 218"), or the one code in a
    /// short sentence around it ("the code is 447218", "ok its 447 218", "447-218 thanks"). Empty when there is none, or
    /// more than one number. <see cref="TranscriptRedaction"/> bullets such a run wherever it is typed.
    /// </summary>
    public static string CodeIn(string? said)
    {
        if (Of(said) is { Length: > 0 } whole)
        {
            return whole.Length == 6 ? whole : string.Empty;
        }
        var text = said ?? string.Empty;
        var runs = Run().Matches(text);
        if (runs.Count != 1 || IsDate(runs[0].Value) || Of(runs[0].Value) is not { Length: 6 } code)
        {
            return string.Empty;
        }
        var around = text.Remove(runs[0].Index, runs[0].Length).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)
            .Count(w => w.Any(char.IsLetter));
        return around <= 10 ? code : string.Empty;
    }

    /// <summary>Spaces of any kind, the hyphen and the dashes people (and phones' autocorrect) put between digit groups.</summary>
    public static bool IsSeparator(char c) =>
        char.IsWhiteSpace(c) || c is '-' or '\u2010' or '\u2011' or '\u2012' or '\u2013' or '\u2014' or '\u2015' or '\u2212';

    /// <summary>Digits joined by separators, as typed within a sentence; <see cref="Of"/> reads each one.</summary>
    [GeneratedRegex(@"[0-9](?:[\s\-\u2010-\u2015\u2212]*[0-9])*")]
    public static partial Regex Run();

    /// <summary>A run shaped like a date (2026-03-04, 3-4-2026): not a code or an ID, whatever its digit count.</summary>
    public static bool IsDate(string run) => DateShape().IsMatch(run);

    [GeneratedRegex(@"^(?:[0-9]{4}[\-\u2010-\u2015\u2212/.][0-9]{1,2}[\-\u2010-\u2015\u2212/.][0-9]{1,2}|[0-9]{1,2}[\-\u2010-\u2015\u2212/.][0-9]{1,2}[\-\u2010-\u2015\u2212/.][0-9]{4})$")]
    private static partial Regex DateShape();
}
