using System.Globalization;
using System.Text;

namespace HelpBot.Dialogs.SmallTalk;

/// <summary>What a short social message is: the things people say around a request, not a request.</summary>
public enum SmallTalkKind
{
    Thanks,
    Goodbye,
    Hello,
    Acknowledged,
    AskedIfBot,
    Frustrated,
}

/// <summary>
/// Recognises pleasantries and small talk ("thanks", "ok great", "cool that worked", "bye", "hi", "are you a bot?",
/// "you're useless") so they get one short, warm line instead of "Sorry, I didn't understand". A message counts only
/// when it is small talk as a whole: "thanks, but I'm still locked out" is a request and goes to the recognizer.
/// Rules, not the intent model: the phrases are few and stable, and they must never pull a real request away.
/// </summary>
public static partial class SmallTalk
{
    private const int MaxWords = 10;

    // Phrases, longest first within each kind, as normalised words.
    private static readonly (SmallTalkKind Kind, string[] Phrases)[] Vocabulary =
    [
        (SmallTalkKind.Goodbye, ["bye bye", "bye", "goodbye", "good bye", "see you", "see ya", "later", "take care", "have a good day",
            "have a nice day", "have a great day", "have a good one", "thats all", "that is all", "thats it", "nothing else",
            "no thats all", "im done", "i am done", "all done", "gotta go", "cya", "good night",
            // The answer to "anything else I can help you with?"
            "no thanks", "no thank you", "no", "nope", "nah", "not right now", "not now", "thats everything", "that is everything",
            "thats all i needed", "thats all for now", "bye for now", "talk later", "catch you later"]),
        (SmallTalkKind.Thanks, ["thank you so much", "thank you very much", "thanks so much", "thanks a lot", "thanks a bunch",
            "thank you", "thankyou", "thanks", "thank u", "thx", "thnx", "ty", "tysm", "cheers", "much appreciated",
            "appreciate it", "i appreciate it", "many thanks", "great help", "very helpful", "that helped", "that helps", "helpful"]),
        (SmallTalkKind.Acknowledged, ["that worked", "it worked", "that did it", "it works", "works now", "worked", "all good",
            "all set", "got it", "sounds good", "makes sense", "understood", "ok", "okay", "k", "kk", "okey", "great", "cool",
            "perfect", "awesome", "nice", "good", "excellent", "brilliant", "wonderful", "fantastic", "super", "sweet", "fine",
            "yay", "done", "fixed", "sorted", "im in", "i am in", "im back in", "yes", "yep", "yeah", "alright", "right",
            "whatever", "fair enough", "oh well", "i see", "i guess", "if you say so", "no worries", "good to know", "noted",
            "thanks for letting me know", "makes sense now", "ok good to know", "gotcha", "gotchu", "roger", "roger that",
            "will do", "ok will do", "neat", "lovely", "cool beans", "sounds great", "thats great", "that works", "ok then"]),
        (SmallTalkKind.Hello, ["good morning", "good afternoon", "good evening", "hi there", "hello there", "hey there",
            "hi", "hello", "hey", "hiya", "howdy", "yo", "greetings", "im back", "i am back", "back now", "back again",
            "sorry about that", "sorry for the wait", "sorry for the delay", "anyone there", "are you there", "still there"]),
    ];

    // Words that may sit around the phrases without changing what the message is.
    private static readonly HashSet<string> Fillers = new(StringComparer.Ordinal)
    {
        "so", "much", "very", "really", "a", "lot", "again", "finally", "phew", "wow", "for", "the", "your", "help", "helpbot", "bot", "you", "guys",
        "oh", "ah", "well", "now", "then", "and", "just", "that", "it", "this", "is", "was", "all", "too", "everything",
        "assistance", "time", "there", "mate", "friend", "lol", "haha", "wow", "sorry", "got", "distracted", "busy", "hmm", "um",
        "btw", "wait",
    };

