using System.Text.RegularExpressions;
using HelpBot.Dialogs.Engine;
using HelpBot.Dialogs.Engine.Prompts;
using HelpBot.Dialogs.Messaging;
using Microsoft.Bot.Builder;

namespace HelpBot.Dialogs.SafeCode;

/// <summary>Who to verify and why. <see cref="Proven"/> is the account when the channel already proved who the user is (Teams).</summary>
public sealed record SafeCodeDialogOptions(string Identifier, SafeCodePurpose Purpose, ProvenAccount? Proven = null)
{
    /// <summary>Set on a resend: the channel to use without asking again ("text" or "email").</summary>
    public string? Channel { get; init; }

    /// <summary>Set after a wrong code: the challenge still waiting, so the next code is checked against it.</summary>
    public string? ChallengeId { get; init; }
}

/// <summary>The masked destinations of an identity-proven account (never shown to anonymous users, R1).</summary>
public sealed record ProvenAccount(string Username, string? MaskedPhone, string? MaskedEmail);

public enum SafeCodeOutcome
{
    Verified,
    Blocked,
    Throttled,
    NoDestination,
    GaveUp,
}

/// <summary>How verification ended. <see cref="Username"/> and <see cref="Channel"/> only when verified.</summary>
public sealed record SafeCodeResult(SafeCodeOutcome Outcome, string? Username = null, MessageChannel? Channel = null);

/// <summary>
/// The reusable SafeCode step of every sensitive flow: choose text or e-mail, receive a 6-digit code, type it here.
/// Wrong codes, expired codes, resends and the 24-hour block each get a kind explanation and a way out. Nothing about
/// the account changes here (R2); the calling flow acts only on a <see cref="SafeCodeOutcome.Verified"/> result.
/// State (values): the channel chosen and the challenge id — never the code.
/// </summary>
public sealed partial class SafeCodeDialog : ComponentDialog, Conversation.IClaimsAnswers
{
    private const string StepsId = "safecode.steps";
    private const string ChannelPrompt = "safecode.channel";
    private const string CodePrompt = "safecode.code";
    // What people type instead of tapping "My text-enabled phone" / "My alternate email".
    private static readonly string[] TextWordsForChoice =
        ["text", "sms", "phone", "text message", "cell", "cellphone", "cell phone", "mobile", "my phone", "txt", "texting"];

    private static readonly string[] EmailWordsForChoice =
        ["email", "mail", "alternate email", "alternate", "my email", "other email", "other address", "my other address", "inbox", "personal email"];

    private static readonly string[] AnyChannelWords =
        ["either", "either one", "whatever", "whichever", "wherever", "doesn't matter", "doesnt matter", "don't mind", "dont mind", "on file", "you choose", "up to you"];

    public const string TextValue = "text";
    public const string EmailValue = "email";

    /// <summary>The channel a request names for its code ("can you text me a code", "send it to my personal email"), if it names exactly one.</summary>
    public static string? ChannelIn(string? said) =>
        said is null ? null
        : OnlyEmail().IsMatch(said) && !OnlyPhone().IsMatch(said) ? EmailValue
        : OnlyPhone().IsMatch(said) && !OnlyEmail().IsMatch(said) ? TextValue
        // "Text me the code" in a message that also mentions an e-mail address for another reason; "text is fine".
        : DirectText().IsMatch(said) != DirectEmail().IsMatch(said) ? (DirectText().IsMatch(said) ? TextValue : EmailValue)
        : MentionsSending().IsMatch(said)
            ? ChoicePrompt.Recognize(said, [Choice.Labelled(TextValue, TextValue, TextWordsForChoice), Choice.Labelled(EmailValue, EmailValue, EmailWordsForChoice)])?.Value
            : null;

