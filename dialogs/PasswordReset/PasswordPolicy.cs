using System.Text;
using System.Text.RegularExpressions;
using HelpBot.Dialogs.Accounts;

namespace HelpBot.Dialogs.PasswordReset;

/// <summary>Why a new password was refused. <see cref="None"/>: it was accepted.</summary>
public enum PasswordRejection
{
    None,
    TooShort,
    TooLong,
    ControlCharacters,
    Common,
    ContainsName,
    ContextWords,
    RepeatedOrSequential,
}

/// <summary>
/// The verdict on a new password: accepted or not, the reason in plain words, and a strength <em>estimate</em> from 0
/// (very weak) to 4 (strong) for the meter. The estimate is a rough guide, not a measure of guessing resistance.
/// </summary>
public sealed record PasswordCheck(PasswordRejection Rejection, string? Reason, int Strength)
{
    public bool Accepted => Rejection == PasswordRejection.None;

    public string StrengthLabel => PasswordPolicy.StrengthLabels[Strength];
}

/// <summary>Whose password it is: the names a password must not be built on.</summary>
public sealed record PasswordOwner(string Username, string? DisplayName = null, IReadOnlyList<string>? EmailAddresses = null)
{
    public static PasswordOwner From(Account account) => new(
        account.Username,
        account.DisplayName,
        new[] { account.Email, account.AlternateEmail }.OfType<string>().ToList());
}

/// <summary>
/// The rules for a new password (docs/security.md, R5, NIST SP 800-63B 5.1.1.2 / 3.1.1.2): at least 8 characters (15 or more
/// recommended), up to 64 accepted, no composition rules (no "one upper case, one digit"), any Unicode allowed, and
/// refused when it is a common or breached password, is built on the user's own names or on the words of this place
/// (Harvard, HMS, eCommons, MyCourses), or is a run of repeated or
/// sequential characters. Passwords are NFKC-normalised before checking (and must be before hashing, see
/// <see cref="Normalize"/>), so the same password typed on two keyboards is the same password.
/// </summary>
/// <remarks>
/// Upper bound: NIST asks verifiers to allow at least 64 characters. We accept exactly up to 64 (counted in Unicode
/// code points after normalisation) and refuse longer ones with a reason: 64 is enough for a six-word passphrase, and
/// the bound keeps the directory (LDAP/AD) and hashing costs predictable.
/// </remarks>
public sealed class PasswordPolicy
{
    public const int MinimumLength = 8;
    public const int RecommendedLength = 15;
    public const int MaximumLength = 64;

    public static readonly IReadOnlyList<string> StrengthLabels = ["Very weak", "Weak", "Fair", "Good", "Strong"];

    private const string ResourceName = "HelpBot.Dialogs.PasswordReset.common-passwords.txt";

    private static readonly Lazy<PasswordPolicy> Embedded = new(LoadEmbedded);

    private readonly HashSet<string> _common;

    public PasswordPolicy(IEnumerable<string> commonPasswords) =>
        _common = new HashSet<string>(commonPasswords.Select(p => Normalize(p).ToLowerInvariant()), StringComparer.Ordinal);

    /// <summary>The policy with the embedded list of common and breached passwords (Data/README.md says where it comes from).</summary>
    public static PasswordPolicy Default => Embedded.Value;

    public int CommonPasswordCount => _common.Count;

    /// <summary>NFKC: full-width, compatibility and composed/decomposed forms become one. Hash what this returns.</summary>
    public static string Normalize(string password) => password.Normalize(NormalizationForm.FormKC);

    /// <summary>Length as a person counts it: Unicode code points, not UTF-16 units.</summary>
    public static int LengthOf(string normalized) => normalized.EnumerateRunes().Count();

    /// <summary>
    /// Words of this place that attackers try first with a year or a symbol added ("Harvard2026!"). Like a first name,
    /// one may appear in a longer passphrase, but not carry the password.
    /// </summary>
    public static readonly IReadOnlyList<string> ContextWords = ["harvardkey", "harvard", "ecommons", "mycourses", "hms"];

