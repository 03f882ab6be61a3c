using HelpBot.Dialogs.Messaging;

namespace HelpBot.Dialogs.SafeCode;

/// <summary>What the SafeCode step says. The same words whether or not the account exists (R1).</summary>
public static class SafeCodeDialogTexts
{
    public const string ChooseChannel = "To keep your account safe, I'll send you a SafeCode: a 6-digit code that works once. Where should I send it?";

    public const string TextChoice = "My text-enabled phone";

    public const string EmailChoice = "My alternate email";

    public static string TextTo(string masked) => $"Text {masked}";

    public static string EmailTo(string masked) => $"Email {masked}";

    public const string ChannelHelp =
        "A SafeCode proves it's really you before anything about your account changes. Texts are quick, but a text message can be intercepted or redirected (for example if someone takes over your phone number), so your alternate (non-HMS) email is always offered too. Choose whichever you can check right now.";

    /// <param name="lifetime">How long a code works (<see cref="SafeCodeOptions.Lifetime"/>); the default when not given.</param>
    public static string SentIfOnFile(MessageChannel channel, TimeSpan? lifetime = null) => channel == MessageChannel.Text
        ? $"If that account has a text-enabled phone on file, I've just texted a 6-digit SafeCode to it. It works once, for {For(lifetime)}. Type it here when it arrives. (Didn't get it? Say \"resend\", or \"use email\" to get it by email instead.)"
        : $"If that account has an alternate email address on file, I've just emailed a 6-digit SafeCode to it. It works once, for {For(lifetime)}. Type it here when it arrives. (Didn't get it? Say \"resend\", or \"use text\" to get it by text instead.)";

    public static string SentTo(string masked, TimeSpan? lifetime = null) =>
        $"I've sent a 6-digit SafeCode to {masked}. It works once, for {For(lifetime)}. Type it here when it arrives. (Didn't get it? Say \"resend\".)";

    public const string NotArrived =
        "Sorry it hasn't arrived. Messages can take a minute or two, so I'm sending a new code now. If it still doesn't come, check that the username you gave me is right, try the other way (say \"use email\" or \"use text\"), or call the HMS IT Service Desk at 617-432-2000.";

    public const string TypeCodeOrResend = "Type the 6-digit SafeCode, or say \"resend\" for a new one.";

    public const string CodeRetry = "A SafeCode is 6 digits, like 123456. Type the code from your message, or say \"resend\" for a new one.";

    public static string CodeHelp(TimeSpan? lifetime = null) =>
        $"Check your phone's text messages (or your alternate email, including its spam folder) for a message from HMS IT with a 6-digit code, and type those 6 digits here. Codes work once and expire after {For(lifetime)}. Say \"resend\" for a new code, or \"talk to a person\" for help.";

    public const string Verified = "Thanks, that's the right code.";

    public static string Wrong(int attemptsLeft) => attemptsLeft == 1
        ? "That code isn't right. You have 1 more try with this code."
        : $"That code isn't right. You have {attemptsLeft} more tries with this code.";

    public const string Voided = "That code was entered wrongly too many times, so it no longer works. Say \"resend\" and I'll send a new one.";

    public const string Expired = "That code has expired or was already used. Say \"resend\" and I'll send a new one.";

    public const string Blocked =
        "For your security, self-service is paused on this account for 24 hours after several wrong codes. Please call the HMS IT Service Desk at 617-432-2000: they can verify you and help right away.";

    public const string Throttled =
        "I've sent several codes recently, so I'll wait a little before sending another (this stops anyone flooding a phone or inbox). Please try again later, or call the HMS IT Service Desk at 617-432-2000.";

    public const string NoDestination =
        "There's no text-enabled phone or alternate email on file for your account, so I can't send you a SafeCode. The HMS IT Service Desk can verify you another way: call 617-432-2000.";

    /// <summary>A Teams-proven account asked for a way it has nothing on file for; <paramref name="other"/> is the button for the way it has.</summary>
    public static string NotOnFile(MessageChannel wanted, string other) => wanted == MessageChannel.Text
        ? $"There's no text-enabled phone on file for your account, so I can't text the code. I can send it by email instead: tap \"{other}\" or say \"email\". To add a phone number, call the HMS IT Service Desk at 617-432-2000."
        : $"There's no alternate email on file for your account, so I can't email the code. I can text it instead: tap \"{other}\" or say \"text\". To add an email address, call the HMS IT Service Desk at 617-432-2000.";

    public const string GaveUp = "Let's stop here for now. If you need help with the code, call the HMS IT Service Desk at 617-432-2000.";

    private static string For(TimeSpan? lifetime) => SafeCodeTexts.Minutes(lifetime ?? SafeCodeOptions.DefaultLifetime);
}