    // Words that make a short message venting, whatever else it says ("this is the third time this month ugh").
    private static readonly HashSet<string> Venting = new(StringComparer.Ordinal) { "ugh", "argh", "ffs", "grr", "sigh", "seriously" };

    // The vocabulary split into words once, not on every message (this runs before the recognizer on each one).
    private static readonly (SmallTalkKind Kind, string[] Words)[] Phrases =
        [.. Vocabulary.SelectMany(v => v.Phrases.Select(p => (v.Kind, p.Split(' '))))];

    private static readonly HashSet<string> Interjections = new(StringComparer.Ordinal) { "wait", "hold", "on", "um", "uh", "hmm", "ok", "okay", "sorry", "hey", "so", "but" };

    private static readonly string[] BotQuestions =
    [
        "are you a bot", "are you a robot", "are you a real person", "are you real", "are you human", "are you a human",
        "is this a bot", "is this a real person", "is this a person", "is this a human", "am i talking to a bot",
        "am i talking to a person", "am i talking to a human", "am i talking to a real person", "am i chatting with a bot",
        "are you ai", "are you an ai", "is this ai", "who are you", "what are you", "are you a computer",
    ];

    private static readonly string[] Frustrations =
    [
        "you are useless", "youre useless", "this is useless", "useless", "useless bot", "you are not helpful", "youre not helpful",
        "not helpful", "this is not helpful", "this isnt helpful", "unhelpful", "this is stupid", "stupid bot", "you are stupid",
        "youre stupid", "this sucks", "you suck", "terrible", "this is terrible", "worst bot ever", "dumb bot", "you are dumb",
        "youre dumb", "this is annoying", "so annoying", "this is not working", "this isnt working", "this doesnt work",
        "you dont understand", "you dont understand me", "you are not listening", "ugh", "argh", "omg", "come on",
    ];

    /// <summary>The kind of small talk <paramref name="text"/> is, or null when it is (or contains) anything else.</summary>
    public static SmallTalkKind? Classify(string? text)
    {
        var words = Normalize(text);
        if (words.Length == 0 || words.Length > MaxWords + 4)
        {
            return null;
        }
        var all = string.Join(' ', words);
        if (AsksWhatItIs().Match(all) is { Success: true } whatItIs && !AsksForSomeone().IsMatch(all)
            && (whatItIs.Groups["lead"].Length == 0 || !NamesARequest().IsMatch(all)))
        {
            // "is this an actual person or a chatbot", "am I chatting with a real human right now?", "r u a bot"; a few words
            // before it ("before that - are you a bot?") don't change the question, unless they ask for something.
            return SmallTalkKind.AskedIfBot;
        }
        if (words.Length > MaxWords)
        {
            return null;
        }
        // "wait, am I talking to a real person?", "um, are you a bot": the interjection before doesn't change the question.
        var start = 0;
        while (start < words.Length - 1 && Interjections.Contains(words[start]))
        {
            start++;
        }
        var joined = string.Join(' ', words[start..]);
        if (IsOneOf(joined, BotQuestions))
        {
            return SmallTalkKind.AskedIfBot;
        }
        if (IsOneOf(joined, Frustrations))
        {
            return SmallTalkKind.Frustrated;
        }
        if (Insult().IsMatch(joined))
        {
            // "this thing is useless", "honestly you're so unhelpful": said of HelpBot, in whatever words.
            return SmallTalkKind.Frustrated;
        }
        if (words.Any(Venting.Contains) && !NamesARequest().IsMatch(all))
        {
            // "ugh" beside a request ("locked out again ugh, text me the code") is the request, said crossly.
            return SmallTalkKind.Frustrated;
        }
        if (ThanksWithAPlan().Match(all) is { Success: true } plan)
        {
            // "ok I'll ask my PI, thanks", "thanks, will try that tomorrow": the person's own next step, and thanks;
            // "ok, I'll call them. bye!": their next step, and goodbye.
            return plan.Groups["bye"].Success ? SmallTalkKind.Goodbye : SmallTalkKind.Thanks;
        }
        if (ThanksWhileDoing().IsMatch(all) && !NamesARequest().IsMatch(all) && !AProblem().IsMatch(all))
        {
            // "ok thanks, calling them now", "cheers, heading over there": what they are doing now, and thanks.
            return SmallTalkKind.Thanks;
        }
        var seen = new HashSet<SmallTalkKind>();
        var unknown = 0;
        for (var i = 0; i < words.Length;)
        {
            var matched = Match(words, i);
            if (matched is not { } match)
            {
                if (!Fillers.Contains(words[i]))
                {
                    // One word of its own beside a thanks ("gotcha thx", "brill, cheers") is still a thanks.
                    if (++unknown > 1 || words[i].Any(char.IsDigit) || words.Length < 2)
                    {
                        return AroundARemark(words, text!);
                    }
                }
                i++;
                continue;
            }
            seen.Add(match.Kind);
            i += match.Length;
        }
        if (unknown > 0 && !seen.Contains(SmallTalkKind.Thanks))
        {
            return null; // "ok jsmith", "no, radiology": the other word may be the answer
        }
        // What the person most needs to hear back: a goodbye ends, thanks is answered before an "ok".
        foreach (var kind in new[] { SmallTalkKind.Goodbye, SmallTalkKind.Thanks, SmallTalkKind.Acknowledged, SmallTalkKind.Hello })
        {
            if (seen.Contains(kind))
            {
                return kind;
            }
        }
        return null; // fillers only ("so", "well")
    }