    public PasswordCheck Check(string password, PasswordOwner owner)
    {
        var normalized = Normalize(password ?? "");
        var length = LengthOf(normalized);
        // Spaces count as a person sees them: padding and runs of spaces don't make "       a" eight characters long.
        if (LengthOf(CollapseWhitespace(normalized)) < MinimumLength)
        {
            return Reject(PasswordRejection.TooShort);
        }
        if (length > MaximumLength)
        {
            return Reject(PasswordRejection.TooLong);
        }
        if (normalized.Any(char.IsControl))
        {
            return Reject(PasswordRejection.ControlCharacters);
        }

        var lower = normalized.ToLowerInvariant();
        var core = TrimNonLetters(lower);
        if (IsRepeatedOrSequential(lower) || (LengthOf(core) >= 4 && IsRepeatedOrSequential(core)))
        {
            return Reject(PasswordRejection.RepeatedOrSequential);
        }
        if (IsBuiltOnNames(lower, core, owner))
        {
            return Reject(PasswordRejection.ContainsName);
        }
        if (IsBuiltOnContextWords(lower))
        {
            return Reject(PasswordRejection.ContextWords);
        }
        if (IsCommon(lower, core))
        {
            return Reject(PasswordRejection.Common);
        }
        return new PasswordCheck(PasswordRejection.None, null, EstimateStrength(normalized));
    }

    /// <summary>The reason shown to the user next to the password field.</summary>
    public static string ReasonFor(PasswordRejection rejection) => rejection switch
    {
        PasswordRejection.TooShort => $"Use at least {MinimumLength} characters. A passphrase of {RecommendedLength} or more, such as four unrelated words, is better.",
        PasswordRejection.TooLong => $"Use at most {MaximumLength} characters.",
        PasswordRejection.ControlCharacters => "Use letters, digits, spaces and symbols only: control characters can't be typed on every device.",
        PasswordRejection.Common => "This password is on a list of common or breached passwords that attackers try first. Choose something less predictable.",
        PasswordRejection.ContainsName => "Don't build your password on your username, your name or your e-mail address.",
        PasswordRejection.ContextWords => "Don't build your password on Harvard, HMS, eCommons or MyCourses: those are the first words attackers try here. A few unrelated words of your own work better.",
        PasswordRejection.RepeatedOrSequential => "Avoid repeated or sequential characters such as aaaaaaaa or 12345678.",
        _ => "",
    };

    /// <summary>
    /// A simple, honest strength estimate from 0 to 4: about log2(alphabet) bits per character, where the alphabet
    /// grows with each kind of character used; a character that repeats or continues a sequence from the one before
    /// adds one bit only. Thresholds: 30, 45, 60, 80 bits. The reset page's meter applies the same rules in script.
    /// It knows nothing of dictionaries: <see cref="Check"/> refuses those.
    /// </summary>
    public static int EstimateStrength(string normalized)
    {
        var runes = normalized.EnumerateRunes().ToList();
        if (runes.Count < MinimumLength)
        {
            return 0;
        }
        bool lower = false, upper = false, digit = false, symbol = false, other = false;
        foreach (var r in runes)
        {
            if (r.Value is >= 'a' and <= 'z')
            {
                lower = true;
            }
            else if (r.Value is >= 'A' and <= 'Z')
            {
                upper = true;
            }
            else if (r.Value is >= '0' and <= '9')
            {
                digit = true;
            }
            else if (r.Value is >= 0x20 and < 0x7F)
            {
                symbol = true;
            }
            else
            {
                other = true;
            }
        }
        var alphabet = (lower ? 26 : 0) + (upper ? 26 : 0) + (digit ? 10 : 0) + (symbol ? 33 : 0) + (other ? 100 : 0);
        var bitsPerCharacter = Math.Log2(alphabet);
        var bits = bitsPerCharacter;
        for (var i = 1; i < runes.Count; i++)
        {
            var step = Math.Abs(runes[i].Value - runes[i - 1].Value);
            bits += step <= 1 ? 1 : bitsPerCharacter;
        }
        return bits switch
        {
            < 30 => 0,
            < 45 => 1,
            < 60 => 2,
            < 80 => 3,
            _ => 4,
        };
    }

    private static PasswordCheck Reject(PasswordRejection rejection) => new(rejection, ReasonFor(rejection), 0);

