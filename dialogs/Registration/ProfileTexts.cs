namespace HelpBot.Dialogs.Registration;

/// <summary>What the profile-update flow says.</summary>
public static class ProfileTexts
{
    public const string Offer =
        "I can also pass a new email address or postal address to HR for you here, once I've checked it's you with a SafeCode. Shall we do that?";

    public const string OfferDeclined = "OK. You can make the change yourself in eCommons (Preferences, then My Address) or at whitepages.med.harvard.edu.";

    public const string AskWhat = "What would you like to change?";

    public const string EmailChoice = "My email address";

    public const string AddressChoice = "My postal address";

    public const string NothingChoice = "Nothing, thanks";

    public const string Nothing = "OK, nothing changed.";

    public static string AlreadyPending(string what, string value, string when) =>
        $"You already asked on {when} to change your {what} to: {value}. That's waiting for HR to update PeopleSoft; a new request replaces it.";

    public static string AskEmail(string? current) => current is null
        ? "What's your new email address?"
        : $"Your email address on file is {current}. What should it be?";

    public const string EmailRetry = "That doesn't look like an email address. Please type it like name@example.org.";

    public const string EmailSame = "That's already your email address on file. Please type the new one, or say \"cancel\".";

    public const string EmailHelp = "Type the whole address, like name@example.org. It's where HMS will write to you; it isn't your SafeCode address, which the Service Desk changes.";

    public const string AskStreet = "What's the street address (with any apartment or suite number)?";

    public const string StreetRetry = "Please type the street address, like 25 Shattuck Street, Apt 2.";

    public const string AskCity = "Which city or town?";

    public const string CityRetry = "Please type just the city or town, like Boston.";

    public const string AskState = "Which state? (For example MA or Massachusetts.)";

    public const string StateRetry = "Please type a US state, like MA or Massachusetts. For an address outside the US, say \"cancel\" and use whitepages.med.harvard.edu, or call the HMS IT Service Desk at 617-432-2000.";

    public const string AskZip = "And the ZIP code?";

    public const string ZipRetry = "A ZIP code is 5 digits, like 02115 (or ZIP+4, like 02115-6092).";

    public const string AddressHelp = "I'm asking for the postal address HR should have on file for you (US addresses). For an address abroad, use whitepages.med.harvard.edu or call the HMS IT Service Desk at 617-432-2000.";

    public static string Confirm(string what, string value) => $"Shall I pass this to HR: your {what} becomes {value}?";

    public static string Recorded(string what) =>
        $"Done: I've recorded your new {what} and passed it to HR. The directories (eCommons and Whitepages) will show it only after HR updates it in PeopleSoft, which can take a few business days. Ask me again any time to see what's waiting. You can also edit your details yourself: in eCommons go to Preferences, then My Address, click Edit and Save; or log into whitepages.med.harvard.edu with your eCommons username and password.";

    public const string NotRecorded = "OK, I haven't recorded anything.";

    public const string Email = "email address";

    public const string Address = "postal address";
}
