using HelpBot.Dialogs.Accounts;
using HelpBot.Dialogs.PasswordReset;

namespace HelpBot.Bot.PasswordReset;

/// <summary>Every word the reset page says, in one place.</summary>
internal static class ResetPageTexts
{
    public const string ServiceDesk = "617-432-2000";
    public const string FormTitle = "Set a new password";
    public const string ExpiredTitle = "This link no longer works";
    public const string Expired = "This link has expired or was already used. Go back to the chat and ask for a new one, or call the HMS IT Service Desk at 617-432-2000.";
    public const string SuccessTitle = "Your password was changed";
    public const string Success = "Your new password works now, and your account is unlocked. Go back to the chat: HelpBot has posted there when it was changed and what to update next.";
    public const string SuccessDevices = "Update the new password on every device and app that saves it (phone mail, WiFi, VPN, laptops), or an old saved password can lock you out again.";
    public const string Mismatch = "The two passwords don't match. Type the same password in both fields.";
    public const string Help = "At least 8 characters; 15 or more is better. A few unrelated words make a strong passphrase you can remember. Any characters, spaces and symbols included; no special rules.";
    public const string Once = "This page works once, for a few minutes. Your password never goes through the chat, and nobody at HMS IT will ask you for it.";
    public const string CrossSiteTitle = "This request was refused";
    public const string CrossSite = "The password form must be sent from this page itself. Open the link from the chat again.";
    public const string BadRequestTitle = "Something was missing";
    public const string BadRequest = "The form didn't arrive complete. Open the link from the chat again and fill in both fields.";
    public const string NotEligibleTitle = "This account can't be reset here";
    public const string NotEligible = "This account's password can't be changed by self-service. Call the HMS IT Service Desk at 617-432-2000 and a representative will help you.";
    public const string FailedTitle = "Your password was not changed";
    public const string Failed = "The account directory didn't answer, so nothing was changed. Go back to the chat and ask for a new link in a few minutes, or call the HMS IT Service Desk at 617-432-2000.";
    public const string UnavailableTitle = "Please try again shortly";
    public const string Unavailable = "The account directory isn't answering right now, so nothing was changed. Your link still works: come back to this page in a few minutes and try again, or call the HMS IT Service Desk at 617-432-2000.";
    public const string RefusedIntro = "The account directory didn't accept that password, so nothing was changed. Your link still works: choose another password.";
    public const string RefusedUnknown = "If another one is refused too, call the HMS IT Service Desk at 617-432-2000.";

    public const string NotMetIntro = "That password doesn't meet your account's rules, so nothing was changed. Your link still works: choose another password.";

    /// <summary>The form's help when the directory has rules of its own: what they are, in plain words.</summary>
    public static string HelpFor(DirectoryPasswordPolicy? policy) => policy is null
        ? Help
        : $"Your account needs {Rules(policy)}. A few unrelated words with a capital and a digit make a strong passphrase you can remember.";

    /// <summary>The refusal in plain words, with what the directory requires of this account when it could be read.</summary>
    public static string Refused(DirectoryPasswordPolicy? policy, string intro = RefusedIntro) =>
        policy is null ? $"{intro} {RefusedUnknown}" : $"{intro} It needs {Rules(policy)}. {RefusedUnknown}";

    private static string Rules(DirectoryPasswordPolicy policy)
    {
        var rules = new List<string> { $"at least {Math.Max(policy.MinLength, PasswordPolicy.MinimumLength)} characters" };
        if (policy.Complexity)
        {
            rules.Add("characters of at least three kinds: capital letters, small letters, digits, symbols");
            rules.Add("not your username or your name");
        }
        if (policy.HistoryLength > 0)
        {
            rules.Add(policy.HistoryLength == 1 ? "not your current password" : $"not one of your last {policy.HistoryLength} passwords");
        }
        return string.Join("; ", rules);
    }
}