    private bool IsCommon(string lower, string core)
    {
        foreach (var candidate in new[] { lower, core }.Distinct())
        {
            if (LengthOf(candidate) < 4)
            {
                continue;
            }
            if (_common.Contains(candidate) || _common.Contains(Unleet(candidate, 'i')) || _common.Contains(Unleet(candidate, 'l')))
            {
                return true;
            }
            // "P4ssw0rd!" has its trailing symbol stripped only after the swaps are undone.
            var unleeted = TrimNonLetters(Unleet(candidate, 'i'));
            if (LengthOf(unleeted) >= 4 && _common.Contains(unleeted))
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>
    /// The username, the full name and the e-mail local parts may not appear anywhere; a first or last name may appear
    /// in a longer passphrase, but not carry the password ("Smith2024!": what is left without it is under 8 characters).
    /// </summary>
    private static bool IsBuiltOnNames(string lower, string core, PasswordOwner owner)
    {
        var identifiers = new List<string> { owner.Username };
        var parts = new List<string>();
        var nameParts = Words(owner.DisplayName);
        parts.AddRange(nameParts);
        if (nameParts.Count > 1)
        {
            identifiers.Add(string.Concat(nameParts));
        }
        foreach (var email in owner.EmailAddresses ?? [])
        {
            var at = email.IndexOf('@', StringComparison.Ordinal);
            var local = at > 0 ? email[..at] : email;
            identifiers.Add(local);
            parts.AddRange(Words(local));
        }

        var squeezed = new string(lower.Where(c => !char.IsWhiteSpace(c)).ToArray());
        foreach (var identifier in identifiers.Select(i => Normalize(i).ToLowerInvariant()).Where(i => LengthOf(i) >= 3))
        {
            if (lower.Contains(identifier, StringComparison.Ordinal) || squeezed.Contains(identifier, StringComparison.Ordinal))
            {
                return true;
            }
        }
        foreach (var part in parts.Where(p => LengthOf(p) >= 3))
        {
            if (core == part || (lower.Contains(part, StringComparison.Ordinal) && LengthOf(lower.Replace(part, "", StringComparison.Ordinal)) < MinimumLength))
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>
    /// True when what is left without the context words (and with the usual swaps undone) is under 8 characters:
    /// "Harvard2026!", "eCommons2026!", "H@rvard2026". Short words count only as whole words ("rhythms" is fine).
    /// </summary>
    private static bool IsBuiltOnContextWords(string lower)
    {
        foreach (var candidate in new[] { lower, Unleet(lower, 'i'), Unleet(lower, 'l') }.Distinct())
        {
            var rest = candidate;
            var found = false;
            foreach (var word in ContextWords)
            {
                var pattern = word.Length < 5 ? $"(?<![a-z]){word}(?![a-z])" : word;
                var without = Regex.Replace(rest, pattern, " ", RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
                found |= !string.Equals(without, rest, StringComparison.Ordinal);
                rest = without;
            }
            if (found && LengthOf(CollapseWhitespace(rest)) < MinimumLength)
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>Runs of white space as one space, none at the ends.</summary>
    private static string CollapseWhitespace(string text) =>
        string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    private static List<string> Words(string? text) => string.IsNullOrWhiteSpace(text)
        ? []
        : Normalize(text).ToLowerInvariant()
            .Split([' ', '.', '_', '-', '+', ',', '\''], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .ToList();

    /// <summary>One character repeated, a short group repeated ("abcabcab"), or a straight run ("12345678", "hgfedcba").</summary>
    private static bool IsRepeatedOrSequential(string text)
    {
        var runes = text.EnumerateRunes().Select(r => r.Value).ToArray();
        if (runes.Length < 2)
        {
            return false;
        }
        for (var period = 1; period <= 4 && period * 2 <= runes.Length; period++)
        {
            var periodic = true;
            for (var i = period; i < runes.Length && periodic; i++)
            {
                periodic = runes[i] == runes[i - period];
            }
            if (periodic)
            {
                return true;
            }
        }
        var step = runes[1] - runes[0];
        if (Math.Abs(step) != 1)
        {
            return false;
        }
        for (var i = 2; i < runes.Length; i++)
        {
            if (runes[i] - runes[i - 1] != step)
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>Without leading and trailing digits, symbols and spaces: "2024Sunshine!" → "sunshine".</summary>
    private static string TrimNonLetters(string text)
    {
        var start = 0;
        var end = text.Length;
        while (start < end && !char.IsLetter(text[start]))
        {
            start++;
        }

        while (end > start && !char.IsLetter(text[end - 1]))
        {
            end--;
        }

        return text[start..end];
    }

    /// <summary>Undoes the swaps everybody makes ("p@ssw0rd"); <paramref name="one"/> is what 1 stands for.</summary>
    private static string Unleet(string text, char one)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            builder.Append(c switch
            {
                '0' => 'o',
                '1' => one,
                '3' => 'e',
                '4' or '@' => 'a',
                '5' or '$' => 's',
                '7' => 't',
                _ => c,
            });
        }
        return builder.ToString();
    }

    private static PasswordPolicy LoadEmbedded()
    {
        using var stream = typeof(PasswordPolicy).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"{ResourceName} is not embedded in HelpBot.Dialogs.");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var lines = new List<string>();
        while (reader.ReadLine() is { } line)
        {
            if (line.Length > 0)
            {
                lines.Add(line);
            }
        }
        return new PasswordPolicy(lines);
    }
}
