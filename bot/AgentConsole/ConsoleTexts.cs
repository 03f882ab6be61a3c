using HelpBot.Dialogs.Handoff;
using HelpBot.Dialogs.Recognition;

namespace HelpBot.Bot.AgentConsole;

/// <summary>Every word the console shows agents, and what the console sends users on an agent's behalf.</summary>
internal static class ConsoleTexts
{
    public const string Title = "HelpBot service desk";
    public const string SignInTitle = "Sign in to the service desk";
    public const string SignInIntro = "For HMS IT service-desk agents. Use your agent account.";
    public const string SignInWrong = "That username and password don't match an agent account. Check both and try again.";
    public const string SignInLockedOut = "Too many wrong passwords: this agent account is locked for a while. Try again later, or ask a desk administrator to reset it.";
    public const string SignInThrottled = "Too many failed sign-ins for this name from this computer. Please wait 15 minutes and try again, or ask a desk administrator.";
    public const string SignInExpiredForm = "The sign-in form had expired. Please sign in again.";

    public static string AlreadyTakenBy(string agentName) => $"Already taken by {agentName}.";
    public const string NotYours = "This conversation is handled by another agent.";
    public const string NotOpen = "This conversation is no longer open.";
    public const string UnknownTicket = "There is no such ticket.";
    public const string DepartmentalNoInvite = "This is a departmental account: it can't be unlocked or reset by the user in the chat, so no invitation was sent. Unlock or reset it with the department's account owner in the Service Desk's own tools, and tell the user here what happens next.";
    public const string EmptyMessage = "Type a message first.";
    public const string MessageTooLong = "That message is too long; please split it (at most 2,000 characters).";
    public const string UnknownAgent = "There is no such agent to transfer to.";
    public const string UserUnreachable = "The user's conversation could not be reached; your message was not delivered. The user may have closed the chat: resolve the ticket with a note, or call them if they left a number.";

    /// <summary>What the user receives when an agent sends them the SafeCode-verified unlock (an action on their behalf).</summary>
    public const string UnlockInvite =
        "You can unlock your account yourself, safely: when this chat with the Service Desk ends, type \"unlock my account\". " +
        "I'll send a 6-digit SafeCode to your text-enabled phone or alternate e-mail; type it into this chat, and never tell it to anyone, including the Service Desk.";

    public const string ResetInvite =
        "You can set a new password yourself, safely: when this chat with the Service Desk ends, type \"reset my password\". " +
        "I'll send a 6-digit SafeCode to your text-enabled phone or alternate e-mail and, once you type it here, a one-time link to set the new password. " +
        "Nobody at the Service Desk will ever ask for your password or code.";

    /// <summary>Why the bot handed over, as agents say it (the words console.js and metrics.js show too).</summary>
    public static readonly IReadOnlyDictionary<EscalationReason, string> ReasonWords = new Dictionary<EscalationReason, string>
    {
        [EscalationReason.UserAsked] = "Asked for a person",
        [EscalationReason.Misunderstood] = "Bot didn't understand",
        [EscalationReason.DepartmentalAccount] = "Departmental account",
        [EscalationReason.SafeCodeBlocked] = "SafeCode blocked (24 h)",
        [EscalationReason.NoContactMethod] = "No SafeCode contact on file",
        [EscalationReason.NeedsSsn] = "Registration needs SSN",
        [EscalationReason.Other] = "Other",
    };

    public static string ReasonInWords(EscalationReason reason) => ReasonWords.TryGetValue(reason, out var words) ? words : reason.ToString();