    // "I only have my email, I don't have a (work) cell phone", "e-mail is my only option", "the only way I have is e-mail":
    // one way, said as what the person has.
    [System.Text.RegularExpressions.GeneratedRegex(@"\b(only|just) (have|got|use|check) (my |an? |the )?(e-?mail|email address|inbox)\b|\b(don'?t|do not|dont|doesn'?t|never) (have|own|use|got) (a |an |my )?(work |personal |own |mobile |text-enabled )?(cell|mobile|cellphone|cell phone|smartphone|phone|text)|\bno (work |personal )?(cell|mobile|cellphone|cell phone|phone|texts?)\b(?! number)|" + OnlyWay + @"(e-?mail|email address|my e-?mail|my inbox|inbox|e-?mailing)\b|\b(e-?mail|my e-?mail|my inbox|inbox)('?s| is) (my |the )?only (way|option|choice|one|thing)\b|\bonly (by|via|through|over) e-?mail\b", System.Text.RegularExpressions.RegexOptions.IgnoreCase)]
    private static partial System.Text.RegularExpressions.Regex OnlyEmail();

    [System.Text.RegularExpressions.GeneratedRegex(@"\b(only|just) (have|got|use|check) (my |a |the )?(cell|mobile|phone|cellphone|cell phone|texts?)\b|\b(don'?t|do not|dont|doesn'?t|never) (have|use|check|got) (an? |my )?(alternate |other |personal |non-hms |work )?e-?mail|\bno (alternate |other |personal |non-hms )?e-?mail\b|" + OnlyWay + @"(text|texts|texting|sms|cell|mobile|phone|my (cell|mobile|phone|cellphone))\b|\b(text|texts|texting|sms|my (cell|mobile|phone)|cell|mobile|phone)('?s| is) (my |the )?only (way|option|choice|one|thing)\b|\bonly (by|via|through|over) (text|sms)\b", System.Text.RegularExpressions.RegexOptions.IgnoreCase)]
    private static partial System.Text.RegularExpressions.Regex OnlyPhone();

    // "the only way I have is …", "the only one I've got is …", "the only option for me is …".
    private const string OnlyWay = @"\bthe only (way|option|choice|one|thing)( (i|that i) (have|use|check|can (use|check))| i'?ve got| i got| available| for me| that works)?( is| would be|'?s)? (by |via |through )?";

    // The channel as the verb of the request or said to be fine: "text me (the code)", "send it to my cell", "by text",
    // "text is fine", "a text works".
    [System.Text.RegularExpressions.GeneratedRegex(@"\b(text|txt|sms) (me|it)\b|\bsend (it|the code|a code|the safecode|me the code|me a code|me one|one)? ?(to|by|via|on) (my |a |the )?(cell|cellphone|cell phone|mobile|phone|text|sms)\b|\b(by|via|over) (text|sms|txt)\b|\b(a )?(text|txt|sms|texting|cell|my cell|my phone|phone)( message)? ((is|would be|'?s)( still| also| totally| perfectly)? (fine|ok|okay|good|great|best|better|perfect|easiest)|(still |also )?works|will do)\b", System.Text.RegularExpressions.RegexOptions.IgnoreCase)]
    private static partial System.Text.RegularExpressions.Regex DirectText();

    [System.Text.RegularExpressions.GeneratedRegex(@"\be-?mail (me|it)\b|\bsend (it|the code|a code|the safecode|me the code|me a code|me one|one)? ?(to|by|via) (my |an? |the )?(alternate |other |personal )?(e-?mail|inbox|mail)\b|\b(by|via|over) e-?mail\b|\b(an? )?(e-?mail|my e-?mail|my other e-?mail|my alternate e-?mail) ((is|would be|'?s)( still| also| totally| perfectly)? (fine|ok|okay|good|great|best|better|perfect|easiest)|(still |also )?works|will do)\b", System.Text.RegularExpressions.RegexOptions.IgnoreCase)]
    private static partial System.Text.RegularExpressions.Regex DirectEmail();

    /// <summary>"Whatever contact you have for me is fine", "either way works": the person leaves the way to us.</summary>
    public static bool LeavesChannelToUs(string? said) => said is not null && AnyChannel().IsMatch(said);