    /// <summary>
    /// What follows a pleasantry that opens a message ("thank you! one more thing, how do I …" → "one more thing, how do I
    /// …"): the request to understand. Null when nothing but small talk follows, or the message does not open with one.
    /// </summary>
    public static string? AfterPleasantry(string? text)
    {
        if (text is null || Classify(text) is not null || LeadingPleasantry().Match(text) is not { Success: true } lead)
        {
            return null;
        }
        var rest = lead.Groups["rest"].Value.Trim();
        return rest.Contains(' ', StringComparison.Ordinal) && Classify(rest) is null ? rest : null;
    }

    // Words a remark can't end on when small talk follows: "… if that helps" is a hedge, "… and thanks" part of a sentence.
    private static readonly HashSet<string> Unfinished = new(StringComparer.Ordinal) { "if", "when", "because", "so", "and", "but", "or", "unless" };

    // Answers that share the words of a goodbye ("no", "nope"): not a farewell when a remark follows ("no, that's not right").
    private static readonly HashSet<string> NotFarewells = new(StringComparer.Ordinal) { "no", "nope", "nah", "not now", "not right now", "no thanks", "no thank you" };

    /// <summary>
    /// Thanks or goodbye around a remark of the person's own: "ty!! that was quick", "thanks, that covers both", "ok cool.
    /// not sure what I need yet honestly, bye". The remark must be neither a request, a problem, a question nor an answer
    /// (a username, a code): "thanks, but it's still locked", "ty, it's jsmith" are not small talk.
    /// </summary>
    private static SmallTalkKind? AroundARemark(string[] words, string text)
    {
        if (text.Contains('?', StringComparison.Ordinal) || NamesARequest().IsMatch(string.Join(' ', words)))
        {
            return null;
        }
        var kinds = new HashSet<SmallTalkKind>();
        var start = SmallTalkRun(words, 0, kinds);
        // The closing small talk: the shortest tail of the message that is small talk and nothing else.
        var end = words.Length;
        var tail = new HashSet<SmallTalkKind>();
        for (var j = words.Length - 1; j > start; j--)
        {
            var kindsThere = new HashSet<SmallTalkKind>();
            if (SmallTalkRun(words, j, kindsThere) == words.Length && kindsThere.Count > 0)
            {
                end = j;
                tail = kindsThere;
            }
        }
        kinds.UnionWith(tail);
        var remark = words[start..end];
        var farewell = kinds.Contains(SmallTalkKind.Goodbye);
        if ((!farewell && !kinds.Contains(SmallTalkKind.Thanks)) || remark.Length is < 2 or > 8 || remark.Any(w => w.Any(char.IsDigit)))
        {
            return null;
        }
        if (Unfinished.Contains(remark[^1]))
        {
            return null; // "he's HMS staff, if that helps": a hedge on a statement, not thanks
        }
        var said = string.Join(' ', remark);
        if (Accounts.IdentifierText.InRequest(said) is not null || AsksSomething().IsMatch(said) || AnAnswer().IsMatch(said)
            // Someone who is leaving may say what they don't need yet; thanks beside a want or a problem is a request or a report.
            || (!farewell && (WantsSomething().IsMatch(said) || AProblem().IsMatch(said) || ButStill().IsMatch(said))))
        {
            return null;
        }
        return farewell ? SmallTalkKind.Goodbye : SmallTalkKind.Thanks;
    }

