using System.Security.Cryptography;
using System.Text;

namespace HelpBot.Dialogs.GuestKeys;

/// <summary>
/// Guest keys look like <c>K7QM-4TXP-9HRW-C2NB</c>: 16 characters from a 31-character alphabet without the look-alikes
/// 0/O, 1/I/L, drawn one by one from the cryptographic generator (16 × log2 31 ≈ 79 bits), in four groups so they
/// can be read aloud or typed from paper. Typed keys are accepted in any case, with or without dashes or spaces.
/// </summary>
public static class GuestKeyFormat
{
    public const string Alphabet = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";
    public const int Length = 16;
    public const int GroupSize = 4;

    /// <summary>Bits of entropy of one key.</summary>
    public static double EntropyBits => Length * Math.Log2(Alphabet.Length);

    public static string NewKey()
    {
        var chars = new char[Length];
        for (var i = 0; i < Length; i++)
        {
            chars[i] = Alphabet[RandomNumberGenerator.GetInt32(Alphabet.Length)];
        }
        return Group(new string(chars));
    }

    /// <summary>The 16 characters as typed, upper-cased, without separators; null when it cannot be a key.</summary>
    public static string? Normalize(string? typed)
    {
        if (typed is null || typed.Length > 64)
        {
            return null;
        }
        var compact = new StringBuilder(Length);
        foreach (var c in typed)
        {
            if (c is '-' or ' ' or '\u2010' or '\u2011' or '\u2013' or '\u2014' || char.IsWhiteSpace(c))
            {
                continue;
            }
            var upper = char.ToUpperInvariant(c);
            if (!Alphabet.Contains(upper, StringComparison.Ordinal))
            {
                return null;
            }
            compact.Append(upper);
        }
        return compact.Length == Length ? compact.ToString() : null;
    }

    /// <summary>The keyed hash that is stored instead of the key (lower-case hex of HMAC-SHA256 over the normalised key).</summary>
    public static string Hash(GuestKeyHashKey key, string normalizedKey)
    {
        ArgumentNullException.ThrowIfNull(key);
        return Convert.ToHexStringLower(HMACSHA256.HashData(key.Bytes, Encoding.UTF8.GetBytes("guestkey:" + normalizedKey)));
    }

    private static string Group(string compact) =>
        string.Join('-', Enumerable.Range(0, Length / GroupSize).Select(g => compact.Substring(g * GroupSize, GroupSize)));
}