    [System.Text.RegularExpressions.GeneratedRegex(@"\b(whatever|whichever|either)\b[^.?!]{0,40}?\b(contact|way|one|number|address|works?|fine|ok|okay|have)\b|\b(on file|up to you|you choose|doesn'?t matter|don'?t mind)\b|\b(whichever|either|whatever)( one| way)?( is fine| works)?\s*[.!]?\s*$", System.Text.RegularExpressions.RegexOptions.IgnoreCase)]
    private static partial System.Text.RegularExpressions.Regex AnyChannel();

    [System.Text.RegularExpressions.GeneratedRegex(@"\b(code|safecode|text me|txt me|email me|e-mail me|send)\b", System.Text.RegularExpressions.RegexOptions.IgnoreCase)]
    private static partial System.Text.RegularExpressions.Regex MentionsSending();

    private readonly ISafeCodeService _safeCodes;

    public SafeCodeDialog(ISafeCodeService safeCodes)
        : base(nameof(SafeCodeDialog))
    {
        _safeCodes = safeCodes;
        AddDialog(new WaterfallDialog(StepsId, [ChooseChannelStepAsync, SendStepAsync, AskCodeStepAsync, CheckCodeStepAsync]));
        AddDialog(new ChoicePrompt(ChannelPrompt, ChannelValidatorAsync));
        AddDialog(new TextPrompt(CodePrompt, CodeValidatorAsync));
        InitialDialogId = StepsId;
    }

    private static Task<DialogTurnResult> ChooseChannelStepAsync(WaterfallStepContext step, CancellationToken cancellationToken)
    {
        var options = step.GetOptions<SafeCodeDialogOptions>()!;
        if (options.ChallengeId is not null || options.Channel is not null)
        {
            return step.NextAsync(options.Channel, cancellationToken);
        }
        var choices = new List<Choice>();
        if (options.Proven is { } proven)
        {
            if (proven.MaskedPhone is null && proven.MaskedEmail is null)
            {
                return step.EndDialogAsync(new SafeCodeResult(SafeCodeOutcome.NoDestination), cancellationToken);
            }
            if (proven.MaskedPhone is { } phone)
            {
                choices.Add(Choice.Labelled(TextValue, SafeCodeDialogTexts.TextTo(phone), TextWordsForChoice));
            }

            if (proven.MaskedEmail is { } email)
            {
                choices.Add(Choice.Labelled(EmailValue, SafeCodeDialogTexts.EmailTo(email), EmailWordsForChoice));
            }
        }
        else
        {
            choices.Add(Choice.Labelled(TextValue, SafeCodeDialogTexts.TextChoice, TextWordsForChoice));
            choices.Add(Choice.Labelled(EmailValue, SafeCodeDialogTexts.EmailChoice, EmailWordsForChoice));
        }
        // "Whatever you have on file", "either is fine": the first way listed.
        choices[0].Synonyms = [.. choices[0].Synonyms ?? [], .. AnyChannelWords];
        return step.PromptAsync(ChannelPrompt, new HelpBotPromptOptions
        {
            Prompt = MessageFactory.Text(SafeCodeDialogTexts.ChooseChannel),
            Choices = choices,
            Help = SafeCodeDialogTexts.ChannelHelp,
        }, cancellationToken);
    }

