namespace HelpBot.Dialogs.Messaging;

/// <summary>How a destination may appear anywhere but the message itself: in logs, the audit log, and to a proven user (R1, C5).</summary>
public static class Mask
{
    public const string Dots = "••••";

    /// <summary>"+16175550101" → "•••• 0101".</summary>
    public static string Phone(string? phone)
    {
        var digits = new string((phone ?? "").Where(char.IsAsciiDigit).ToArray());
        return digits.Length < 4 ? Dots : $"{Dots} {digits[^4..]}";
    }

    /// <summary>"jane.smith@example.org" → "j•••@example.org".</summary>
    public static string Email(string? email)
    {
        var at = email?.LastIndexOf('@') ?? -1;
        if (email is null || at <= 0)
        {
            return Dots;
        }
        return $"{email[0]}•••{email[at..]}";
    }

    public static string Destination(MessageChannel channel, string? to) => channel == MessageChannel.Text ? Phone(to) : Email(to);
}
