namespace HelpBot.Dialogs.Accounts;

/// <summary>What the account flows say while finding the account. Same words whether or not it exists (R1).</summary>
public static class AccountTexts
{
    /// <summary>A second task for the account verified a few minutes ago in this chat.</summary>
    public static string AlreadyVerified(string username) =>
        $"You confirmed it's you with a SafeCode a few minutes ago, so there's no need for another code for {username}.";

    public const string AskIdentifier = "What's your eCommons username or email address?";

    public const string IdentifierHelp =
        "Your eCommons username is what you type to log into eCommons (for example jsmith). Your HMS email address works too. I never need your password.";

    public const string IdentifierRetry = "Please type your eCommons username (like jsmith) or your email address.";

    public const string ForgotUsername =
        "No problem: your email address works wherever I ask for your username (the address your eCommons account has). If you don't know that either, the HMS IT Service Desk can look it up for you: call 617-432-2000, or say \"talk to a person\".";

    public const string DirectoryDown =
        "The account directory isn't answering right now, so I can't do this at the moment. Please try again in a few minutes, or call the HMS IT Service Desk at 617-432-2000.";

    public const string StillWorking = "Still working on it: the account directory is slow to answer right now. One moment, please.";

    public const string Departmental =
        "That's a departmental (shared) account. For everyone's safety, departmental accounts can't be unlocked or reset here: a Service Desk representative will help you. Call the HMS IT Service Desk at 617-432-2000.";

    public const string PrivateChatOnly =
        "Account help is private, so I only do it in a one-to-one chat: open a chat with HelpBot (or select my name and choose Chat) and ask me there. Anyone here can still ask me general questions.";

    public const string NeverTypePassword = "Please don't type passwords into this chat. I'll never ask for one: you set a new password on a secure page instead.";
}