    private async Task<DialogTurnResult> SendStepAsync(WaterfallStepContext step, CancellationToken cancellationToken)
    {
        var options = step.GetOptions<SafeCodeDialogOptions>()!;
        if (options.ChallengeId is not null)
        {
            return await step.NextAsync(SafeCodeDialogTexts.TypeCodeOrResend, cancellationToken).ConfigureAwait(false);
        }
        if (step.Result is PromptAttemptsExhausted)
        {
            return await step.EndDialogAsync(new SafeCodeResult(SafeCodeOutcome.GaveUp), cancellationToken).ConfigureAwait(false);
        }
        var channelValue = step.Result as string ?? ((FoundChoice)step.Result!).Value;
        var channel = ChannelOf(channelValue);
        var activity = step.Context.Activity;
        var identifier = options.Proven?.Username ?? options.Identifier;

        var ticket = await _safeCodes.SendAsync(
            new SafeCodeRequest(identifier, channel, options.Purpose, activity.Conversation.Id, activity.ChannelId, activity.From?.Id),
            cancellationToken).ConfigureAwait(false);
        switch (ticket.Outcome)
        {
            case SafeCodeSendOutcome.Blocked:
                await step.Context.SendActivityAsync(SafeCodeDialogTexts.Blocked, cancellationToken: cancellationToken).ConfigureAwait(false);
                return await step.EndDialogAsync(new SafeCodeResult(SafeCodeOutcome.Blocked), cancellationToken).ConfigureAwait(false);
            case SafeCodeSendOutcome.Throttled:
                await step.Context.SendActivityAsync(SafeCodeDialogTexts.Throttled, cancellationToken: cancellationToken).ConfigureAwait(false);
                return await step.EndDialogAsync(new SafeCodeResult(SafeCodeOutcome.Throttled), cancellationToken).ConfigureAwait(false);
        }
        if (options.Proven is not null && !ticket.Facts.DestinationExists)
        {
            return await step.EndDialogAsync(new SafeCodeResult(SafeCodeOutcome.NoDestination), cancellationToken).ConfigureAwait(false);
        }
        // Later steps (and a wrong code) check against this challenge; the code itself is never kept here.
        step.Values.Set(nameof(SafeCodeDialogOptions.ChallengeId), ticket.ChallengeId);
        step.Values.Set(nameof(SafeCodeDialogOptions.Channel), channelValue);
        var sent = options.Proven is not null && ticket.Facts.MaskedDestination is { } masked
            ? SafeCodeDialogTexts.SentTo(masked, _safeCodes.CodeLifetime)
            : SafeCodeDialogTexts.SentIfOnFile(channel, _safeCodes.CodeLifetime);
        return await step.NextAsync(sent, cancellationToken).ConfigureAwait(false);
    }

    private Task<DialogTurnResult> AskCodeStepAsync(WaterfallStepContext step, CancellationToken cancellationToken) =>
        step.PromptAsync(CodePrompt, new HelpBotPromptOptions
        {
            Prompt = MessageFactory.Text((string)step.Result!, inputHint: Microsoft.Bot.Schema.InputHints.ExpectingInput),
            RetryPrompt = MessageFactory.Text(SafeCodeDialogTexts.CodeRetry),
            Help = SafeCodeDialogTexts.CodeHelp(_safeCodes.CodeLifetime),
            MaxAttempts = 3,
        }, cancellationToken);

