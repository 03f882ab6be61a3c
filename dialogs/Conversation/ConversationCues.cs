using System.Text.RegularExpressions;

namespace HelpBot.Dialogs.Conversation;

/// <summary>Something people ask about that HelpBot does not handle, and what to tell them.</summary>
public sealed record OutOfScopeTopic(string Name, string? Answer);

/// <summary>
/// What kind of message this is, beyond which task it is about: a question about how something is done (answered with
/// the steps, then an offer to do it here), a question for the Service Desk itself, or a topic HelpBot does not handle.
/// Rules over words, not the intent model: these cues are about the form of the sentence, the same for every task.
/// </summary>
public static partial class ConversationCues
{
    /// <summary>
    /// "how do I reset my password?", "what are the steps to unlock", "can I do it on the website myself": the person
    /// wants to know how, which the site's steps answer; "reset my password" or "I'm locked out" want it done.
    /// </summary>
    public static bool AsksHowTo(string? text) => text is not null && HowTo().IsMatch(text);

    /// <summary>"what's the help desk number", "how do I contact IT", "is there a human I can call": the Service Desk itself.</summary>
    public static bool AsksForTheServiceDesk(string? text) =>
        text is not null && (DeskContact().IsMatch(text) || HumanToCall().IsMatch(text)) && !HarvardIdWords().IsMatch(text) && !WantsAPersonNow().IsMatch(text);

    /// <summary>A question rather than an answer or a request: a question mark, or a question's first word.</summary>
    public static bool IsQuestion(string? text) => text is not null && (text.Contains('?', StringComparison.Ordinal) || QuestionStart().IsMatch(text));

    /// <summary>"the radiology mailbox is locked", "our lab's shared account": a departmental account, which only the Service Desk handles.</summary>
    public static bool MentionsADepartmentalAccount(string? text) => text is not null && Departmental().IsMatch(text);

