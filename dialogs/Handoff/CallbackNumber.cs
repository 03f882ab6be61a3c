namespace HelpBot.Dialogs.Handoff;

/// <summary>A phone number typed for a call back: US numbers (10 digits, optional 1) or international with +.</summary>
public static class CallbackNumber
{
    /// <summary>"(617) 555-0101" → "+16175550101"; false when it is not a plausible number.</summary>
    public static bool TryNormalize(string? text, out string e164)
    {
        e164 = "";
        var trimmed = (text ?? "").Trim();
        if (trimmed.Length is 0 or > 30 || trimmed.Any(c => !(char.IsAsciiDigit(c) || c is ' ' or '-' or '.' or '(' or ')' or '+')))
        {
            return false;
        }
        var digits = new string(trimmed.Where(char.IsAsciiDigit).ToArray());
        if (trimmed.StartsWith('+'))
        {
            if (trimmed.LastIndexOf('+') != 0 || digits.Length is < 8 or > 15 || digits[0] == '0')
            {
                return false;
            }
            e164 = "+" + digits;
            return !digits.StartsWith('1') || IsNanp(digits[1..]);
        }
        if (digits.Length == 11 && digits[0] == '1')
        {
            digits = digits[1..];
        }
        if (digits.Length != 10 || !IsNanp(digits))
        {
            return false;
        }
        e164 = "+1" + digits;
        return true;
    }

    // North American numbers: area code and exchange start with 2-9.
    private static bool IsNanp(string tenDigits) => tenDigits.Length == 10 && tenDigits[0] >= '2' && tenDigits[3] >= '2';
}