    private async Task<DialogTurnResult> CheckCodeStepAsync(WaterfallStepContext step, CancellationToken cancellationToken)
    {
        if (step.Result is PromptAttemptsExhausted)
        {
            return await step.EndDialogAsync(new SafeCodeResult(SafeCodeOutcome.GaveUp), cancellationToken).ConfigureAwait(false);
        }
        var said = (string)step.Result!;
        var options = step.GetOptions<SafeCodeDialogOptions>()!;
        var challengeId = options.ChallengeId ?? step.Values.Get<string>(nameof(SafeCodeDialogOptions.ChallengeId)) ?? string.Empty;
        var channelValue = options.Channel ?? step.Values.Get<string>(nameof(SafeCodeDialogOptions.Channel)) ?? TextValue;
        var next = options with { ChallengeId = challengeId, Channel = channelValue };

        if (Digits(said).Length == 0 && AsResend(said) is { } resend)
        {
            if (NotReceived().IsMatch(said.ToLowerInvariant().Replace('\u2019', '\'')))
            {
                // Same words whether or not the account exists or has that channel (R1).
                await step.Context.SendActivityAsync(SafeCodeDialogTexts.NotArrived, cancellationToken: cancellationToken).ConfigureAwait(false);
            }
            // A new code on the same or the other channel. The account's failure count is not reset (S5).
            return await step.ReplaceDialogAsync(StepsId, next with { ChallengeId = null, Channel = resend.Length > 0 ? resend : channelValue }, cancellationToken).ConfigureAwait(false);
        }

        var check = await _safeCodes.VerifyAsync(challengeId, step.Context.Activity.Conversation.Id, options.Purpose, Digits(said), cancellationToken).ConfigureAwait(false);
        switch (check.Outcome)
        {
            case SafeCodeVerifyOutcome.Verified:
                await step.Context.SendActivityAsync(SafeCodeDialogTexts.Verified, cancellationToken: cancellationToken).ConfigureAwait(false);
                return await step.EndDialogAsync(new SafeCodeResult(SafeCodeOutcome.Verified, check.Username, ChannelOf(channelValue)), cancellationToken).ConfigureAwait(false);
            case SafeCodeVerifyOutcome.Blocked:
                await step.Context.SendActivityAsync(SafeCodeDialogTexts.Blocked, cancellationToken: cancellationToken).ConfigureAwait(false);
                return await step.EndDialogAsync(new SafeCodeResult(SafeCodeOutcome.Blocked), cancellationToken).ConfigureAwait(false);
            case SafeCodeVerifyOutcome.Wrong:
                await step.Context.SendActivityAsync(SafeCodeDialogTexts.Wrong(check.AttemptsLeft), cancellationToken: cancellationToken).ConfigureAwait(false);
                return await step.ReplaceDialogAsync(StepsId, next, cancellationToken).ConfigureAwait(false);
            case SafeCodeVerifyOutcome.Voided:
                await step.Context.SendActivityAsync(SafeCodeDialogTexts.Voided, cancellationToken: cancellationToken).ConfigureAwait(false);
                return await step.ReplaceDialogAsync(StepsId, next, cancellationToken).ConfigureAwait(false);
            default:
                await step.Context.SendActivityAsync(SafeCodeDialogTexts.Expired, cancellationToken: cancellationToken).ConfigureAwait(false);
                return await step.ReplaceDialogAsync(StepsId, next, cancellationToken).ConfigureAwait(false);
        }
    }

    private static MessageChannel ChannelOf(string value) => value == TextValue ? MessageChannel.Text : MessageChannel.Email;

    private static Task<bool> CodeValidatorAsync(PromptValidatorContext<string> prompt, CancellationToken cancellationToken) =>
        Task.FromResult(prompt.Recognized.Succeeded && (Digits(prompt.Recognized.Value!).Length == 6 || AsResend(prompt.Recognized.Value!) is not null));

    /// <summary>
    /// The code as <see cref="TypedDigits"/> reads it ("123 456", "12-34-56", "1 2 3 4 5 6"); empty if it isn't 6 digits.
    /// The stored history redacts exactly what this accepts.
    /// </summary>
    internal static string Digits(string said) => TypedDigits.CodeIn(said);

    /// <summary>
    /// null when the words are not a resend request; otherwise the channel asked for ("" to keep the current one). Read
    /// as people put it, not as exact words: "I didn't get the code", "nothing came", "still waiting", "can you send it
    /// to my email instead", "text my cell", "resend please".
    /// </summary>
    /// <summary>At the code question, a code or words about the code not arriving or going elsewhere are the answer.</summary>
    public bool ClaimsAnswer(DialogInstance instance, string said) => ActiveInnerDialogId(instance) switch
    {
        CodePrompt => TypedDigits.CodeIn(said).Length > 0 || AsResend(said) is not null,
        // "Can you text it to me?" at "where should I send it?" names a way: the answer, not a request for a person.
        ChannelPrompt => ChannelIn(said) is not null,
        _ => false,
    };