    /// <summary>Where the small talk starting at <paramref name="from"/> ends (phrases and fillers); the kinds said go in <paramref name="kinds"/>.</summary>
    private static int SmallTalkRun(string[] words, int from, HashSet<SmallTalkKind> kinds)
    {
        var i = from;
        while (i < words.Length)
        {
            if (Match(words, i) is { } match)
            {
                if (match.Kind != SmallTalkKind.Goodbye || !NotFarewells.Contains(string.Join(' ', words[i..(i + match.Length)])))
                {
                    kinds.Add(match.Kind);
                }
                i += match.Length;
            }
            else if (Fillers.Contains(words[i]))
            {
                i++;
            }
            else
            {
                break;
            }
        }
        return i;
    }

    // A remark that asks something ("what about …", "can you …") is a question, not small talk.
    [System.Text.RegularExpressions.GeneratedRegex(@"^(?:what|how|where|who|why|when|which|can|could|would|will|is|are|do|does|did|should)\b|\b(?:can you|could you|would you|please|pls|help me)\b")]
    private static partial System.Text.RegularExpressions.Regex AsksSomething();

    // … one that wants something ("I need …", "also …", "one more thing") is a request.
    [System.Text.RegularExpressions.GeneratedRegex(@"\b(?:i need|i want|need to|want to|also|one more|another)\b")]
    private static partial System.Text.RegularExpressions.Regex WantsSomething();

    // … and one that gives a detail ("garcia is my last name", "born in 1985") answers a question.
    [System.Text.RegularExpressions.GeneratedRegex(@"\b(?:name|born|birth|birthday|number)\b")]
    private static partial System.Text.RegularExpressions.Regex AnAnswer();

    [System.Text.RegularExpressions.GeneratedRegex(@"\b(?:but|though|however|didnt|hasnt|havent|wasnt|werent|again)\b")]
    private static partial System.Text.RegularExpressions.Regex ButStill();

    /// <summary>
    /// The request in a message that also vents ("ugh this is so annoying, I'm locked out again" → "I'm locked out again"):
    /// the venting taken off. Null when the message has no venting, or nothing but venting.
    /// </summary>
    public static string? WithoutVenting(string? text)
    {
        if (text is null || !VentingWords().IsMatch(text))
        {
            return null;
        }
        var rest = string.Join(' ', VentingWords().Replace(text, " ").Split(' ', StringSplitOptions.RemoveEmptyEntries)).Trim(' ', ',', '.', ';', ':', '!', '-', '–', '—');
        return rest.Contains(' ', StringComparison.Ordinal) ? rest : null;
    }

    // "ugh", "argh", "seriously", "not again", "this is so annoying", "so frustrating", with the punctuation after them.
    [System.Text.RegularExpressions.GeneratedRegex(@"\b(?:ugh+|argh+|ffs|grr+|sigh|omg|seriously|come on|not again|i hate this|(?:this|that|it)(?:'?s| is)(?: getting)?(?: so| really| super| incredibly| beyond)? (?:annoying|frustrating|ridiculous|infuriating)|so (?:annoying|frustrating|ridiculous|infuriating))\b[\s,.;:!\-–—]*", System.Text.RegularExpressions.RegexOptions.IgnoreCase | System.Text.RegularExpressions.RegexOptions.CultureInvariant)]
    private static partial System.Text.RegularExpressions.Regex VentingWords();