    [GeneratedRegex(@"\b(shared|departmental|department|dept|group|generic|lab'?s?|team|office)\s+(mail ?box|account|inbox|e-?mail account|login)\b|\b(the|our) (?!new\b|old\b|same\b|other\b)\w+ (mail ?box|inbox)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Departmental();

    /// <summary>"nah, I'll just use the website", "I'll do it myself on the site": the person would rather not do it here.</summary>
    public static bool PrefersTheWebsite(string? text) => text is not null && Website().IsMatch(text);

    [GeneratedRegex(@"\b(i'?ll|i will|i'?d rather|let me|i can) (just )?(use|do it on|go to|do it (myself|on my own)|try) (the )?(web ?site|site|ecommons site|portal|it myself)\b|\b(i'?ll|i will) do it myself\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Website();

    /// <summary>"what's the service desk number and also where do I find my Harvard ID?": the desk's number, then the rest.</summary>
    public static bool AlsoAsksForTheServiceDesk(string? text) =>
        text is not null && DeskContact().IsMatch(text) && !WantsAPersonNow().IsMatch(text);

    /// <summary>"what do I need to update so I don't get locked out?", "do I need to change it on my phone too?": the devices list.</summary>
    public static bool AsksWhatToUpdate(string? text) => text is not null && WhatToUpdate().IsMatch(text);

    [GeneratedRegex(@"\bwhat (else )?(do i|should i|must i|to|will i) (need to |have to )?(update|change)\b|\b(update|change) (it |my password |the password )?(on|in) (my )?(phone|iphone|mobile|devices?|laptop|outlook|email app|everything|everywhere|other devices)\b|\bwhich (devices|apps|things)\b|\bso i (don'?t|do not) get locked( out)? again\b|\bkeeps? (asking|prompting)( me)? for (it|my|the)\b|\bwhat else (needs|uses|has|wants)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex WhatToUpdate();

    /// <summary>"do they have a phone number?", "what's their email": the detail asked for ("phone" or "email"), or null.</summary>
    public static string? AsksForContactDetail(string? text)
    {
        if (text is null || !RefersBack().IsMatch(text))
        {
            return null;
        }
        return PhoneWords().IsMatch(text) ? "phone" : EmailWords().IsMatch(text) ? "email" : null;
    }

    [GeneratedRegex(@"\b(they|them|their|theirs|that office|the office|it|its|that one)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex RefersBack();

    [GeneratedRegex(@"\b(phone|number|call|ring|telephone)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex PhoneWords();

    [GeneratedRegex(@"\b(e-?mail|email address|mail|write to)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex EmailWords();

    /// <summary>"who do I contact", "my HUID is wrong on my badge": someone who needs the office that handles Harvard IDs.</summary>
    public static bool AsksWhoHandlesHarvardIds(string? text) => text is not null && WhoHandles().IsMatch(text);

    /// <summary>Printers, Wi-Fi, Zoom, grades, parking …: things people ask an IT chat that are not accounts and access.</summary>
    public static OutOfScopeTopic? OutOfScope(string? text)
    {
        if (text is null)
        {
            return null;
        }
        if (Wireless().IsMatch(text))
        {
            return new OutOfScopeTopic("wireless", ConversationTexts.WirelessAnswer);
        }
        foreach (var (pattern, name) in Topics)
        {
            if (pattern.IsMatch(text))
            {
                return new OutOfScopeTopic(name, null);
            }
        }
        return null;
    }

    private static readonly (Regex Pattern, string Name)[] Topics =
    [
        (Printer(), "printing"),
        (Zoom(), "Zoom and video calls"),
        (Grades(), "grades and courses"),
        (Parking(), "parking"),
        (Hardware(), "computers and devices"),
    ];

    [GeneratedRegex(@"\b(how (do|can|would|should|could) (i|we|you|one)|how to|what('s| is| are) the (steps|process|way)|where do i (go|click)|where (do|can|would) i (find|see|get)|where is|where's|wheres|is there a way|on the (web ?site|site|portal)|by myself|myself|instructions|steps)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex HowTo();

    [GeneratedRegex(@"\b(help ?desk|service ?desk|it support|tech(nical)? support|it help|hms it|the it (department|dept|office|team|people)|(contact|call|reach|email|phone) (it|i\.t\.)(?=\s*(\?|$|support|department|dept|people|team|folks|directly))|it'?s? (phone|number|email|hours))\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex DeskContact();

    [GeneratedRegex(@"\b(talk|speak|chat|connect|transfer|put me through|get me|escalate)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex WantsAPersonNow();

    [GeneratedRegex(@"^\s*(wait,?\s+|hold on,?\s+|sorry,?\s+|but\s+|and\s+|so\s+|um+,?\s+)?(what|what's|whats|why|how|who|where|when|which|is|are|do|does|did|can|could|should|will|would|isn't|aren't)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex QuestionStart();

    [GeneratedRegex(@"\b(who (do|should|can) i (ask|contact|call|email|talk to)|who (fixes|handles|issues|can help)|who to (ask|contact)|contact about|questions? about|problem with|issue with|lost|wrong|incorrect|not on (there|it|my badge)|office|registrar|human resources|\bhr\b)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex WhoHandles();

    [GeneratedRegex(@"\b(human|person|someone|somebody|anyone|a real person)\b.*\b(call|phone|ring|talk to on the phone|number)\b|\b(call|phone)\b.*\b(human|person|someone|somebody)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex HumanToCall();

    [GeneratedRegex(@"\b(huid|harvard id|harvard i\.?d\.?|id number|badge|registrar|human resources)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex HarvardIdWords();

    [GeneratedRegex(@"\b(wi-?fi|wireless|wlan|internet connection|network password|connect to the network)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Wireless();

    [GeneratedRegex(@"\b(printer|printers|printing|print job|toner|scanner|copier)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Printer();

    [GeneratedRegex(@"\b(zoom|webex|teams meeting|video call|video conferenc\w*|webcam|microphone)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Zoom();

    [GeneratedRegex(@"\b(grades?|gpa|transcript|canvas|course enrollment|enrol+ in a course|exam results?)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Grades();

    [GeneratedRegex(@"\b(parking|park my car|parking permit|garage|shuttle)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Parking();

    [GeneratedRegex(@"\b(laptop|desktop|monitor|keyboard|mouse|computer is (slow|broken)|blue screen|software install\w*|install (office|software|matlab))\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Hardware();
}

/// <summary>What HelpBot says for <see cref="ConversationCues"/>.</summary>
public static class ConversationTexts
{
    public const string ServiceDesk =
        "The HMS IT Service Desk is at 617-432-2000; a Service Desk representative can help with anything I can't. I can also bring a person into this chat.";

    public static string OutOfScope(string topic) =>
        $"I'm HelpBot, and I only handle eCommons accounts and access (unlocking, passwords, Harvard ID, guest keys, registration), so I can't help with {topic} here. For that and other IT matters, the HMS IT Service Desk can help: call 617-432-2000, or I can bring in a person.";

    public const string WirelessAnswer =
        "The HMS private wireless network uses your eCommons username and password; there's no separate Wi-Fi password. If your eCommons password changed, update it in your Wi-Fi settings on each device (laptop, phone, tablet), or the old one can lock your account. For anything else about Wi-Fi, the HMS IT Service Desk can help: 617-432-2000.";

    public const string TypedPassword =
        "Please never type your password in a chat. I've removed it from this conversation. If anyone might have seen it, reset it.";

    public const string BackToIt = "Now, back to where we were:";

    public const string WelcomeMidFlow = "You're welcome! When you're ready, we can carry on:";

    public const string OkMidFlow = "OK! When you're ready:";

    public const string OnTheWebsite = "Of course. Here's how to do it on the eCommons site:";

    /// <summary>The answer to "do they have a phone number / an e-mail?" about an office just named.</summary>
    public static string OfficeDetail(string office, string detail, IReadOnlyList<(string Title, string Value)> facts)
    {
        var phone = facts.FirstOrDefault(f => f.Title.Contains("Phone", StringComparison.OrdinalIgnoreCase)).Value;
        var email = facts.FirstOrDefault(f => f.Title.Contains("Email", StringComparison.OrdinalIgnoreCase)).Value;
        return (detail, phone, email) switch
        {
            ("phone", { } p, { } e) => $"Yes: {office} is at {p}. You can also e-mail them at {e}.",
            ("phone", { } p, null) => $"Yes: {office} is at {p}.",
            ("phone", null, { } e) => $"{office} doesn't list a phone number; e-mail them at {e}. For anything urgent, the HMS IT Service Desk is at 617-432-2000.",
            ("email", _, { } e) => $"Yes: {office}'s e-mail is {e}." + (phone is null ? "" : $" Their phone number is {phone}."),
            ("email", { } p, null) => $"{office} doesn't list an e-mail address; call them at {p}.",
            _ => $"I don't have more contact details for {office}. The HMS IT Service Desk (617-432-2000) can point you the right way.",
        };
    }
}
