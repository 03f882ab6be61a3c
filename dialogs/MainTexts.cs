using HelpBot.Cards;
using HelpBot.Dialogs.Recognition;

namespace HelpBot.Dialogs;

/// <summary>What HelpBot says when routing: greetings, clarifications, and the way to a person.</summary>
public static class MainTexts
{
    public const string Greeting = "Hello! I'm HelpBot from HMS IT. What can I help you with today?";

    public const string NothingToCancel = "There's nothing to cancel right now. What can I help you with?";

    public const string NotSure = "I'm not quite sure what you need. Did you mean one of these?";

    public const string SomethingElse = "Something else";

    public const string DidNotUnderstand =
        "Sorry, I didn't understand that. Try telling me in a few words, like \"I'm locked out\" or \"I need my Harvard ID\", or pick one of the options below.";

    public const string OfferPerson =
        "I'm sorry, I'm having trouble understanding. A person at the HMS IT Service Desk can help: call 617-432-2000.";

    public const string WhatICanDo =
        "I can unlock your eCommons account, reset a forgotten or expired password, change your password, find your Harvard ID, help you sponsor a guest or register with a guest key, register you for eCommons, update your e-mail or address, and tell you whom to contact. Just tell me what you need, or ask for a person.";

    public const string AnythingElse = "Is there anything else I can help you with?";

    public const string UnknownButton = "Sorry, I don't recognise that button any more. Please tell me what you need, or pick one of the options below.";

    public static string SwitchTopic(string newTopic) =>
        $"It sounds like you want help with something else: {newTopic}{(newTopic.EndsWith('?') || newTopic.EndsWith('.') ? "" : ".")} Shall I stop what we're doing and switch to that?";

    public const string KeepGoing = "OK, let's carry on.";

    /// <summary>Short, plain titles of what each intent does, for buttons.</summary>
    public static readonly IReadOnlyDictionary<string, string> IntentTitles = new Dictionary<string, string>
    {
        [Intents.UnlockAccount] = "Unlock my account",
        [Intents.ForgotPassword] = "Reset a forgotten password",
        [Intents.ChangePassword] = "Change my password",
        [Intents.PasswordExpiring] = "My password is expiring",
        [Intents.HuidLookup] = "Find my Harvard ID",
        [Intents.GuestKeySponsor] = "Sponsor a guest",
        [Intents.GuestKeyRegister] = "Register with a guest key",
        [Intents.ECommonsRegister] = "Register for eCommons",
        [Intents.UpdateProfile] = "Update my email or address",
        [Intents.DepartmentalAccount] = "A departmental account",
        [Intents.TalkToAgent] = "Talk to a person",
        [Intents.HarvardKeyHelp] = "HarvardKey help",
        [Intents.HuidPinHelp] = "Harvard ID and PIN",
        [Intents.SafeCodeHelp] = "What is SafeCode?",
        [Intents.ContactOffice] = "Who to contact about my Harvard ID",
        [Intents.DeviceLockouts] = "Devices to update after a password change",
    };

    /// <summary>The words the "Sponsor a guest" buttons send.</summary>
    public const string SponsorWords = "I want to sponsor a guest";

    /// <summary>The welcome card's buttons: the things people ask for most.</summary>
    public static readonly IReadOnlyList<WelcomeCard.Offer> WelcomeOffers =
    [
        new(IntentTitles[Intents.UnlockAccount], "My account is locked"),
        new(IntentTitles[Intents.ForgotPassword], "I forgot my password"),
        new(IntentTitles[Intents.HuidLookup], "What is my Harvard ID?"),
        new(IntentTitles[Intents.GuestKeySponsor], SponsorWords),
        new(IntentTitles[Intents.ECommonsRegister], "How do I register for eCommons?"),
        new(IntentTitles[Intents.TalkToAgent], "I want to talk to a person"),
    ];
}