    private static (SmallTalkKind Kind, int Length)? Match(string[] words, int at)
    {
        (SmallTalkKind Kind, int Length)? best = null;
        foreach (var (kind, parts) in Phrases)
        {
            if (parts.Length > words.Length - at || (best is { } b && parts.Length <= b.Length))
            {
                continue;
            }
            if (parts.AsSpan().SequenceEqual(words.AsSpan(at, parts.Length)))
            {
                best = (kind, parts.Length);
            }
        }
        return best;
    }

    private static bool IsOneOf(string joined, string[] phrases)
    {
        // Said alone, or with "so …", "honestly …" before or "… lol" after.
        var said = joined.AsSpan();
        ReadOnlySpan<char> afterSo = said.StartsWith("so ", StringComparison.Ordinal) ? said[3..] : [];
        ReadOnlySpan<char> afterHonestly = said.StartsWith("honestly ", StringComparison.Ordinal) ? said[9..] : [];
        ReadOnlySpan<char> beforeLol = said.EndsWith(" lol", StringComparison.Ordinal) ? said[..^4] : [];
        foreach (var phrase in phrases)
        {
            if (said.SequenceEqual(phrase) || afterSo.SequenceEqual(phrase) || afterHonestly.SequenceEqual(phrase) || beforeLol.SequenceEqual(phrase))
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>Lower-case words without punctuation, apostrophes or emoji ("You're useless!!" → "youre useless").</summary>
    private static string[] Normalize(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return [];
        }
        var letters = new StringBuilder(text.Length);
        foreach (var c in text.ToLower(CultureInfo.InvariantCulture).Normalize(NormalizationForm.FormKC))
        {
            if (char.IsLetterOrDigit(c))
            {
                letters.Append(c);
            }
            else if (c is '\'' or '’' or '‘')
            {
                // "you're" → "youre", "that's" → "thats"
            }
            else
            {
                letters.Append(' ');
            }
        }
        return letters.ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries);
    }

    // Something said of HelpBot that is only a complaint: "this thing is useless", "youre so unhelpful", "this bot is a joke",
    // "youre no help at all honestly", "ok. you're kind of useless tbh".
    [System.Text.RegularExpressions.GeneratedRegex(@"^(?:(?:honestly|seriously|wow|man|omg|ugh)\s+)*(?:this|that|it|its|you|youre|u|ur|helpbot)(?:\s+(?:thing|bot|chatbot|chat|site|app|assistant|tool))?(?:\s+(?:is|are|re))?(?:\s+(?:so|really|completely|totally|absolutely|pretty|kinda|kind of|sort of|sorta|a bit|a little|quite|very|basically|just|literally|utterly|being))*\s+(?:useless|stupid|dumb|terrible|awful|annoying|unhelpful|pointless|rubbish|garbage|worthless|hopeless|not helpful|no help|a joke)(?:\s+(?:at all|whatsoever|honestly|frankly|seriously|really|tbh|to be honest|lol))*$")]
    private static partial System.Text.RegularExpressions.Regex Insult();

    // What HelpBot acts on, named: a message with one of these asks for something, however crossly it is put.
    [System.Text.RegularExpressions.GeneratedRegex(@"\b(?:locked|lock|unlock|password|passwords|reset|code|safecode|account|ecommons|huid|harvard|guest|register|login|log in|sign in|username|expired|email|text me)\b")]
    private static partial System.Text.RegularExpressions.Regex NamesARequest();

