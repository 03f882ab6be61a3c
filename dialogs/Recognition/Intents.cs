namespace HelpBot.Dialogs.Recognition;

/// <summary>
/// The intent names the recognizer can return. They are the labels in <c>Data/train.tsv</c> and <c>Data/eval.tsv</c>,
/// so a rename here is a rename there (a test checks both files use only these names).
/// </summary>
public static class Intents
{
    public const string UnlockAccount = "unlock_account";
    public const string ForgotPassword = "forgot_password";
    public const string ChangePassword = "change_password";
    public const string PasswordExpiring = "password_expiring";
    public const string HuidLookup = "huid_lookup";
    public const string GuestKeySponsor = "guest_key_sponsor";
    public const string GuestKeyRegister = "guest_key_register";
    public const string ECommonsRegister = "ecommons_register";
    public const string UpdateProfile = "update_profile";
    public const string DepartmentalAccount = "departmental_account";
    public const string TalkToAgent = "talk_to_agent";
    public const string HarvardKeyHelp = "harvardkey_help";
    public const string HuidPinHelp = "huid_pin_help";
    public const string SafeCodeHelp = "safecode_help";
    public const string ContactOffice = "contact_office";
    public const string DeviceLockouts = "device_lockouts";
    public const string Greeting = "greeting";
    public const string Help = "help";
    public const string Cancel = "cancel";
    public const string None = "none";

    /// <summary>Every intent, in a stable order (the order reports list them in).</summary>
    public static IReadOnlyList<string> All { get; } =
    [
        UnlockAccount, ForgotPassword, ChangePassword, PasswordExpiring, HuidLookup, GuestKeySponsor, GuestKeyRegister,
        ECommonsRegister, UpdateProfile, DepartmentalAccount, TalkToAgent, HarvardKeyHelp, HuidPinHelp, SafeCodeHelp,
        ContactOffice, DeviceLockouts, Greeting, Help, Cancel, None,
    ];

    public static bool IsKnown(string name) => All.Contains(name, StringComparer.Ordinal);
}
