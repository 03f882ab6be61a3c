using System.Globalization;
using HelpBot.Dialogs.Accounts;

namespace HelpBot.Dialogs.GuestKeys;

/// <summary>What the guest-key flows (sponsoring, "my guests", registering with a key) say and send.</summary>
public static class GuestKeyTexts
{
    public const string SponsorIntro =
        "To sponsor a guest, you fill out an Invited User Request Form; the Guest Key then comes to you, and you pass it on to your guest. I can take the form here, after a quick SafeCode check that it's you.";

    public const string ServiceDesk = "617-432-2000";

    // Who may sponsor.
    public const string WhoCanSponsor =
        "Guests must be sponsored by full-time staff or on-quad faculty of Harvard Medical School. If your guest needs access, please ask a colleague who is, or call the HMS IT Service Desk at 617-432-2000.";

    public const string NotEligibleAccount = "I'm sorry, your account can't sponsor guests. " + WhoCanSponsor;

    public static string NotEligibleSchool(string school) =>
        $"I'm sorry, you can't sponsor a guest: your account is with {school}, and only Harvard Medical School people may sponsor. " + WhoCanSponsor;

    public static string NotEligibleAffiliation(Affiliation affiliation) =>
        $"I'm sorry, you can't sponsor a guest: your directory record says you are {Describe(affiliation)}. " + WhoCanSponsor;

    private static string Describe(Affiliation affiliation) => affiliation switch
    {
        Affiliation.PartTimeStaff => "part-time staff",
        Affiliation.OffQuadFaculty => "off-quad faculty",
        Affiliation.Student => "a student",
        Affiliation.AffiliateStaff => "affiliated-hospital staff",
        Affiliation.Guest => "a guest",
        _ => "not full-time staff or on-quad faculty",
    };

    // The sponsor's menu.
    public const string MenuQuestion = "What would you like to do?";
    public const string MenuAgain = "Anything else for your guests?";
    public const string RequestKeyChoice = "Request a guest key";
    public const string MyGuestsChoice = "See and manage my guests";
    public const string DoneChoice = "I'm done";
    public const string MenuHelp = "Request a guest key to fill in the Invited User Request Form for a new guest; see and manage your guests to revoke an unused key or extend or end a guest's access.";
    public const string Goodbye = "All done. Your guests' keys and access are under \"my guests\" whenever you need them.";

    // The form.
    public const string FormRetry = "Please fill in the form above and select \"Request the guest key\", or say \"cancel\" to stop.";
    public const string FormHelp = "Fill in every field of the Invited User Request Form and select \"Request the guest key\". The last day of access can be at most one year from today. Say \"cancel\" to stop.";
    public const string FormHasErrors = "Almost there: please fix what's marked on the form and send it again.";
    public const string ForgedSponsor =
        "I couldn't accept that form: a guest key is always issued to the sponsor who verified in this chat, never to a name in the form. Please fill in the form again.";

    public const string FirstNameMissing = "Please enter the guest's first name.";
    public const string FirstNameInvalid = "Please enter the first name with letters only (spaces, hyphens and apostrophes are fine), up to 60 characters.";
    public const string LastNameMissing = "Please enter the guest's last name (they'll need it to register).";
    public const string LastNameInvalid = "Please enter the last name with letters only (spaces, hyphens and apostrophes are fine), up to 60 characters.";
    public const string EmailMissing = "Please enter the guest's e-mail address.";
    public const string EmailInvalid = "That doesn't look like an e-mail address: please use the form name@example.org.";
    public const string OrganisationMissing = "Please enter the guest's organisation (for example their company or university).";
    public const string OrganisationInvalid = "Please keep the organisation to 120 characters.";
    public const string RoleMissing = "Please choose the guest's role: temporary employee, consultant or research collaborator.";
    public const string ReasonMissing = "Please say briefly why your guest needs access.";
    public const string ReasonTooLong = "Please keep the reason to 500 characters.";
    public const string LastDayMissing = "Please choose the guest's last day of access.";
    public const string LastDayInvalid = "Please choose the date with the date picker (year-month-day, for example 2027-06-30).";

    /// <summary>Why a last day of access can't be accepted, or null when it can: after today, at most a year ahead.</summary>
    public static string? LastDayProblem(DateOnly lastDay, DateOnly today)
    {
        if (lastDay <= today)
        {
            return lastDay < today
                ? "That date is in the past: please choose a day after today."
                : "Access must last at least until tomorrow: please choose a day after today.";
        }
        var latest = GuestKeyOptions.LatestLastDay(today);
        return lastDay > latest
            ? $"Guest access can last at most one year: please choose a day up to {Day(latest)}. You can extend it later."
            : null;
    }

    // The key.
    public const string SponsorDuty =
        "Giving this key to your guest is your job: HelpBot doesn't send it to them. Share it privately (in person, by phone, or in a message only they can read), and don't post it anywhere. It's shown only this once; I've also sent it to you.";

    public static string KeyIssued(string guestName) =>
        $"Here is the guest key for {guestName}. Please write it down now: I won't be able to show it again.";

    public static string KeySentTo(string maskedDestination) => $"I've also sent it to {maskedDestination}, where you got your SafeCode.";

    public const string KeyMessageSubject = "Your guest key";

    public static string KeyMessage(string guestName, string key, DateOnly keyExpiresOn) =>
        $"HMS IT: the guest key for {guestName} is {key}. It works once, until {Day(keyExpiresOn)}. Please give it to your guest privately. If you didn't ask for this, call the HMS IT Service Desk at {ServiceDesk}.";