    /// <summary>What the user wanted, as an agent says it (the store keeps the recognizer's intent names).</summary>
    public static readonly IReadOnlyDictionary<string, string> IntentWords = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [Intents.UnlockAccount] = "Unlock an account",
        [Intents.ForgotPassword] = "Forgotten password",
        [Intents.ChangePassword] = "Change a password",
        [Intents.PasswordExpiring] = "Password expiring",
        [Intents.HuidLookup] = "Find a Harvard ID",
        [Intents.GuestKeySponsor] = "Sponsor a guest",
        [Intents.GuestKeyRegister] = "Register with a guest key",
        [Intents.ECommonsRegister] = "Register for eCommons",
        [Intents.UpdateProfile] = "Update e-mail or address",
        [Intents.DepartmentalAccount] = "Departmental account",
        [Intents.TalkToAgent] = "Asked for a person",
        [Intents.HarvardKeyHelp] = "HarvardKey help",
        [Intents.HuidPinHelp] = "Harvard ID PIN",
        [Intents.SafeCodeHelp] = "Asked about SafeCode",
        [Intents.ContactOffice] = "Who to contact about a Harvard ID",
        [Intents.DeviceLockouts] = "Devices to update after a password change",
        [Intents.Greeting] = "Said hello",
        [Intents.Help] = "Asked what the bot can do",
        [Intents.Cancel] = "Cancelled",
        [Intents.None] = "Not understood",
    };

    /// <summary>Where the user is writing from, as an agent says it (the Bot Framework's channel ids).</summary>
    public static readonly IReadOnlyDictionary<string, string> ChannelWords = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        ["directline"] = "Web chat",
        ["webchat"] = "Web chat",
        ["msteams"] = "Teams",
        ["emulator"] = "Bot Framework Emulator",
        ["test"] = "Test",
    };

    /// <summary>An intent in words; one this list doesn't know yet is shown without its underscores.</summary>
    public static string IntentInWords(string? intent) =>
        string.IsNullOrWhiteSpace(intent) ? "—"
        : IntentWords.TryGetValue(intent, out var words) ? words
        : Capitalized(intent.Replace('_', ' '));

    /// <summary>A channel in words; an unknown channel keeps its id, capitalised.</summary>
    public static string ChannelInWords(string? channel) =>
        string.IsNullOrWhiteSpace(channel) ? "Unknown"
        : ChannelWords.TryGetValue(channel, out var words) ? words
        : Capitalized(channel);

    private static string Capitalized(string text) => string.Concat(text[..1].ToUpperInvariant(), text[1..]);

    /// <summary>Canned answers: the page's own numbers and links (seed/accounts-and-access.txt).</summary>
    public static readonly IReadOnlyList<(string Label, string Text)> CannedAnswers =
    [
        ("Service Desk", "You can reach the HMS IT Service Desk at 617-432-2000."),
        ("eCommons", "You can sign in, unlock your account or change your password at http://ecommons.med.harvard.edu."),
        ("Forgot password", "Go to http://ecommons.med.harvard.edu and click \"I forgot my password\", enter your eCommons username or e-mail, and confirm the SafeCode sent to your phone or alternate e-mail."),
        ("Update devices", "After a password change, update it on every device and app that saved it (Wi-Fi, VPN, Outlook, phones and tablets); an old password saved somewhere causes new lockouts."),
        ("SafeCode", "A SafeCode is a single-use 6-digit code sent to your text-enabled phone or non-HMS e-mail. To learn more about SafeCode, see the Account Security page."),
        ("Departmental account", "Departmental accounts are unlocked by the Service Desk (617-432-2000); I'll take care of it with you here."),
        ("Harvard ID", "Your Harvard ID is the first eight digits of the number on your Harvard ID badge. HMS and HSDM staff and faculty: HMS Human Resources, human_resources@hms.harvard.edu. HMS students: Registrar 617-432-1515."),
        ("HUID PIN", "For your Harvard PIN, use the Harvard PIN management page; the HUIT Help Desk can help at 617-496-9001."),
        ("HarvardKey", "To reset or change your HarvardKey password, or if you forgot your HarvardKey login name, visit key.harvard.edu."),
        ("Guest key", "Guests are sponsored by full-time staff or on-quad faculty through the Invited User Request Form; the sponsor receives the Guest Key and passes it on."),
        ("Whitepages", "You can change your e-mail and other details at http://whitepages.med.harvard.edu (sign in with eCommons); changes from HR may take a while to appear."),
    ];
}
