namespace HelpBot.Dialogs.Registration;

/// <summary>
/// What the eCommons registration flow says. The words after the details are typed are the same whether they match an
/// unregistered person, a registered one, or nobody (R1).
/// </summary>
public static class RegistrationTexts
{
    public const string AskKind = "I can register you for eCommons right here. Which of these describes you?";

    public const string KindHarvard = "HMS, HSDM or HSPH faculty, staff or student";

    public const string KindAffiliate = "Affiliated-hospital staff without a Harvard appointment";

    public const string KindOther = "Someone else (visitor, consultant, collaborator)";

    public const string KindHelp =
        "Faculty, staff and students of HMS, HSDM and HSPH register with their last name and Harvard ID. Staff of affiliated hospitals who don't have a Harvard appointment register with their last name and date of birth. Anyone else needs a sponsor and a guest key.";

    public const string AskLastName = "What's your last name (family name)?";

    public const string LastNameRetry = "Please type just your last name, like Okafor or García.";

    public const string LastNameHelp = "Type your last name as HR or your hospital has it (capitals and accents don't matter). I never need your password or your Social Security number.";

    public const string AskHuid = "And your Harvard ID? It's 8 digits: the first eight digits of your Harvard ID badge.";

    public const string HuidRetry = "A Harvard ID is 8 digits, like 12345678 (the first eight digits of your Harvard ID badge). Please type those 8 digits.";

    public const string HuidHelp =
        "Your Harvard ID (HUID) is the first eight digits of the number on your Harvard ID badge. If you don't have it yet, HR (staff and faculty) or the Registrar (students) can tell you: ask me \"who do I contact about my Harvard ID?\".";

    public const string AskDateOfBirth = "And your date of birth? For example 1985-04-12 or 04/12/1985.";

    public const string DateOfBirthRetry = "Please type your date of birth as year-month-day (1985-04-12) or month/day/year (04/12/1985).";

    public const string DateOfBirthHelp =
        "Staff of affiliated hospitals register with their last name and date of birth. Please don't type a Social Security number here: if you need to use it, the HMS IT Service Desk will help you by phone at 617-432-2000.";

    /// <summary>The same words for a match, a registered account and nobody (R1).</summary>
    public const string SameWords =
        "Thanks. Next, choose where I should send a SafeCode: your text-enabled phone or your personal email on file. If those details match someone who hasn't registered for eCommons yet, the code goes there and you'll finish registering here. No code after a few minutes? The details may not match (say \"start over\" to check them), you may be registered already (say \"I forgot my password\"), or you may not be in our system yet (say \"continue\" and I'll tell you what to do next).";

    public static string Registered(string username) =>
        $"You're registered for eCommons. Your username is {username}. Now choose your password on the secure page below: the link works once, and only for you.";

    public const string AlreadyRegistered =
        "This account has just been registered (perhaps in another window). If you don't know its password, say \"I forgot my password\", or call the HMS IT Service Desk at 617-432-2000.";

    public const string Throttled =
        "You've tried several times, so I've paused registration in this conversation for a while (this protects people from guessing). Please try again later, or call the HMS IT Service Desk at 617-432-2000.";

    public const string CodeNotVerified =
        "We couldn't finish registering this time. If no code arrived, the details may not match an account that's waiting to register. You can say \"register for eCommons\" to try again, or call the HMS IT Service Desk at 617-432-2000.";

    public const string DirectoryCannot =
        "I can't register you that way here at the moment. The HMS IT Service Desk can: call 617-432-2000.";

    public const string InvitedUserPath =
        "Other Harvard community members who need eCommons go through the Invited User Process: a sponsor (full-time HMS staff or on-quad faculty of the Medical School) requests a guest key for you with the Invited User Request Form, and gives you the key. Then say \"register with a guest key\" and I'll set up your account. New HMS, HSDM or HSPH faculty, staff and students are added by HR or the Registrar first, which can take a few days after you start. Questions? Call the HMS IT Service Desk at 617-432-2000.";

    public const string AskAffiliateEmail =
        "If you're not in our system yet, the Service Desk can add you. What's your email address at your hospital (your affiliate email)?";

    public const string AffiliateEmailRetry = "That doesn't look like an email address. Please type it like name@hospital.org.";

    public const string AffiliateEmailHelp = "Your work email at the affiliated hospital, like name@hospital.org. The Service Desk writes to it to finish your registration.";

    public static string RequestRecorded(string email) =>
        $"Thanks, I've passed your registration request to the HMS IT Service Desk. They'll check your details with your hospital and email you at {email} to finish registering, usually within two business days. If it's urgent, call 617-432-2000.";

    public const string TooManyRequests =
        "I've already passed on requests from this conversation. The HMS IT Service Desk will be in touch; if it's urgent, call 617-432-2000.";

    public const string SocialSecurityNumber =
        "Please don't type a Social Security number here: I haven't kept it, and I'll never ask for one. If you need to register with your SS#, a person at the HMS IT Service Desk will help you by phone at 617-432-2000. Let me connect you with a person.";
}