    /// <summary>
    /// The way to send the code, as a button or in the person's words ("could you text me the code"). A way the proven
    /// account has nothing on file for is not offered (only a Teams-proven account sees fewer than both ways, so this
    /// says nothing about an account a stranger names, R1): HelpBot says so and names the way it can use.
    /// </summary>
    private static async Task<bool> ChannelValidatorAsync(PromptValidatorContext<FoundChoice> prompt, CancellationToken cancellationToken)
    {
        if (prompt.Recognized.Succeeded || prompt.Context.Activity.Text is not { } said || ChannelIn(said) is not { } wanted)
        {
            return prompt.Recognized.Succeeded;
        }
        var choices = prompt.Options.Choices ?? [];
        if (choices.FirstOrDefault(c => c.Value == wanted) is { } named)
        {
            prompt.Recognized.Value = new FoundChoice { Value = named.Value, Index = choices.IndexOf(named), Score = 1 };
            return true;
        }
        if (choices.Count == 0)
        {
            return false;
        }
        var notOnFile = MessageFactory.SuggestedActions(choices.Select(c => c.Label).ToList(), SafeCodeDialogTexts.NotOnFile(ChannelOf(wanted), choices[0].Label), null, Microsoft.Bot.Schema.InputHints.ExpectingInput);
        await prompt.Context.SendActivityAsync(notOnFile, cancellationToken).ConfigureAwait(false);
        return false;
    }

    internal static string? AsResend(string said)
    {
        var s = said.Trim().ToLowerInvariant().Replace('\u2019', '\'');
        if (s.Length == 0 || s.Length > 120 || TypedDigits.Of(s) is { Length: > 0 })
        {
            return null; // a code (right or wrong) is checked as a code
        }
        // Both named ("I didn't get a text, try my email"): the one named last is the one wanted.
        var email = EmailWords().Matches(s) is { Count: > 0 } e ? e[^1].Index : -1;
        var text = TextWords().Matches(s) is { Count: > 0 } t ? t[^1].Index : -1;
        // "ok email is fine", "a text works" after a code went the other way: that way, as good as "use email".
        if (email != text && (SwitchWords().IsMatch(s) || NotReceived().IsMatch(s) || ResendWords().IsMatch(s) || ChannelOnly().IsMatch(s)
            || DirectText().IsMatch(s) || DirectEmail().IsMatch(s)))
        {
            return email > text ? EmailValue : TextValue;
        }
        return NotReceived().IsMatch(s) || ResendWords().IsMatch(s) ? string.Empty : null;
    }

    [GeneratedRegex(@"\b(e-?mail|mail|inbox|other address|alternate address|my address)\b")]
    private static partial Regex EmailWords();

    [GeneratedRegex(@"\b(text|texts|sms|phone|cell|mobile|txt)\b")]
    private static partial Regex TextWords();

    [GeneratedRegex(@"\b(instead|use|send|try|switch|rather|via|by|to my|me|how about|what about|go to)\b|\b(text|txt|sms|e-?mail|mail)\s+(it|that|the code|one)\b")]
    private static partial Regex SwitchWords();

    // "email", "text me", "by phone please", "ok email then", "fine, let's do email", "email works": the channel and
    // nothing but words that carry no other meaning.
    [GeneratedRegex(@"^\W*(" + Filler + @"\W+)*(e-?mail|mail|text|sms|phone|cell|mobile)(\W+" + Filler + @")*\W*$")]
    private static partial Regex ChannelOnly();

    private const string Filler =
        @"(ok|okay|k|fine|then|alright|all right|sure|yes|yeah|yep|is|works|will work|instead|let'?s|lets|do|go|with|just|please|pls|the|a|an|me|my|by|via|use|it|send|that'?s|thats|good|great|actually|hmm+|um+|uh+|oh|well|try|one|i'?ll|ill|take|that|to|for|now|maybe|perhaps|rather|prefer|would be|is better|better)";

    [GeneratedRegex(@"\b(did ?n'?t|didnt|never|have ?n'?t|havent|has ?n'?t|hasnt|not|no|nothing|still)\b.*\b(get|got|gotten|receive|received|arrive|arrived|come|came|coming|here|show|showed|yet|waiting|see|seen)\b|\bnothing (came|arrived|yet)\b|\bno (code|text|email|message)\b|\bwhere is (the|my) code\b|\bstill waiting\b")]
    private static partial Regex NotReceived();

    // "resend", "send it again", "could you try sending it once more", "send me it one more time".
    [GeneratedRegex(@"\b(resend|re-send|send(ing)? (it |that |me |me it |the code |a code |me the code )?(again|once more|one more time)|send (me )?(another|a new)( one| code)?|new code|another code|new one|another one)\b")]
    private static partial Regex ResendWords();
}
