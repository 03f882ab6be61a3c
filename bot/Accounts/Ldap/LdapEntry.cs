using System.Globalization;
using System.Text;

namespace HelpBot.Bot.Accounts.Ldap;

/// <summary>One directory entry as plain strings (attribute names case-insensitive), so the mapping is testable without a server.</summary>
public sealed class LdapEntry(string dn, IEnumerable<KeyValuePair<string, string[]>> attributes)
{
    private readonly Dictionary<string, string[]> _attributes = new(attributes, StringComparer.OrdinalIgnoreCase);

    public string Dn { get; } = dn;

    public IReadOnlyList<string> All(string? attribute) =>
        attribute is not null && _attributes.TryGetValue(attribute, out var values) ? values : [];

    public string? First(string? attribute) => All(attribute).FirstOrDefault(v => !string.IsNullOrWhiteSpace(v))?.Trim();

    public bool Has(string? attribute) => First(attribute) is not null;
}

/// <summary>Small LDAP encodings: RFC 4515 filter values, GeneralizedTime, Windows FILETIME, and the Password Modify request.</summary>
public static class LdapEncoding
{
    /// <summary>Escapes a value for an LDAP search filter (RFC 4515): <c>*</c>, <c>(</c>, <c>)</c>, <c>\</c>, NUL and other control characters.</summary>
    public static string EscapeFilterValue(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var sb = new StringBuilder(value.Length + 8);
        foreach (var c in value)
        {
            if (c is '*' or '(' or ')' or '\\' || c < 0x20 || c == 0x7f)
            {
                sb.Append('\\').Append(((int)c).ToString("x2", CultureInfo.InvariantCulture));
            }
            else
            {
                sb.Append(c);
            }
        }
        return sb.ToString();
    }

    private static readonly string[] GeneralizedTimeFormats =
    [
        "yyyyMMddHHmmss'Z'", "yyyyMMddHHmmss.FFFFFFF'Z'", "yyyyMMddHHmmss,FFFFFFF'Z'", "yyyyMMddHHmm'Z'", "yyyyMMddHH'Z'",
    ];

    /// <summary>A GeneralizedTime in UTC (<c>20260301120000Z</c>, fractions allowed); null when absent or not a real date.</summary>
    public static DateTimeOffset? ParseGeneralizedTime(string? value) =>
        value is not null && DateTimeOffset.TryParseExact(value.Trim(), GeneralizedTimeFormats, CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var parsed)
            ? parsed
            : null;

    /// <summary>An Active Directory FILETIME (100 ns since 1601, UTC); null for 0, "never" (Int64.MaxValue) and junk.</summary>
    public static DateTimeOffset? ParseFileTime(string? value) =>
        long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var ticks) && ticks > 0 && ticks < long.MaxValue
            ? DateTimeOffset.FromFileTime(ticks).ToUniversalTime()
            : null;

    /// <summary>The request value of the Password Modify extended operation (RFC 3062): SEQUENCE { userIdentity [0], newPasswd [2] }.</summary>
    public static byte[] PasswordModifyRequest(string userDn, string newPassword)
    {
        var body = new List<byte>();
        AppendTlv(body, 0x80, Encoding.UTF8.GetBytes(userDn));
        AppendTlv(body, 0x82, Encoding.UTF8.GetBytes(newPassword));
        var sequence = new List<byte>();
        AppendTlv(sequence, 0x30, [.. body]);
        return [.. sequence];
    }

    private static void AppendTlv(List<byte> into, byte tag, byte[] value)
    {
        into.Add(tag);
        if (value.Length < 0x80)
        {
            into.Add((byte)value.Length);
        }
        else
        {
            var length = new List<byte>();
            for (var n = value.Length; n > 0; n >>= 8)
            {
                length.Insert(0, (byte)(n & 0xff));
            }
            into.Add((byte)(0x80 | length.Count));
            into.AddRange(length);
        }
        into.AddRange(value);
    }
}