    // The person's own next step with thanks, either way round: "ok ill ask my pi thanks", "thanks ill try that"; or
    // with a goodbye: "ok ill call them bye".
    [System.Text.RegularExpressions.GeneratedRegex(@"^(?:(?:ok|okay|alright|great|cool|got it|right|sure|perfect|fine|makes sense)\s+)*(?:(?:ill|i will|will|let me|im going to|gonna|i can)\s+(?!need\b|want\b|have\b|like\b|be\b|not\b)\w+(?:\s+\w+){0,6}\s+(?:(?:thanks|thank you|thx|ty|cheers|thank u)(?:\s+(?:so much|a lot|again))?|(?<bye>bye|goodbye|see you|see ya|cya|take care)(?:\s+(?:now|bye|then))?)|(?:thanks|thank you|thx|ty|cheers|thank u)(?:\s+(?:so much|a lot))?\s+(?:ill|i will|will|let me|gonna)\s+(?!need\b|want\b|have\b|like\b|be\b|not\b)\w+(?:\s+\w+){0,6})$")]
    private static partial System.Text.RegularExpressions.Regex ThanksWithAPlan();

    // Thanks, and what the person is doing now: "ok thanks calling them now", "cheers ringing them right away".
    [System.Text.RegularExpressions.GeneratedRegex(@"^(?:(?:ok|okay|alright|great|cool|got it|right|sure|perfect|fine)\s+)*(?:thanks|thank you|thx|ty|cheers|thank u|many thanks|much appreciated)(?:\s+(?:so much|a lot|again))?\s+(?:im\s+)?\w+ing(?:\s+\w+){0,5}$")]
    private static partial System.Text.RegularExpressions.Regex ThanksWhileDoing();

    // Words of something still wrong: "thanks, getting an error now" is a report, not thanks.
    [System.Text.RegularExpressions.GeneratedRegex(@"\b(?:error|errors|not|wrong|still|fail\w*|broken|nothing|cant|wont|doesnt|isnt|problem|issue)\b")]
    private static partial System.Text.RegularExpressions.Regex AProblem();

    // A pleasantry that opens a message, closed by punctuation: "thank you! …", "ok great. …", "cheers, …".
    [System.Text.RegularExpressions.GeneratedRegex(@"^\W*(?:(?:ok|okay|great|cool|perfect|awesome|nice|got it|alright|all right|thank you so much|thanks so much|thanks a lot|many thanks|much appreciated|thank you|thank u|thanks|thx|ty|cheers|lovely|brilliant)\b[\s,]*)+?[!.,:;\-–—]+\s*(?<rest>\S.*)$", System.Text.RegularExpressions.RegexOptions.IgnoreCase | System.Text.RegularExpressions.RegexOptions.CultureInvariant)]
    private static partial System.Text.RegularExpressions.Regex LeadingPleasantry();

    // A question about what HelpBot is: "are you / is this / am I talking to" … "bot, person, human, automated, AI …",
    // after up to four words of lead-in ("one thing first", "before i answer that").
    [System.Text.RegularExpressions.GeneratedRegex(@"^(?<lead>(?:\w+\s+){0,4}?)(?:(?:wait|hold on|um|uh|hmm|ok|okay|sorry|hey|hi|hello|so|but|just curious|quick question|out of curiosity)\s+)*(?:are you|r u|are u|is this|is that|is it|am i (?:talking|chatting|speaking|writing|texting) (?:to|with)|who am i (?:talking|chatting|speaking) (?:to|with)|who is this|who are you)(?:\s+(?:a|an|the|actual|actually|real|really|live|just|kind|sort|of|some|even|still|right|now|human|person|or|bot|chatbot|robot|automated|ai|being))*\s+(?:bot|chatbot|robot|automated|automatic|ai|human|person|computer|machine|program|being)\b")]
    private static partial System.Text.RegularExpressions.Regex AsksWhatItIs();

    // … unless it asks to be put through to one ("is there a real person I can talk to", "I want a human").
    [System.Text.RegularExpressions.GeneratedRegex(@"\b(?:talk to|talk with|speak to|speak with|chat with one|connect|transfer|put me|get me|i want|i need|can i get|could i get|let me|i would like|id like)\b")]
    private static partial System.Text.RegularExpressions.Regex AsksForSomeone();
}
