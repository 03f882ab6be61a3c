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

    /// <summary>
    /// "Why do you need that? how do I know this isn't phishing", "is this legit?": a doubt about the question just asked,
    /// which that step's own explanation answers.
    /// </summary>
    public static bool DoubtsTheStep(string? text) => text is not null && StepDoubt().IsMatch(text);

    [GeneratedRegex(@"\bwhy (do|does|would|should|must|are|is|do i|would i) (you|i|we|this|that|it)\b(?! (locked|expire|expired|keep|keeps)\b)|\bhow (do|can|would|could|should) i (know|tell|be sure|trust)\b|\b(phishing|phish|scam|scammy|legit|legitimate|fake)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex StepDoubt();

    /// <summary>"Locked out AGAIN", "and again I'm locked out": locked out right now, once more (not "why do I keep getting locked out?").</summary>
    public static bool SaysLockedOutAgain(string? text) => text is not null && !IsQuestion(text) && LockedOutAgain().IsMatch(text) && !KeepsLocking().IsMatch(text);

    [GeneratedRegex(@"\blocked out\b[^.?!]{0,20}?\b(again|once more)\b|\bagain\b[^.?!]{0,20}?\blocked out\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex LockedOutAgain();

    [GeneratedRegex(@"\bkeeps?\b|\bkeep(ing)? (on )?getting\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex KeepsLocking();

    /// <summary>
    /// "My iPhone probably still has the old one", "I bet Outlook on my laptop is using the old password": a device that
    /// still holds the old password. The device named, or null.
    /// </summary>
    public static string? DeviceWithTheOldPassword(string? text) =>
        text is not null && DeviceWithOld().Match(text) is { Success: true } m ? m.Groups["device"].Value : null;

    [GeneratedRegex(@"\b(?<device>outlook|iphone|ipad|android|phone|laptop|tablet|mac|macbook|computer|desktop|mail app|email app|e-mail app|vpn|wi-?fi)\b[^.?!]{0,30}?\b(has|have|had|got|is using|uses|using|saved|remembers|kept|keeps)\b[^.?!]{0,12}?\b(the|my|an|that) old (one|password|pw|pass ?word)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex DeviceWithOld();

    /// <summary>"Wait, what is this SafeCode thing?", "what's a safe code?", "what does SafeCode mean": what the code is, not where it is.</summary>
    public static bool AsksWhatSafeCodeIs(string? text) => text is not null && WhatSafeCode().IsMatch(text);

    [GeneratedRegex(@"\bwhat('?s| is| are)( this| that| a| the| these)? safe ?-?codes?\b(?! (did|do|you|i|was|that|number)\b)|\bwhat (does|do) (a |the )?safe ?-?codes? (mean|do)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex WhatSafeCode();

    /// <summary>"What's a guest key exactly?", "what is a guest key for?": what one is, before how to get or use one.</summary>
    public static bool AsksWhatAGuestKeyIs(string? text) => text is not null && WhatGuestKey().IsMatch(text);

    [GeneratedRegex(@"\bwhat( exactly)?('?s| is| are)( exactly)?( this| that| a| the)? guest ?keys?\b(?! (do i|should i|did|you|i)\b)|\bwhat (does|do) (a |the )?guest ?keys? (mean|do|give)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex WhatGuestKey();

    /// <summary>"Can I just do it on the Whitepages site instead?", "could I change it on the website?": whether the site does it too.</summary>
    public static bool AsksToDoItOnASite(string? text) => text is not null && DoItOnASite().IsMatch(text);

    [GeneratedRegex(@"\b(can|could|may) i (just |not |simply |also )?(do|change|update|reset|unlock|fix|set) (it|this|that|them|my \w+)( myself| on my own)? (on|through|via|at|in|from) (the |their )?([\w-]+ )?(web ?site|site|portal|web ?page)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex DoItOnASite();

    /// <summary>"And for one of our students?", "what about staff?": the question just answered, asked again for someone else.</summary>
    public static bool AsksTheSameForOthers(string? text) => text is not null && SameForOthers().IsMatch(text);

    [GeneratedRegex(@"^\W*(and |ok,? |so,? )?(what about|how about|and for|for|same for|same goes for|what if it'?s|and if it'?s)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex SameForOthers();

    /// <summary>"I think my account is locked?", "it locked me out": the person says (or thinks) they are locked out.</summary>
    public static bool SaysLocked(string? text) => text is not null && Locked().IsMatch(text);

    [GeneratedRegex(@"\b(locked|lockout|locked out|locks me out|lock me out)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Locked();

    /// <summary>"what's the help desk number", "how do I contact IT", "is there a human I can call": the Service Desk itself.</summary>
    public static bool AsksForTheServiceDesk(string? text) =>
        text is not null && (DeskContact().IsMatch(text) || HumanToCall().IsMatch(text)) && !HarvardIdWords().IsMatch(text) && !WantsAPersonNow().IsMatch(text) && !AsksForTheHuitDesk(text);

    /// <summary>"What's the number for the HUIT help desk for my PIN?", "and the HUIT number?": Harvard's desk for PINs, not ours.</summary>
    public static bool AsksForTheHuitDesk(string? text) => text is not null && HuitDesk().IsMatch(text);

    [GeneratedRegex(@"\bhuit\b|\bharvard (university )?it\b[^.?!]{0,20}\b(desk|number|phone)\b|\b(help ?desk|number|phone)\b[^.?!]{0,25}\b(for|about) (my|a|the) (harvard )?pin\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex HuitDesk();

    /// <summary>"I changed my password on Monday": news of a change, not a request to make one.</summary>
    public static bool ReportsAPastChange(string? text) =>
        text is not null && PastChange().IsMatch(text) && !IsQuestion(text) && !RequestWords().IsMatch(text);

    [GeneratedRegex(@"^\s*(so,? |well,? |ok,? |hi,? |hey,? )?(i|we) (just |already |recently |finally )?(changed|reset|updated) (my|the|our) (ecommons )?(password|pw|pwd)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex PastChange();

    [GeneratedRegex(@"\b(please|can you|could you|help|need|want|how|again|locked|won'?t|can'?t|doesn'?t|isn'?t|not working|keeps?)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex RequestWords();

    /// <summary>"My password expired and now it won't let me in": an expired password, which a reset fixes.</summary>
    public static bool SaysPasswordExpired(string? text) => text is not null && Expired().IsMatch(text);

    [GeneratedRegex(@"\b(password|pw|pwd|pass ?word)\b[^.?!]{0,15}\b(has |had |already |just |is )?expired\b|\bexpired (ecommons )?(password|pw)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Expired();

    /// <summary>
    /// The words with a request for how to send the code taken out ("reset the password for rbrown, text me the code"
    /// → "reset the password for rbrown"): how the code travels says nothing about what the person needs.
    /// </summary>
    /// <summary>"The HMS IT service desk", "the help desk here": HMS's own desk named, not just "someone to call".</summary>
    public static bool NamesTheHmsDesk(string? text) => text is not null && HmsDesk().IsMatch(text);

    [GeneratedRegex(@"\b(hms|service desk|help ?desk|it support|ecommons)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex HmsDesk();

    /// <summary>"Can you just reset it for me here then?": asks HelpBot to do the thing just talked about, here.</summary>
    public static bool AsksToDoItHere(string? text) => text is not null && DoItHere().IsMatch(text);

    [GeneratedRegex(@"\b(can|could|would|will) you (just |please |maybe )?(reset|change|unlock|fix|sort|do|update|renew) (it|that|this|mine|one)\b|\b(reset|change|unlock|fix|renew) (it|that) (for me|here|in (the|this) chat|now)\b|\b(can|could) (i|we) (do|reset|change) (it|that) here\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex DoItHere();

    /// <summary>"I forgot my username (and password)": the eCommons username, not the HarvardKey login name.</summary>
    public static bool ForgotTheUsername(string? text) =>
        text is not null && ForgotUsername().IsMatch(text) && !text.Contains("harvard", StringComparison.OrdinalIgnoreCase) && !GivesUsername().IsMatch(text);

    // "forgot my password, username is jsmith", "my user name: jdoe": the username is given, so it isn't the one forgotten.
    [GeneratedRegex(@"\b(user ?name|login( name| id)?|ecommons (id|login))( is|'s|:|=| -)\s*(?!(not|wrong|gone|lost|forgotten|the|my|also|too|blank|empty|missing)\b)[a-z0-9][\w.@-]*", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex GivesUsername();

    [GeneratedRegex(@"\b(forgot|forgotten|forget|don'?t know|dont know|do not know|can'?t remember|cant remember|don'?t remember|dont remember|lost|what'?s|what is)\b[^.?!]{0,20}?\b(user ?name|login name|login id|ecommons (id|login))\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ForgotUsername();

    /// <summary>"…expires soon and I want to change it now", "can we change it here?": the change is asked for already.</summary>
    public static bool WantsToChangeItNow(string? text) => text is not null && ChangeItNow().IsMatch(text) && !AsksWhetherToChange().IsMatch(text);

    // "Do I have to change it now?", "should I reset it today?": a question about it, not the request.
    [GeneratedRegex(@"\b(do|should|must|shall) i (really |actually )?(have to |need to |got to )?(change|renew|reset|update)\b|\bdo i (have|need) to\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex AsksWhetherToChange();

    [GeneratedRegex(@"\b(want|wanna|like|need|ready|going|planning|happy|help me) to (change|renew|reset|update) (it|my password|the password|that)\b|\b(change|renew|reset|update) it (now|today|here|right now|right away|in (the|this) chat)\b|\b(can|could) (we|you|i) (change|renew|reset|update|do) (it|that|my password)( now| here| for me| today)\b|\blet'?s (change|renew|reset|update|do) it\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ChangeItNow();

    public static string WithoutCodeRequest(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        // Both patterns need the word "code": without it (most messages) they cannot match, and on a long message they are
        // among the slowest cues, tried at every position.
        var stripped = (text.Contains("code", StringComparison.OrdinalIgnoreCase) ? CodeBy().Replace(CodeRequest().Replace(text, " "), " ") : text).Trim(' ', ',', ';', '.');
        return stripped.Length >= 3 ? stripped : text;
    }

    // ", code by email", "and the code via text please", "code to my cell": how the code travels, said after the request.
    [GeneratedRegex(@"[,;]?\s*(and |then |with )?(the |a |my )?(safe ?)?code (by|via|over|through|to( my| the)?) (e-?mail|text|txt|sms|phone|cell|mobile)( please| pls)?\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex CodeBy();

    /// <summary>
    /// What the recognizer reads of a request: the words with its details taken out, the username marked as one
    /// ("username jsmith") and how to send the code ("…, text me"). The details are read by the flow from the whole message
    /// (<see cref="Accounts.IdentifierText.InRequest"/>, <see cref="SafeCode.SafeCodeDialog.ChannelIn"/>); to the model they
    /// are unknown words that only blur the request ("ok unlock it please, username jsmith, text me" read as asking for a person).
    /// </summary>
    public static string ForRecognition(string text)
    {
        var withoutCode = WithoutCodeRequest(text);
        var withoutChannel = ChannelRequestAtEnd().Replace(withoutCode, string.Empty).Trim(' ', ',', ';', '.');
        var withoutUsername = Accounts.IdentifierText.WithoutMarkedUsername(withoutChannel.Length >= 3 ? withoutChannel : withoutCode).Trim(' ', ',', ';', '.');
        return withoutUsername.Length >= 3 ? withoutUsername : withoutCode;
    }

    // ", text me" / "and email me please" closing a request: how the code should travel, said without the word "code".
    [GeneratedRegex(@"[,;]\s*(and |then )?(please |pls )?(text|txt|e-?mail) (me|it( to me)?)( please| pls)?\s*[.!]?\s*$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ChannelRequestAtEnd();

    [GeneratedRegex(@"[,;]?\s*(and |then )?(please |pls )?(text|txt|e-?mail|send)( me| it)?( the| a| my)? ?(safe ?)?code( to (my|the) [\w-]+( [\w-]+)?( or (my |the )?[\w-]+)?)?(,? ?(whichever|either|whatever)( one| way| works| is fine)?)?( please)?", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex CodeRequest();

    /// <summary>
    /// The needs in one message ("I'm locked out, and I also need to sponsor a guest"): its clauses, split where a new
    /// need starts; one clause when there is only one.
    /// </summary>
    public static IReadOnlyList<string> Needs(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var body = TwoThings().Replace(text, "");
        // After "two problems:", a plain "and" joins the needs announced ("… my account is locked and I forgot my password").
        var boundary = body.Length < text.Length ? AnnouncedBoundary() : NeedBoundary();
        return boundary.Split(body).Select(c => c.Trim(' ', ',', ';', '.')).Where(c => c.Length > 0).ToList();
    }

    /// <summary>
    /// The parts of a message joined by a plain "and" too ("unlock it and reset the password"): for reading, beside a task
    /// already under way, whether another was asked for (each part is then read on its own).
    /// </summary>
    public static IReadOnlyList<string> PartsJoinedByAnd(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return AnnouncedBoundary().Split(text).Select(c => c.Trim(' ', ',', ';', '.')).Where(c => c.Length > 0).ToList();
    }

    [GeneratedRegex(@"^\s*(two|2|a couple of|couple|few|a few) (things|questions|issues|problems)\s*[:,\-]?\s*", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex TwoThings();

    [GeneratedRegex(@"(?:[,;]\s*|\s+)and\s+(?:also\s+)?(?!then\b|thanks?\b|thank you\b)|[,;]\s*(?:also|plus)\s+", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex AnnouncedBoundary();

    [GeneratedRegex(@"(?:[,;]\s*|\s+)(?:and\s+(?:i\s+)?also\s+|and\s+(?=(?:what|how|where|who|can|could|i\s+need|i\s+also|also)\b)|also[,]?\s+|plus\s+|\balso\s+need\b)|[,;]\s*and\s+(?!then\b|thanks?\b|thank you\b)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex NeedBoundary();

    /// <summary>A question rather than an answer or a request: a question mark, or a question's first word.</summary>
    public static bool IsQuestion(string? text) => text is not null && (text.Contains('?', StringComparison.Ordinal) || QuestionStart().IsMatch(text));

    /// <summary>
    /// "Where do I find my Harvard ID?", "how does the guest key work?": a question that opens with a question word (with
    /// a verb after it), which asks about something rather than picking a button that shares its words.
    /// </summary>
    public static bool OpensWithAQuestionWord(string? text) => text is not null && WhQuestion().IsMatch(text);

    [GeneratedRegex(@"^\s*(wait,?\s+|hold on,?\s+|sorry,?\s+|but\s+|and\s+|so\s+|um+,?\s+)?(where|how|why|what|when)\s+(do|does|did|is|are|can|could|should|would|will|was)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex WhQuestion();

    /// <summary>
    /// "eCommons says my password is wrong", "my password is … and it says it's incorrect", "it keeps rejecting my password":
    /// the password is refused (not locked: "wrong password too many times, now I'm locked" is an unlock).
    /// </summary>
    public static bool SaysThePasswordIsRejected(string? text) => text is not null && PasswordRejected().IsMatch(text) && !MentionsALock().IsMatch(text);

    [GeneratedRegex(@"\bpass\s?word\b[^?]{0,60}?\b(says?|saying|said|tells? me|telling me|keeps? saying)\b[^.?!]{0,25}?\b(wrong|incorrect|invalid|not (right|valid|correct))\b|\b(says?|saying|said|tells? me|telling me|keeps? saying)\b[^.?!]{0,20}?\b(wrong|incorrect|invalid) pass\s?word\b|\b(says?|saying|said|tells? me|telling me)\b[^.?!]{0,12}?\bpass\s?word\b[^.?!]{0,15}?\b(wrong|incorrect|invalid|not (right|valid|correct))\b|\b(rejects?|rejecting|won'?t (take|accept)|doesn'?t (take|accept)|isn'?t accepting)\b[^.?!]{0,12}\bpass\s?word\b|\bpass\s?word\b[^.?!]{0,12}\b(is|gets|keeps getting|being) (rejected|refused|not accepted)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex PasswordRejected();

    [GeneratedRegex(@"\block(ed|ing)?\b|\block ?out\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex MentionsALock();

    /// <summary>"How do I renew it then?", "how can I do that (before Friday)?": a how-to about what was just said, named by a pronoun.</summary>
    public static bool AsksHowToDoThat(string? text) => text is not null && HowToDoThat().IsMatch(text);

    [GeneratedRegex(@"\bhow (do|can|would|should|could) (i|we) (\w+ ){0,2}(it|that|this|one)( then| now| myself| here)?( (before|by|when|after|once|without|so|until) [^.?!]{1,30})?\s*[?.!]*\s*$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex HowToDoThat();

    /// <summary>
    /// The device or app that keeps asking for the password ("since then Outlook on my laptop keeps popping up asking for
    /// it"), as the person named it; null when none is named that way.
    /// </summary>
    public static string? DeviceStillTrying(string? text) =>
        text is not null && StillTrying().Match(text) is { Success: true } m ? m.Groups["device"].Value : null;

    [GeneratedRegex(@"\b(?<device>outlook|iphone|ipad|android|phone|laptop|tablet|mac|macbook|computer|desktop|mail app|email app|e-mail app|vpn|wi-?fi|teams)\b[^.?!]{0,40}?\b(keeps?|kept|still|popping|pops? up|asking|prompting|trying)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex StillTrying();

    /// <summary>"the radiology mailbox is locked", "our lab's shared account": a departmental account, which only the Service Desk handles.</summary>
    public static bool MentionsADepartmentalAccount(string? text) => text is not null && Departmental().IsMatch(text);

    [GeneratedRegex(@"\b(shared|departmental|department|dept|group|generic|lab'?s?|team|office)\s+(mail ?box|account|inbox|e-?mail account|login)\b|\b(the|our) (?!new\b|old\b|same\b|other\b)\w+ (mail ?box|inbox)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Departmental();

    /// <summary>"nah, I'll just use the website", "I'll do it myself on the site": the person would rather not do it here.</summary>
    public static bool PrefersTheWebsite(string? text) => text is not null && Website().IsMatch(text);

    [GeneratedRegex(@"\b(i'?ll|i will|i'?d rather|let me|i can) (just )?(use|do it on|go to|do it (myself|on my own)|try) (the )?(web ?site|site|ecommons site|portal|it myself)\b|\b(i'?ll|i will) do it myself\b|\b(i'?d|i would) (rather|prefer to) (just )?do (it|this|that) (myself|on my own|(on|through|via) the (web ?site|site|portal))\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Website();

    /// <summary>
    /// "How do I reset my password myself on the website? I'd rather not do it in a chat", "where's the option on the
    /// eCommons site?": a question about doing it on the site, which the site's steps answer (not a request to do it here).
    /// </summary>
    public static bool AsksAboutTheWebsite(string? text) =>
        text is not null && (IsQuestion(text) || AsksHowTo(text)) && OnTheSite().IsMatch(text) && !DoItHere().IsMatch(text);

    [GeneratedRegex(@"\b(on|in|through|via|from|at) (the |their )?(ecommons |hms )?(web ?site|site|portal|web ?page|page|web)\b|\becommons (web ?site|site|page|portal)\b|\b(rather|prefer) not (to )?(do (it|this|that) )?(in|here|through|via|over|with)( a| the| this)? (chat|bot)\b|\b(do|reset|change|unlock) (it|my password|the password|my account) (myself|on my own)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex OnTheSite();

    /// <summary>"what's the service desk number and also where do I find my Harvard ID?": the desk's number, then the rest.</summary>
    public static bool AlsoAsksForTheServiceDesk(string? text) =>
        text is not null && DeskContact().IsMatch(text) && !WantsAPersonNow().IsMatch(text) && !AsksForTheHuitDesk(text);

    /// <summary>"What happens if it expires? Can I still reset it then?": what an expired password means.</summary>
    public static bool AsksWhatIfItExpires(string? text) => text is not null && WhatIfExpires().IsMatch(text);

    [GeneratedRegex(@"\b(what happens|what if|what do i do|will i be locked( out)?|can i still (reset|change|log ?in|use)|is it too late)\b[^.?!]{0,40}\b(expire[sd]?|expiry|expiration|runs? out|ran out|lapses?)\b|\b(expire[sd]?|expiry|runs? out|ran out)\b[^.?!]{0,40}\b(can i still|will i be able to|then what|what happens)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex WhatIfExpires();

    /// <summary>"I'm a consultant working with a lab for 3 months, how do I get network access?": someone who needs a guest key.</summary>
    public static bool DescribesAGuest(string? text) =>
        text is not null && GuestPerson().IsMatch(text) && AccessWanted().IsMatch(text) && !text.Contains("guest key", StringComparison.OrdinalIgnoreCase);

    [GeneratedRegex(@"\b(i'?m|i am|as) an? (consultant|contractor|temp|temporary (employee|worker|staff)|visiting (researcher|scientist|scholar)|research collaborator|collaborator|visitor|guest)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex GuestPerson();

    [GeneratedRegex(@"\b(access|network|account|log ?in|login|wi-?fi|get (on|in)|sign ?in)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex AccessWanted();

    /// <summary>"Is that the same as my eCommons login?" about HarvardKey: whether the two logins are one.</summary>
    public static bool ComparesWithECommons(string? text) => text is not null && SameAsECommons().IsMatch(text);

    [GeneratedRegex(@"\b(same|different|separate|one and the same)\b[^.?!]{0,30}\becommons\b|\becommons\b[^.?!]{0,30}\b(same|different|separate)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex SameAsECommons();

    /// <summary>"Do I really have to give my social security number?": a question about the SSN, not one offered.</summary>
    public static bool AsksWhetherSsnIsNeeded(string? text) => text is not null && SsnWords().IsMatch(text) && SsnQuestion().IsMatch(text) && !HasNineDigits().IsMatch(text);

    [GeneratedRegex(@"(?<![a-z])(social\s*security|ssn|ss\s*#|ss\s+(number|no))(?![a-z])", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex SsnWords();

    // Reluctance, not a wish to use one ("can I use my SS# instead?" is a wish: a person helps with that).
    [GeneratedRegex(@"\b(do i (really |actually )?(have|need) to|must i|is it (required|necessary|mandatory)|required|why (does|do|would) (it|they|you|the site)|(wants|asks|asking) (for )?my|(don'?t|do not) want to (give|share|use)|rather not (give|share|use))\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex SsnQuestion();

    [GeneratedRegex(@"\d(?:[\s\-\u2013]?\d){8}")]
    private static partial Regex HasNineDigits();

    /// <summary>"Where would I find my Harvard ID?": where the number is, not a look-up.</summary>
    public static bool AsksWhereToFindHuid(string? text) => text is not null && WhereHuid().IsMatch(text);

    [GeneratedRegex(@"\b(where|how) (would|do|can|could|should|will|might) i (find|get|see|look up|locate)\b[^.?!]{0,30}\b(harvard id|harvard i\.?d\.?|huid|id number)\b|\bwhere('s| is) (my|the|a) (harvard id|huid)\b|\b(number|id|huid|harvard id)\b[^.?!]{0,25}\b(on|in) (my|the|your) (badge|id card|harvard id card|card)\b|\bwhat('s| is) (a|an) (harvard id|huid)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex WhereHuid();

    /// <summary>"What's my Harvard ID?": the person asks for their own number.</summary>
    public static bool AsksForOwnHuid(string? text) => text is not null && OwnHuid().IsMatch(text);

    [GeneratedRegex(@"\b(what('s| is)|find|look up|need|tell me|forgot|don'?t know) (my|me my) (harvard id|harvard i\.?d\.?|huid|harvard id number)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex OwnHuid();

    /// <summary>Where in <paramref name="text"/> the person asks for their own Harvard ID; -1 if nowhere.</summary>
    public static int OwnHuidAt(string text) => OwnHuid().Match(text) is { Success: true } m ? m.Index : -1;

    /// <summary>"Whitepages", "the directory", "eCommons": where a changed email or address shows.</summary>
    public static bool MentionsTheDirectory(string? text) => text is not null && Directory().IsMatch(text);

    [GeneratedRegex(@"\b(white ?pages|directory|ecommons|my profile|people ?soft)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Directory();

    /// <summary>"I did that but the whitepages still shows the old one": a change not showing yet.</summary>
    public static bool StillShowsTheOld(string? text) => text is not null && StillOld().IsMatch(text);

    [GeneratedRegex(@"\b(still (shows?|showing|has|says|lists|displays|see|seeing|there)|hasn'?t (changed|updated)|has not (changed|updated)|not (changed|updated) (yet)?|didn'?t (change|update)|isn'?t (changed|updated|showing))\b|\b(old|previous|former) (one|address|email|e-mail|number|info)\b[^.?!]{0,30}\bstill\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex StillOld();

    /// <summary>"who do I call if eCommons itself is down?", "the site won't load at all": the site, not the account, isn't working.</summary>
    public static bool ReportsAnOutage(string? text) => text is not null && Outage().IsMatch(text);

    [GeneratedRegex(@"\b(ecommons|mycourses|the (web ?)?site|the system|the portal|the login page)( itself)?( is| 's|'s| was| goes| went| seems)?( completely| totally| all)? (down|offline|not loading|unreachable)\b|\b(ecommons|mycourses|the (web ?)?site|the login page) (won'?t|doesn'?t|does not|will not) (load|open|come up)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Outage();

    /// <summary>"when will it show up?", "how long does that take?" after the e-mail or address steps: when a change appears.</summary>
    public static bool AsksWhenAChangeShows(string? text) => text is not null && WhenItShows().IsMatch(text);

    [GeneratedRegex(@"\b(when|how long|how soon)\b[^.?!]{0,30}\b(show( up)?|shows|appear|update[sd]?|change[sd]?|take|be (there|visible|updated))\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex WhenItShows();

    /// <summary>"So who can sponsor me then?": who may sponsor a guest.</summary>
    public static bool AsksWhoCanSponsor(string? text) => text is not null && WhoSponsors().IsMatch(text);

    /// <summary>"So who should I ask then?", "who do I go to?", "who's allowed to, then?": whom to turn to, about the topic just answered.</summary>
    public static bool AsksWhomToAsk(string? text) => text is not null && WhomToAsk().IsMatch(text);

    [GeneratedRegex(@"\bwho (should|do|can|could|would|must) (i|we) (ask|go to|turn to|talk to|contact|speak (to|with)|get (it|one|a key) from|reach out to)\b|\bwho('s| is) the (right )?person to ask\b|\bwho( is|'s)? (allowed|able)( to)?(,? then)?\s*[?.!]*\s*$|\bwho (can|could|may|does)( do it| do that)?(,? then)?\s*[?.!]*\s*$|\bwho (in|on|at|from) (my|our|the) [\w ]{1,20}? (can|could|would|may)( do (it|that|this)| sponsor( me| him| her| them)?)?(,? (then|instead))?\s*[?.!]*\s*$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex WhomToAsk();

    /// <summary>"Can she still do it?", "could my PI sponsor him?": whether someone named can do what was just talked about.</summary>
    public static bool AsksWhetherTheyCan(string? text) => text is not null && (TheyCan().IsMatch(text) || TheyCanAsStatement().IsMatch(text));

    // "can she do it?", "could my PI sponsor him?"
    [GeneratedRegex(@"\b(can|could|may|would|is) (she|he|they|" + Someone + @")( still| also| then| even)? (do (it|that|this)|sponsor( me| him| her| them| us)?|be (my|a|the|his|her|their) sponsor|allowed)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex TheyCan();

    // "so my PI could do it?", "she can sponsor him then?": the same question as a statement with a question mark.
    [GeneratedRegex(@"\b(she|he|they|" + Someone + @")( still| also| then)? (can|could|may)( still| also| then)? (do (it|that|this)|sponsor( me| him| her| them| us)?|be (my|a|the|his|her|their) sponsor)\b[^.!?]*\?", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex TheyCanAsStatement();

    private const string Someone = @"my (contact|colleague|pi|p\.i\.|boss|manager|supervisor|advisor|adviser|mentor|professor|friend|lab head|department head|chair)|someone|anyone";

    /// <summary>"I'm part-time staff, can I do it myself?", "am I allowed to sponsor her?": whether the person may sponsor a guest.</summary>
    public static bool AsksWhetherICan(string? text) => text is not null && ICan().IsMatch(text);

    [GeneratedRegex(@"(?<!\bhow )\b(can|could|may) i (just )?(do (it|that|this)|sponsor( (her|him|them|my guest|a guest|someone|one))?|be (a|the|her|his|their) sponsor|fill (it|that|the form) (out|in))( myself| then| instead| too)?\b|\bam i (allowed|able|eligible) to (sponsor|do (it|that))\b|\bdo i (count|qualify)( as a sponsor)?\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ICan();

    /// <summary>
    /// Whether the role someone names may sponsor a guest (full-time staff or on-quad faculty of HMS): true ("she's
    /// on-quad faculty"), false ("I'm part-time staff", "I'm a student"), or null when no role is named.
    /// </summary>
    public static bool? RoleMaySponsor(string? text)
    {
        // Only a role said of the would-be sponsor ("I'm part-time staff", "she's on-quad faculty"), not of the guest
        // ("I have a visiting researcher coming").
        var described = text is null ? null : string.Join(" ", DescribedAs().Matches(text).Select(m => m.Value));
        return string.IsNullOrEmpty(described) ? null
            : CannotSponsorRole().IsMatch(described) ? false
            : MaySponsorRole().IsMatch(described) ? true
            : null;
    }

    // "I'm a grad student here", "as part-time staff", "she's on-quad faculty", "my PI is full-time faculty": what follows, up to the clause's end.
    [GeneratedRegex(@"\b(i'?m|i am|as|she'?s|he'?s|they'?re|(she|he|they|who) (is|are)|(pi|boss|supervisor|manager|advisor|adviser|mentor|professor|colleague) is)\b[^.,;!?]{1,40}", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex DescribedAs();

    [GeneratedRegex(@"\bon-?\s?quad\b|\bfull-?\s?time (staff|employee|faculty|professor|member of (the )?(staff|faculty))\b|\b(hms|medical school) (faculty|professor)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex MaySponsorRole();

    [GeneratedRegex(@"\b(part-?\s?time|off-?\s?quad|student|undergrad|temp|temporary|consultant|contractor|guest|visitor|visiting|intern)\b|\b(affiliated? )?hospital (staff|employee|doctor|nurse)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex CannotSponsorRole();

    /// <summary>
    /// "where do I go to do that?", "what's the address?", "which website?": where the thing just talked about is done,
    /// asked as a follow-up (the whole message is the question).
    /// </summary>
    public static bool AsksWhereTheSiteIs(string? text) => text is not null && WhereSite().IsMatch(text);

    [GeneratedRegex(@"^\W*((ok(ay)?|and|so|sorry|thanks|great|cool|um+|uh+|hmm+|oh|ah|right|got it)\W+)*(where (do|should|can|would) (i|we|they|she|he) (go|do (it|that|this)|find (it|that|the (site|website|page|link|form)))( to (do|find|get to) (it|that|this))?( then| for (it|that|this))?|where('?s| is) (the|that) (site|web ?site|page|web ?page|link|form)|what('?s| is) the (web ?)?(address|link|url|site|web ?site|web ?page|page)( again| then| for (it|that|this))?|(which|what) (web ?site|site|page|link|url)( is (it|that))?|(link|url|address|web ?site) (please|pls)|(the )?(link|url|web ?site)|(is there|got|have you got|do you have|can you (give|send) me) a link( for (it|that|this))?)\W*$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex WhereSite();

    /// <summary>"What do they need to fill out?", "which form is it?": the paperwork for what was just talked about.</summary>
    public static bool AsksAboutTheForm(string? text) => text is not null && IsQuestion(text) && Form().IsMatch(text);

    // "fill out", "who fills that out?", "filling it in", "the form".
    [GeneratedRegex(@"\b(fill(s|ing)? (it |that |this |them |those )?(out|in)|form|forms|paperwork|application)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Form();

    /// <summary>"And if it doesn't give me that reset option when I log in?": no expiry message at log-in.</summary>
    public static bool AsksWhatIfNoPrompt(string? text) => text is not null && NoPrompt().IsMatch(text);

    [GeneratedRegex(@"\b(if|what if|and if|suppose)\b[^.?!]{0,25}?\b(doesn'?t|does not|doesnt|won'?t|wont|don'?t|dont|didn'?t|never|isn'?t|no)\b[^.?!]{0,25}?\b(give|show|offer|see|get|appear|come up|pop up|ask|there|option|message|prompt)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex NoPrompt();

    /// <summary>"Which step does the Harvard ID go in?", "where do I put it?": where a detail goes on the Register Now page.</summary>
    public static bool AsksWhichStep(string? text) => text is not null && WhichStep().IsMatch(text);

    [GeneratedRegex(@"\b(which|what) step\b|\bwhat (do|should|would|can|must) i (put|enter|type|fill in|fill out|write)( in| down)? (for|in|on|at|into|under) step\b|\bwhat goes (in|into|on|under) step\b|\bwhere (do|should|would|can) i (put|enter|type|fill in|write)\b|\bwhere (does|do|should|would) (it|that|this|the (harvard )?id|my (harvard )?id|the number) go\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex WhichStep();

    /// <summary>"Does HR need to know too?", "what about PeopleSoft?": HR's part in a changed e-mail or address.</summary>
    public static bool AsksAboutHr(string? text) => text is not null && IsQuestion(text) && Hr().IsMatch(text);

    [GeneratedRegex(@"\b(hr|human resources|people ?soft)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Hr();

    /// <summary>"Where do I reset the PIN if I forget it?", "I forgot my PIN too": a forgotten Harvard PIN.</summary>
    public static bool AsksAboutAForgottenPin(string? text) => text is not null && ForgottenPin().IsMatch(text);

    [GeneratedRegex(@"\b(reset|forgot|forget|forgotten|lost|lose|change|don'?t remember|can'?t remember)\b[^.?!]{0,25}\b(the |my |a )?(harvard )?pin\b|\bpin\b[^.?!]{0,20}\b(reset|forgot|forget|forgotten|lost|lose)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ForgottenPin();

    /// <summary>"Can I log into eCommons with my HUID instead of my username?": logging in with the Harvard ID (and PIN).</summary>
    public static bool AsksToLogInWithHuid(string? text) =>
        text is not null && (LogInWithHuid().IsMatch(text) || (HarvardIdWords().IsMatch(text) && UseItToLogIn().IsMatch(text)));

    // "… my Harvard ID, and can I use it to sign into MyCourses?": "it" is the Harvard ID named before.
    [GeneratedRegex(@"\b(use|using) (it|that|this|the number) (to|for) (log|sign|login|get in)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex UseItToLogIn();

    [GeneratedRegex(@"\b(log ?in|login|sign ?in|sign into|log into|get in|access)\b[^.?!]{0,30}?\b(with|using|via|by) (my |the |a )?(huid|harvard id|harvard i\.?d\.?)\b|\buse (my |the )?(huid|harvard id)( number)? (to|for) (log|sign|login|get in)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex LogInWithHuid();

    [GeneratedRegex(@"\bwho (can|could|is allowed to|may|should|would|has to|needs to|will) (sponsor|be my sponsor|vouch)\b|\bwho sponsors\b|\bwho('s| is) (able|allowed|eligible) to sponsor\b|\b(can|could|may) (i|anyone|my (pi|boss|manager|supervisor|colleague)|a (student|postdoc|resident)) (be (a|the|her|his|their) sponsor|sponsor)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex WhoSponsors();

    /// <summary>"Who can sponsor me?": asked by the guest, not by a would-be sponsor.</summary>
    public static bool AsksAsAGuest(string? text) => text is not null && GuestAsking().IsMatch(text);

    [GeneratedRegex(@"\b(sponsor me|my sponsor|be sponsored|sponsor us)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex GuestAsking();

    /// <summary>"Does the key go to me or straight to them?": who receives a guest key.</summary>
    public static bool AsksWhoGetsTheKey(string? text) => text is not null && WhoGetsKey().IsMatch(text) && !GuestUsesKey().IsMatch(text);

    /// <summary>"Once the key comes to me, what does she do with it?", "how do they use it?": how a guest uses the key.</summary>
    public static bool AsksHowTheGuestUsesTheKey(string? text) => text is not null && GuestUsesKey().IsMatch(text);

    // "Once the key comes to me, what does she do with it?", "and once she has it, what does she do?": how the guest uses
    // the key, not who receives it (the callers ask it only after a guest-key answer or with the key named).
    [GeneratedRegex(@"\bwhat (do|does|should|will) (she|he|they|the guest|my guest|my visitor) do with (it|the key|the guest key)\b|\bwhat (do|does|should|will) (she|he|they|the guest|my guest|my visitor) (do|need to do|have to do)( then| next| now)?\s*[?.!]*\s*$|\bhow (do|does|will|would|can) (she|he|they|the guest|my guest|my visitor) use (it|the key|the guest key)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex GuestUsesKey();

    [GeneratedRegex(@"\b(key|it|code)\b[^.?!]{0,20}\b(go|goes|sent|get sent|come|comes|given|delivered|emailed)\b[^.?!]{0,20}\b(to me|to them|to the guest|to my guest|straight|directly)\b|\bwho (gets|receives|is sent|is given) the (guest )?key\b|\b(do|will|would|does) (i|we) (get|receive) (something|anything|a key|a code)\b[^.?!]{0,25}\b(give|pass|hand|send|forward)\b|\bwhat (do|should|can) (i|we) (give|pass on|hand|send) (to )?(them|him|her|my guest|the guest|my visitor)\b|\b(do|does|will) (i|the guest|my guest|they) (get|receive) the (guest )?key\b|\bhow (does|do|will|would|can) (she|he|they|the guest|my guest|my visitor|my collaborator) (get|receive) (the|a|her|his|their) (guest )?key\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex WhoGetsKey();

    /// <summary>
    /// "What do I need to update so I don't get locked out?", "do my apps need the new password?", "will Outlook pick up the
    /// new one?", "do I have to change those too?": what else uses the password (the devices-to-update answer).
    /// </summary>
    public static bool AsksWhatToUpdate(string? text) => text is not null && WhatToUpdate().IsMatch(text);

    [GeneratedRegex(@"\bwhat (else )?(do i|should i|must i|to|will i) (need to |have to )?(update|change)\b|\b(update|change) (it |my password |the password )?(on|in) (my )?(phone|iphone|mobile|devices?|laptop|outlook|email app|everything|everywhere|other devices)\b|\b(update|change|fix|redo) (it (on|in) )?(my |the )?(iphone|ipad|android|tablet|mobile( device)?|cell ?phone|phone(?! ?(number|#|no\b))|laptop|computer|mac|outlook|email app|mail app|devices?|other devices)\b|\bwhich (devices|apps|things)\b|\bso i (don'?t|do not) get locked( out)? again\b|\bkeeps? (asking|prompting)( me)? for (it|my|the)\b|\bwhat else (needs|uses|has|wants)\b|\b(anything|something|what|where) else (do |will |would |should |shall )?(i|we) (need|have|must|got|ought) to (update|change|put|enter|type|redo)\b|\bwhere else\b[^.?!]{0,40}\b(password|put|enter|update|change|type)\b|\b(anything|what) else (to|i'?ll (need|have) to) (update|change)\b|\b(still )?(has|have|uses|using|saved) (my |the )?old (one|password|pw|pass)\b|\b(do|does|will|would|should|must|won'?t|wont) (my |the |all my |all the |my other |the other |other )?(work )?(apps?|iphone|ipad|android|tablet|laptop|computer|mac|macbook|outlook|email app|e-mail app|mail app|mail|vpn|wi-?fi|devices?|mobile|phone)(?! ?(number|#|no\b))\b[^.?!]{0,40}?\b(need|needs|have to|has to|pick up|update|know about)\b|\bpick up the new (one|password|pw)\b|\b(update|change|re-?enter|redo|retype) (those|them|these|all of them|both)( too| as well| also)\b|\bwhat (other|else) (stuff|things|apps|places|devices|systems|services|programs)\b|\b(put|enter|type|save) the new (one|password|pw) (in|into|on)\b|\b(anything|something) else (i |we )?(should|need to|have to|must|ought to) do\b[^.?!]{0,10}[?.!]?[^.?!]{0,60}\b(saved|ipad|iphone|phone|laptop|computer|outlook|vpn|wi-?fi|devices?)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex WhatToUpdate();

    /// <summary>"Where are the instructions for doing it on an iPhone?", "how do I update it on my iPad?": the Mobile Computing page.</summary>
    public static bool AsksForMobileSteps(string? text) => text is not null && MobileDevice().IsMatch(text) && MobileSteps().IsMatch(text);

    /// <summary>"iPhone", "my android", "tablet": a phone or tablet, whose steps are on the Mobile Computing page.</summary>
    public static bool NamesAMobileDevice(string? text) => text is not null && MobileDevice().IsMatch(text);

    [GeneratedRegex(@"\b(iphone|ipad|android|smartphone|phone|mobile|tablet|cell ?phone|galaxy|pixel)\b(?! ?(number|#|no\b))", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex MobileDevice();

    [GeneratedRegex(@"\b(instructions?|steps|guide|how (do|can|would|should) i|how to|where (do|can) i (find|see|get)|walk me through)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex MobileSteps();

    /// <summary>"Do I need my phone for that?", "is a phone required?": what a SafeCode needs.</summary>
    public static bool AsksIfAPhoneIsNeeded(string? text) => text is not null && PhoneNeeded().IsMatch(text);

    [GeneratedRegex(@"\b(do|will|would|does) (i|one|you) (need|have to have|require) (my|a|the|an?) ?(phone|cell|cellphone|cell phone|mobile|text-enabled phone|smartphone)\b|\b(is|are) (my |a |the )?(phone|cell|mobile|smartphone)s? (needed|required|necessary)\b|\b(without|if i don'?t have) (my |a )?(phone|cell|mobile)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex PhoneNeeded();

    /// <summary>"My PI is on-quad faculty, what does she have to do?", "what does my sponsor need to fill out?": what the sponsor must do.</summary>
    public static bool AsksWhatTheSponsorDoes(string? text) =>
        text is not null && (SponsorDoes().IsMatch(text) || (SponsorNoun().IsMatch(text) && TheyMustDo().IsMatch(text)));

    [GeneratedRegex(@"\bwhat (does|do|would|should|must) (my|the) (pi|boss|supervisor|manager|sponsor|host|professor|lab head|faculty member)( need to| have to| has to| must| should)? (do|fill( out| in)?|submit|send)\b|\bhow (does|do|can|would) (my|the) (pi|boss|supervisor|manager|sponsor|host|professor) (sponsor|request|set (it|that|me) up)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex SponsorDoes();

    [GeneratedRegex(@"\b(pi|boss|supervisor|manager|sponsor|host|professor|faculty|lab head|staff member)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex SponsorNoun();

    [GeneratedRegex(@"\bwhat (does|do|would|should|must) (she|he|they|(s)?he) (have to|need to|has to|must|should|got to) (do|fill( out| in)?|submit)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex TheyMustDo();

    /// <summary>"… and also how do I reach HR?", "what's HR's email": how to contact HR (or the Registrar).</summary>
    public static bool AsksHowToReachHr(string? text) => text is not null && ReachHr().IsMatch(text);

    [GeneratedRegex(@"\b(reach|contact|call|e-?mail|talk to|speak to|get in touch with|get hold of|write to|number for|email for|phone)\b[^.?!]{0,20}\b(hr|human resources|the registrar|registrar'?s office)\b|\b(hr|human resources)('?s)? (contact|e-?mail|email address|phone|number)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ReachHr();

    /// <summary>"Where's that number?", "where do I find it?" when the number just asked for is a Harvard ID.</summary>
    public static bool AsksWhereThatNumberIs(string? text) => text is not null && WhereThatNumber().IsMatch(text);

    [GeneratedRegex(@"\bwhere('?s| is| do i find| can i find| would i find| do i get| can i get| do i look for)( that| the| this| my)? (number|id|one|it)\b|\bwhere (would|could|might) (that|it) be\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex WhereThatNumber();

    /// <summary>
    /// "I'm a grad student at FAS (not HMS) and need eCommons for a class", "a colleague at the law school needs eCommons":
    /// someone from another Harvard school who needs eCommons or MyCourses (the Invited User Process).
    /// </summary>
    public static bool FromAnotherHarvardSchool(string? text) => text is not null && OtherSchool().IsMatch(text) && NeedsAccess().IsMatch(text);

    [GeneratedRegex(@"\b(fas|gsas|seas|faculty of arts (and|&) sciences|arts (and|&) sciences|law school|hls|harvard law|hbs|business school|gse|ed school|graduate school of education|hks|kennedy school|divinity school|hds|gsd|graduate school of design|design school|extension school|harvard college|radcliffe)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex OtherSchool();

    [GeneratedRegex(@"\b(ecommons|mycourses|my courses|access|account|register|registration|sign up|log ?in)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex NeedsAccess();

    /// <summary>"Do I need to enter my date of birth or anything else?": what else the Register Now page asks for.</summary>
    public static bool AsksWhatElseIsNeeded(string? text) => text is not null && WhatElseNeeded().IsMatch(text);

    [GeneratedRegex(@"\b(do|will|would|should) i (also )?(need|have|got) to (enter|give|provide|type|put( in)?|fill( in| out)?|add|bring|show)\b[^.?!]{0,40}\b(anything else|date of birth|dob|birthday|birth date|anything more|other (info|information|details))\b|\b(is|does it need|do you need|anything) (there )?(anything|something) else (i need|needed|required)\b|\bis that all (it needs|i need|that'?s needed)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex WhatElseNeeded();

    /// <summary>"Are they open on weekends?", "what are the desk's hours?": when a person can be reached.</summary>
    public static bool AsksAboutOpeningHours(string? text) => text is not null && OpeningHours().IsMatch(text);

    [GeneratedRegex(@"\b(are|is) (they|you|it|the (it |hms it )?(service|help) ?desk|someone|anyone|the desk|it support) (open|available|staffed|around)\b|\b(opening|office|business|support) hours\b|\bopen (on )?(the )?(weekends?|saturdays?|sundays?|24/7|24 hours|late|at night|tonight|tomorrow|holidays?)\b|\bwhat (are )?(their|the|your|the desk'?s) hours\b|\bwhen (are|is) (they|the (service |help )?desk|it support) open\b|\bwhat time (do|does) (they|the (service |help )?desk) (open|close)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex OpeningHours();

    /// <summary>"my account keeps locking", "it locks me out", "locked again": the account locks (now or over and over).</summary>
    public static bool SaysItLocks(string? text) => text is not null && Locks().IsMatch(text);

    [GeneratedRegex(@"\b(locks?|locking|locked|lockouts?|lock(s|ing)? me out)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Locks();

    /// <summary>"Why does it keep happening?", "why do I keep getting locked out?": the usual cause (a device with the old password).</summary>
    public static bool AsksWhyItKeepsLocking(string? text) => text is not null && WhyItKeeps().IsMatch(text);

    [GeneratedRegex(@"\bwhy (does|do|did|is|has|would|will|am|are)( it| this| that| my account| i| the account)( still)? (keeps?|keep on|happen|happening|getting|get|being|lock|locking|locked)\b|\bwhy (does|do) (this|it) (keep )?happen\b|\bwhat (is|'?s) (causing|making) (it|this|that|my account)\b|\bhow (do|can) i (stop|prevent) (it|this|that|getting locked|being locked)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex WhyItKeeps();

    /// <summary>"do they have a phone number?", "what's their email": the detail asked for ("phone" or "email"), or null.</summary>
    public static string? AsksForContactDetail(string? text)
    {
        if (text is null || !RefersBack().IsMatch(text))
        {
            return null;
        }
        return PhoneWords().IsMatch(text) ? "phone" : EmailWords().IsMatch(text) ? "email" : null;
    }

    // "Do they have…", "their email", and short questions about a contact with no subject of their own ("is there an
    // email address I can write to instead?", "what's the number?").
    [GeneratedRegex(@"\b(they|them|their|theirs|that office|the office|it|its|that one)\b|^\s*(ok,? |and |so |cool,? )?(is there|do you have|have you got|got|what'?s|what is|can i (get|have)) (an? |the )?(e-?mail|email address|phone|phone number|number|address)\b|^\s*(ok,? |and |so )?(phone|number|e-?mail)\s*\??\s*$|\binstead\s*\??\s*$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex RefersBack();

    /// <summary>"Can you tell me the Harvard ID for cokafor? He's my coworker": someone else's number.</summary>
    public static bool AsksForSomeoneElsesHuid(string? text) =>
        text is not null && HarvardIdWords().IsMatch(text) && SomeoneElse().IsMatch(text);

    [GeneratedRegex(@"\b(for|of) (my )?(him|her|them|coworker|co-worker|colleague|boss|student|employee|friend|someone( else)?|somebody( else)?|another person|(?<=for )(?!my\b|me\b|the\b|a\b|an\b|students?\b|staff\b|faculty\b)[a-z][a-z0-9.]{2,}(?= ?\?))\b|\b(he'?s|she'?s|they'?re|is) my (coworker|co-worker|colleague|boss|student|employee|friend|assistant|manager)\b|\b(his|her|their|someone else'?s|my (coworker|colleague|boss|student)'?s) (harvard id|huid)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex SomeoneElse();

    /// <summary>"Is that 8 digits?", "how many digits is it?": the length of a Harvard ID.</summary>
    public static bool AsksHowManyDigits(string? text) => text is not null && Digits().IsMatch(text);

    [GeneratedRegex(@"\bhow (many|long)\b[^.?!]{0,20}\b(digits?|numbers?|characters?)\b|\b(is|are) (that|it|they|this) (8|eight|9|nine|7|seven|10|ten) (digits?|numbers?)\b|\b(8|eight) digits\s*\?", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Digits();

    [GeneratedRegex(@"\b(phone|number|call|ring|telephone)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex PhoneWords();

    [GeneratedRegex(@"\b(e-?mail|email address|mail|write to)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex EmailWords();

    /// <summary>"Harvard ID", "HUID", "badge": the message is about a Harvard ID.</summary>
    public static bool MentionsHarvardId(string? text) => text is not null && HarvardIdWords().IsMatch(text);

    /// <summary>"who do I contact", "my HUID is wrong on my badge": someone who needs the office that handles Harvard IDs.</summary>
    public static bool AsksWhoHandlesHarvardIds(string? text) => text is not null && WhoHandles().IsMatch(text);

    /// <summary>The role an office serves, when a question names the office: the registrar is students', HR staff and faculty's.</summary>
    public static string? RoleOfTheOffice(string? text) =>
        text is null ? null
        : Registrar().IsMatch(text) ? Knowledge.ContactOfficeTexts.Student
        : HumanResources().IsMatch(text) ? Knowledge.ContactOfficeTexts.Staff
        : null;

    [GeneratedRegex(@"\bregistr(ar|ars|ation office)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Registrar();

    [GeneratedRegex(@"\b(hr|human resources)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex HumanResources();

    /// <summary>"Who can help me with a Harvard ID question?": asks outright whom to turn to (not "I lost my HUID").</summary>
    public static bool AsksOutrightWhoHandles(string? text) => text is not null && WhoOutright().IsMatch(text);

    [GeneratedRegex(@"\b(who (do|should|can|could) i (ask|contact|call|email|talk to|speak to|go to)|who (fixes|handles|issues|can help|could help|deals with)|who to (ask|contact|call)|whom? (should|do) i (ask|contact))\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex WhoOutright();

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
        if (Vpn().IsMatch(text))
        {
            return new OutOfScopeTopic("the VPN", ConversationTexts.VpnAnswer);
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

    [GeneratedRegex(@"\b(how (do|can|would|should|could) (i|we|you|one)|how to|how (does|do|would|will) (that|this|it) work|what('s| is| are) the (steps|process|way)|where do i (go|click)|where (do|can|would) i (find|see|get)|where is|where's|wheres|is there a way|on the (web ?site|site|portal)|by myself|myself|instructions|steps|what (do|should|must) i (need to |have to )?do)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex HowTo();

    [GeneratedRegex(@"\b(help ?desk|service ?desk|it support|tech(nical)? support|it help|hms it|the it (department|dept|office|team|people)|(contact|call|reach|email|phone|ring) (it|i\.t\.)(?=\s*(\?|$|support|department|dept|people|team|folks|directly|about|regarding|desk))|it'?s? (phone|number|email|hours))\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex DeskContact();

    [GeneratedRegex(@"\b(talk|speak|chat|connect|transfer|put me through|get me|escalate)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex WantsAPersonNow();

    // "oh. so how do I …", "ah ok, so what …": up to three interjections before the question word.
    [GeneratedRegex(@"^\s*((wait|hold on|sorry|but|and|so|um+|ok(ay)?|alright|right|oh|ah|hmm+)[,.!]*\s+){0,3}(what|what's|whats|why|how|who|where|when|which|is|are|do|does|did|can|could|should|will|would|isn't|aren't)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex QuestionStart();

    [GeneratedRegex(@"\b(who (do|should|can) i (ask|contact|call|email|talk to)|who (fixes|handles|issues|can help)|who to (ask|contact)|contact about|questions? about|problem with|issue with|lost|wrong|incorrect|not on (there|it|my badge)|office|registrar|human resources|\bhr\b)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex WhoHandles();

    [GeneratedRegex(@"\b(human|person|someone|somebody|anyone|a real person)\b.*\b(call|phone|ring|talk to on the phone|number)\b|\b(call|phone)\b.*\b(human|person|someone|somebody)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex HumanToCall();

    [GeneratedRegex(@"\b(huid|harvard id|harvard i\.?d\.?|id number|badge|registrar|human resources)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex HarvardIdWords();

    [GeneratedRegex(@"\b(wi-?fi|wireless|wlan|internet connection|network password|connect to the network)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Wireless();

    // The HMS VPN, which the seed lists among the systems that use the eCommons password.
    [GeneratedRegex(@"\bvpn\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Vpn();

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
public static partial class ConversationTexts
{
    public const string ServiceDesk =
        "The HMS IT Service Desk is at 617-432-2000; a Service Desk representative can help with anything I can't. I can also bring a person into this chat.";

    public static string OutOfScope(string topic) =>
        $"I'm HelpBot, and I only handle eCommons accounts and access (unlocking, passwords, Harvard ID, guest keys, registration), so I can't help with {topic} here. For that and other IT matters, the HMS IT Service Desk can help: call 617-432-2000, or I can bring in a person.";

    public const string WirelessAnswer =
        "The HMS private wireless network uses your eCommons username and password; there's no separate Wi-Fi password. If your eCommons password changed, update it in your Wi-Fi settings on each device (laptop, phone, tablet), or the old one can lock your account. For anything else about Wi-Fi, the HMS IT Service Desk can help: 617-432-2000.";

    public const string VpnAnswer =
        "The HMS VPN uses your eCommons username and password too; there's no separate VPN password. If your eCommons password changed, update it in your VPN client on each computer, or the old one can lock your account. For anything else about the VPN, the HMS IT Service Desk can help: 617-432-2000.";

    public const string TypedPassword =
        "Please never type your password in a chat. I've removed it from what this conversation keeps (a reload or a person from the desk won't see it), though it may still show on your screen until the page reloads. If anyone might have seen it, change it: say \"change my password\".";

    public const string ChangeAfterTypedPassword = "I can help you change it right now, to be safe. Or tell me what else you need.";

    public const string IfItExpires =
        "If it expires before you change it, nothing is lost: you can still set a new one. Use \"Forgot your password?\" on the eCommons login page, or ask me to reset it here and I'll verify you with a SafeCode. Changing it before then just saves you that step.";

    public const string OrHere = "Or I can help you do it right here:";

    public const string HarvardKeyIsNotECommons =
        "No, they're two different logins. HarvardKey is managed at key.harvard.edu, and its login name and password are looked after there. Your eCommons username and password belong to HMS: those are the ones I can unlock, reset or change for you here.";

    public const string SsnNotNeeded =
        "No, you don't need to give your Social Security number. Staff of affiliated hospitals without a Harvard appointment register with their last name and date of birth (STEP 3 on the Register Now page; the SS# is only there if the date of birth isn't enough). I can register you right here with your date of birth, and I'll never ask for an SSN. If the site won't take your date of birth, call the HMS IT Service Desk at 617-432-2000.";

    public const string WhereToFindHuid =
        "Your Harvard ID (HUID) is the first eight digits of the number on your Harvard ID badge. No badge yet? HR (staff and faculty) or your school's Registrar (students) can tell you.";

    public const string ChangeNotShowingYet =
        "That's expected for a while: eCommons and Whitepages show a new email or address only after Human Resources updates it in the PeopleSoft system, which can take a few business days. If it still shows the old one after that, HMS Human Resources (human_resources@hms.harvard.edu) can check it, or call the HMS IT Service Desk at 617-432-2000.";

    public const string WhatAGuestKeyIs =
        "A guest key gives someone without an HMS appointment (a temporary employee, a consultant or a research collaborator) access to the Harvard Medical School network. The guest's sponsor, who must be full-time staff or on-quad faculty of the Medical School, fills out the Invited User Request Form, receives the key and gives it to the guest, who then registers for eCommons with it.";

    public const string WhoCanSponsor =
        "A guest must be sponsored by full-time staff or on-quad faculty of Harvard Medical School: usually the person at HMS you're working with. They fill out the Invited User Request Form, receive the Guest Key, and give it to you. Then you can register with it here.";

    public const string CannotSponsor =
        "Only full-time staff or on-quad faculty of Harvard Medical School can sponsor a guest, so you can't be the sponsor yourself. Ask a full-time colleague or an on-quad faculty member you work with: they fill out the Invited User Request Form, receive the Guest Key, and pass it on to your guest. Not sure who? The HMS IT Service Desk can help: 617-432-2000.";

    public const string MaySponsor =
        "Yes: full-time staff and on-quad faculty of Harvard Medical School can sponsor a guest. The sponsor fills out the Invited User Request Form (or says \"sponsor a guest\" to me), receives the Guest Key, and gives it to the guest, who then registers with it.";

    public static string SiteAddress(string name, string url) => $"Here's where to go: {url} ({name}).";

    public const string SiteDown =
        "If eCommons itself isn't working (the site is down or won't load), that's one for the HMS IT Service Desk: call 617-432-2000, and they can tell you whether there's an outage. If it's only your account that won't let you in, I can help right here: say \"unlock my account\" or \"reset my password\".";

    public const string WhoGetsTheKey =
        "The Guest Key goes to you, the sponsor, not to your guest. It's the sponsor's responsibility to pass it on to the guest yourself; your guest then registers with it on eCommons (or here, by saying \"register with a guest key\").";

    public const string NotSomeoneElsesHuid =
        "I can't share someone else's Harvard ID: I give it only to its owner, after they prove who they are with a SafeCode. Your coworker can ask me themselves when they're back (it's also the first eight digits of their Harvard ID badge), or their HR office can help. For anything urgent, the HMS IT Service Desk is at 617-432-2000.";

    public const string SponsorForm =
        "The sponsor (full-time staff or on-quad faculty of HMS) fills out an Invited User Request Form. The Guest Key is then given to the sponsor, who passes it on to the guest; the guest registers with it on eCommons (STEP 1 last name, STEP 2 the guest key).";

    /// <summary>Before a Harvard ID look-up in Teams: the office that can also tell the person their number.</summary>
    public static string OfficeCanTell(string office, string? phone, string? email) =>
        $"{office} can also tell you your Harvard ID" + (phone, email) switch
        {
            ({ } p, { } e) => $": {p}, {e}.",
            ({ } p, null) => $": {p}.",
            (null, { } e) => $": {e}.",
            _ => ".",
        };

    public const string NoExpiryPrompt =
        "If eCommons doesn't offer to reset it when you log in, change it yourself: log in at http://ecommons.med.harvard.edu, click Preferences, then Security, then Change password, and follow the steps (a SafeCode is sent to your SafeCode device). Or I can help you change it right here.";

    public const string WhichStep =
        "On the eCommons Register Now page, STEP 1 is your last name and STEP 2 is your Harvard ID (or a guest key); nothing else is needed. Staff of affiliated hospitals without a Harvard appointment use STEP 3 with their date of birth instead.";

    public const string HrAndTheDirectories =
        "Changing it in eCommons (Preferences > My Address) or at whitepages.med.harvard.edu is the step on your side. The directories show the change only after HR updates it in the PeopleSoft system, which can take a few business days. If it still shows the old one after that, HMS Human Resources (human_resources@hms.harvard.edu) can check it. I can also pass a new email or address to HR for you here.";

    public const string HuidIsNotTheLogin =
        "Not quite: your Harvard ID isn't your eCommons username, but you can log into eCommons with it. Click \"Harvard PIN Users log in here\" on the eCommons login page and use your eight-digit Harvard ID and your Harvard PIN. Your Harvard ID is also the first eight digits of the number on your Harvard ID badge.";

    public const string HuidDigits = "Yes: a Harvard ID is 8 digits, the first eight digits of the number on your Harvard ID badge.";

    public const string HarvardKeyNotHere =
        "I can't reset that one here: HarvardKey belongs to Harvard, not HMS, and its login name and password are managed at key.harvard.edu, which walks you through it. If you meant your eCommons password, I can reset that right now.";

    public const string PinNotHere =
        "I can't reset a Harvard PIN here: PINs belong to Harvard's HUIT. Use the Harvard PIN management page, or call the HUIT Help Desk at 617-496-9001. If you meant your eCommons password, I can reset that right now.";

    public const string HuitDesk =
        "That's the HUIT Help Desk, Harvard's central IT desk, which looks after Harvard PINs: call 617-496-9001. To reset your PIN yourself, use the Harvard PIN management page.";

    public const string AfterAChange =
        "Thanks for letting me know. After a password change, anything that still has the old one saved keeps trying it, and that can lock your account. Here's what to update:";

    /// <summary>Said before an unlock when the person named what keeps asking for the password.</summary>
    public static string DeviceStillTrying(string device) =>
        $"That sounds like {Named(device)} still trying an old password, which locks the account. Once you're back in, update the saved password there (and on any other device that has it), or it will lock you out again.";

    private static string Named(string device) => device.ToLowerInvariant() switch
    {
        "outlook" => "Outlook",
        "iphone" => "your iPhone",
        "ipad" => "your iPad",
        "vpn" => "the VPN",
        "teams" => "Teams",
        "mac" or "macbook" => "your Mac",
        "wifi" or "wi-fi" => "the Wi-Fi",
        var other => "your " + other,
    };

    public static string AlsoAsked(string title) => $"You also asked about this ({title}):";

    public const string GuestKeyIsEnough =
        "No: on the Register Now page you complete STEP 1 (your last name) and STEP 2 (your guest key), and no other information is necessary.";

    public const string HuidIsEnough =
        "No: on the Register Now page you complete STEP 1 (your last name) and STEP 2 (your Harvard ID), and no other information is necessary. (A date of birth is only for affiliated-hospital staff without a Harvard appointment, in STEP 3.)";

    public const string DeskHours =
        "You can call the HMS IT Service Desk at 617-432-2000. If you ask for a person here, I'll tell you straight away whether someone is available now, and if the desk is closed I'll record your request and someone will follow up when it opens.";

    public const string MobileSteps =
        "The HMS IT Mobile Computing page has the steps for putting your new password on an iPhone, iPad, Android phone or tablet. Update every device that has your HMS email or Wi-Fi set up, or an old password saved there can lock your account again.";

    public const string PhoneForSafeCode =
        "You need one of two things: a SafeCode (a 6-digit code that works once) is sent to your text-enabled phone, or, if you prefer, to your alternate (non-HMS) email address. If you can't get either, the HMS IT Service Desk at 617-432-2000 can help.";

    public const string BackToIt = "Now, back to where we were:";

    public const string WelcomeMidFlow = "You're welcome! When you're ready, we can carry on:";

    public const string OkMidFlow = "OK! When you're ready:";

    public const string OnTheWebsite = "Of course. Here's how to do it on the eCommons site:";

    /// <summary>The answer to "do they have a phone number / an e-mail?" about an office just named.</summary>
    [GeneratedRegex(@"^(?<who>[^,\d]+),\s*(?<number>\d{3}-\d{3}-\d{4})\s*$", RegexOptions.CultureInvariant)]
    private static partial Regex NamedNumber();

    public static string OfficeDetail(string office, string detail, IReadOnlyList<(string Title, string Value)> facts)
    {
        var phone = facts.FirstOrDefault(f => f.Title.Contains("Phone", StringComparison.OrdinalIgnoreCase)).Value;
        var email = facts.FirstOrDefault(f => f.Title.Contains("Email", StringComparison.OrdinalIgnoreCase)).Value;
        // A contact given as "HUIT Help Desk, 617-496-9001": that desk and its number.
        if (phone is null && facts.Select(f => NamedNumber().Match(f.Value)).FirstOrDefault(m => m.Success) is { } named)
        {
            office = "the " + named.Groups["who"].Value.Trim();
            phone = named.Groups["number"].Value;
        }
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
