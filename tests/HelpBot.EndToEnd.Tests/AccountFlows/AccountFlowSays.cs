using System.Text.RegularExpressions;

namespace HelpBot.EndToEnd.Tests.AccountFlows;

/// <summary>
/// The words of the unlock and reset flows as the browser shows them (dialogs/Accounts/AccountTexts.cs,
/// dialogs/SafeCode/SafeCodeDialogTexts.cs, cards/AccountCards.cs, bot/PasswordReset/ResetPageTexts.cs). Patterns are
/// loose where Web Chat's markdown curls quotes and apostrophes.
/// </summary>
internal static partial class AccountFlowSays
{
    public const string ForgotPassword = "I forgot my password";

    public const string TextChoice = "My text-enabled phone";

    public const string EmailChoice = "My alternate email";

    public const string UnlockedTitle = "Your account is unlocked";

    public const string SetPasswordButton = "Set my new password";

    public const string DeviceChecklistTitle = "Update your new password everywhere";

    /// <summary>One of the places to update, in both the unlock card and the checklist after a reset.</summary>
    public const string ADeviceToUpdate = "HMS VPN";

    public const string ResetFormTitle = "Set a new password";

    public const string ResetFormSubmit = "Set password";

    public const string ResetSuccessTitle = "Your password was changed";

    /// <summary>PasswordPolicy.ReasonFor(PasswordRejection.Common), shown on the reset page.</summary>
    public const string CommonPasswordReason = "This password is on a list of common or breached passwords";

    public static Regex AskIdentifier { get; } = AskIdentifierPattern();

    public static Regex ChooseChannel { get; } = ChooseChannelPattern();

    public static Regex CodeTexted { get; } = CodeTextedPattern();

    public static Regex CodeEmailed { get; } = CodeEmailedPattern();

    public static Regex RightCode { get; } = RightCodePattern();

    /// <summary>ChatPasswordChangeNotifications.ChangedText: pushed into the chat when the reset page sets the password.</summary>
    public static Regex PasswordChangedAt { get; } = PasswordChangedAtPattern();

    [GeneratedRegex(@"What.s your eCommons username or email address\?")]
    private static partial Regex AskIdentifierPattern();

    [GeneratedRegex(@"I.ll send you a SafeCode: a 6-digit code that works once\. Where should I send it\?")]
    private static partial Regex ChooseChannelPattern();

    [GeneratedRegex(@"I.ve just texted a 6-digit SafeCode")]
    private static partial Regex CodeTextedPattern();

    [GeneratedRegex(@"I.ve just emailed a 6-digit SafeCode")]
    private static partial Regex CodeEmailedPattern();

    [GeneratedRegex(@"Thanks, that.s the right code\.")]
    private static partial Regex RightCodePattern();

    [GeneratedRegex(@"Your password was changed at \d{1,2}:\d{2} [AP]M (?:Eastern time|UTC)\. If you didn.t do this, call the HMS IT Service Desk at 617-432-2000")]
    private static partial Regex PasswordChangedAtPattern();
}
