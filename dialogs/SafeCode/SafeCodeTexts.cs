using System.Globalization;

namespace HelpBot.Dialogs.SafeCode;

/// <summary>The words of the SafeCode message itself, and the help text about the two channels (S9).</summary>
public static class SafeCodeTexts
{
    public const string EmailSubject = "Your HMS IT SafeCode";

    /// <summary>For the dialog's channel choice: texts are the weaker channel, so the alternate e-mail is always offered too (S9).</summary>
    public const string ChannelHelp =
        "I can send your SafeCode by text message or to your alternate (non-HMS) e-mail address. " +
        "Text messages are a little less secure — a phone number can be taken over — so choose e-mail if you prefer.";

    public static string TextMessage(string code, TimeSpan lifetime) => string.Create(CultureInfo.InvariantCulture,
        $"HMS IT SafeCode: {code}. It works once, for {Minutes(lifetime)}. Never share it: HMS IT will never ask you for it.");

    public static string EmailBody(string code, TimeSpan lifetime) => string.Create(CultureInfo.InvariantCulture, $"""
        Hello,

        Your HMS IT SafeCode is {code}

        Type it in the HelpBot chat where you asked for it. It works once, for {Minutes(lifetime)}.
        Never share this code with anyone: HMS IT will never ask you for it.

        If you didn't ask for a code, you can ignore this message; nothing has changed on your account.
        Questions? Call the HMS IT Service Desk at 617-432-2000.
        """);

    /// <summary>"5 minutes", "1 minute": whole minutes, rounded up.</summary>
    internal static string Minutes(TimeSpan lifetime)
    {
        var minutes = (int)Math.Ceiling(lifetime.TotalMinutes);
        return minutes == 1 ? "1 minute" : string.Create(CultureInfo.InvariantCulture, $"{minutes} minutes");
    }
}