    // "My guests".
    public const string NoGuests = "You haven't sponsored any guests yet. Say \"sponsor a guest\" to request a guest key.";
    public const string WhatNext = "What would you like to change?";
    public const string RevokeChoice = "Revoke an unused key";
    public const string ExtendChoice = "Extend a guest's access";
    public const string EndChoice = "End a guest's access";
    public const string BackChoice = "Back";
    public const string ManageHelp = "Revoke an unused key so nobody can use it; extend a guest's access (up to one year from today); or end a guest's access now, which disables their account.";
    public const string WhichGuest = "Which guest?";
    public const string AskNewLastDay = "What should the new last day of access be? (for example 2027-06-30)";
    public const string NewLastDayHelp = "Type a date up to one year from today, for example 2027-06-30 or June 30, 2027.";
    public const string Refused = "That couldn't be changed: it may have changed meanwhile. Here is the current list.";

    public static string ConfirmEnd(string guestName) => $"End {guestName}'s access now? Their account will be disabled straight away.";

    public static string Revoked(string guestName) => $"Done: the key for {guestName} is revoked and can't be used.";

    public static string Extended(string guestName, DateOnly lastDay) => $"Done: {guestName} has access until {Day(lastDay)}.";

    public static string Ended(string guestName) => $"Done: {guestName}'s access has ended and their account is disabled.";

    public const string NotEnded = "OK, nothing changed.";

    public static string StatusText(GuestInvitation invitation, DateTimeOffset now) => invitation.StatusAt(now) switch
    {
        GuestKeyStatus.Issued => $"issued, unused (works until {Day(DateOnly.FromDateTime(invitation.KeyExpiresAt.UtcDateTime))})",
        GuestKeyStatus.Used => $"used on {Day(DateOnly.FromDateTime(invitation.UsedAt!.Value.UtcDateTime))}",
        GuestKeyStatus.Expired => "expired (never used)",
        _ => "revoked",
    };

    public static string AccessText(GuestInvitation invitation) =>
        invitation.EndedAt is { } ended ? $"ended on {Day(DateOnly.FromDateTime(ended.UtcDateTime))}"
        : invitation.GuestUsername is null ? $"not registered yet; would end after {Day(invitation.LastDay)}"
        : $"active until {Day(invitation.LastDay)}";

    // Notices to the sponsor.
    public const string RegisteredNoticeSubject = "Your guest registered";

    public static string RegisteredNotice(GuestInvitation invitation) =>
        $"HMS IT: your guest {invitation.GuestName} registered for eCommons with the key you gave them (username {invitation.GuestUsername}). Their access ends after {Day(invitation.LastDay)}. To extend or end it, tell HelpBot \"my guests\". Questions: {ServiceDesk}.";

    public const string EndingNoticeSubject = "Your guest's access ends soon";

    public static string EndingNotice(GuestInvitation invitation, int days) =>
        $"HMS IT: your guest {invitation.GuestName}'s eCommons access ends after {Day(invitation.LastDay)} ({days} day{(days == 1 ? "" : "s")} from now). To extend it, tell HelpBot \"my guests\". Questions: {ServiceDesk}.";

    // Registering with a key (the guest).
    public const string AskLastName = "Welcome! Let's set up your eCommons guest account. First (step 1), what's your last name?";
    public const string LastNameHelp = "Type your last name (family name) as your sponsor gave it, for example Lopez.";
    public const string LastNameRetry = "Please type just your last name, for example Lopez.";
    public const string AskKey = "Thanks. Now (step 2) type the guest key your sponsor gave you. It looks like K7QM-4TXP-9HRW-C2NB.";
    public const string KeyHelp = "Your guest key came from your sponsor (the HMS person who invited you). Type it with or without the dashes; capitals don't matter. No other information is needed.";
    public const string KeyRetry = "Please type the guest key, for example K7QM-4TXP-9HRW-C2NB.";

    public const string KeyNotAccepted =
        "I couldn't register you with that last name and guest key. Please check both with your sponsor and try again: a key works only once and stops working if it isn't used in time, and your sponsor can issue a new one. Or call the HMS IT Service Desk at 617-432-2000.";

    public const string TryAgain = "Let's try again.";

    public const string Throttled =
        "There have been too many attempts with wrong guest keys, so I've paused guest registration for a while. Please try again in an hour, or call the HMS IT Service Desk at 617-432-2000.";

    public const string CouldNotCreate =
        "I'm sorry, I couldn't create your account just now, and your guest key still works. Please try again later, or call the HMS IT Service Desk at 617-432-2000.";

    public static string AccountCreated(string username) =>
        $"Your guest account is ready: your eCommons username is {username}. Next, let's add a way to reach you for SafeCodes (the one-time codes that prove it's you).";

    public const string AskContact =
        "What's your mobile phone number (for text messages) or your e-mail address? Text messages are convenient but less secure than e-mail.";

    public const string ContactHelp =
        "Type a mobile number that can receive texts (for example +1 617 555 0123) or an e-mail address you read. I'll send a SafeCode there to check it.";

    public const string ContactRetry = "Please type a mobile phone number (for example +1 617 555 0123) or an e-mail address.";

    public const string NotVerifiedYet =
        "Your account exists, but the contact isn't verified yet. When you're ready, say \"reset my password\" with your username: I'll send a SafeCode to the phone or e-mail you gave me. Or call the HMS IT Service Desk at 617-432-2000.";

    public const string SetPasswordNext = "Last step: set your password on the secure page below. Please don't type a password into this chat.";

    private static string Day(DateOnly day) => day.ToString("MMMM d, yyyy", CultureInfo.InvariantCulture);
}
