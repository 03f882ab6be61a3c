using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using HelpBot.Cards;
using HelpBot.Dialogs.Accounts;
using HelpBot.Dialogs.Audit;
using HelpBot.Dialogs.Engine;
using HelpBot.Dialogs.Engine.Prompts;
using HelpBot.Dialogs.Handoff;
using HelpBot.Dialogs.Messaging;
using HelpBot.Dialogs.PasswordReset;
using HelpBot.Dialogs.RateLimits;
using HelpBot.Dialogs.Recognition;
using HelpBot.Dialogs.SafeCode;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Schema;

namespace HelpBot.Dialogs.Registration;

/// <summary>
/// eCommons registration, as the seed's Register Now page: who you are → last name (STEP 1) → Harvard ID (STEP 2) or,
/// for affiliated-hospital staff without a Harvard appointment, date of birth (STEP 3) → the same words whatever the
/// directory said (R1) → a SafeCode to the phone or personal e-mail on file → registered, and a one-time link to choose
/// a password (R4). Never a Social Security number: one typed here is not kept (redacted from history) and the person
/// is handed to the Service Desk. People not in the system get the Invited User Process, or (affiliates) leave their
/// affiliate e-mail for the Service Desk. Look-ups are throttled per conversation.
/// State: the kind and the last name; never the Harvard ID or date of birth (they are used in the step that receives them).
/// </summary>
public sealed partial class ECommonsRegistrationDialog : FlowDialog, Conversation.IClaimsAnswers
{
    /// <summary>Look-ups (last name + HUID or date of birth) one conversation may make per <see cref="LookupWindow"/>.</summary>
    public const int MaxLookupsPerConversation = 5;

    public static readonly TimeSpan LookupWindow = TimeSpan.FromHours(1);

    /// <summary>Registration requests one conversation may leave per day.</summary>
    public const int MaxRequestsPerConversation = 2;

    public const string HarvardKind = "harvard";
    public const string AffiliateKind = "affiliate";
    public const string OtherKind = "other";

    private const string StepsId = "register.steps";
    private const string NotFoundId = "register.notfound";
    private const string KindPrompt = "register.kind";
    private const string LastNamePrompt = "register.lastname";
    private const string HuidPrompt = "register.huid";
    private const string DateOfBirthPrompt = "register.dob";
    private const string EmailPrompt = "register.email";
    private const string KindKey = "kind";
    private const string LastNameKey = "lastName";
    private const string UnknownAccount = "(unknown)";

    private readonly AccountFlowServices _services;
    private readonly IAccountRegistration _registration;
    private readonly IRegistrationRequests _requests;
    private readonly IRateLimits _limits;
    private readonly SafeCodeHashKey _key;

    public ECommonsRegistrationDialog(AccountFlowServices services, IAccountRegistration registration, IRegistrationRequests requests, IRateLimits limits, SafeCodeHashKey key)
        : base(nameof(ECommonsRegistrationDialog))
    {
        _services = services;
        _registration = registration;
        _requests = requests;
        _limits = limits;
        _key = key;
        AddDialog(new WaterfallDialog(StepsId, [KindStepAsync, LastNameStepAsync, IdentifierStepAsync, MatchStepAsync, RegisterStepAsync]));
        AddDialog(new WaterfallDialog(NotFoundId, [AskAffiliateEmailStepAsync, RecordRequestStepAsync]));
        AddDialog(new ChoicePrompt(KindPrompt, KindValidatorAsync));
        AddDialog(new TextPrompt(LastNamePrompt, LastNameValidatorAsync));
        AddDialog(new TextPrompt(HuidPrompt, HuidValidatorAsync));
        AddDialog(new TextPrompt(DateOfBirthPrompt, DateOfBirthValidatorAsync));
        AddDialog(new TextPrompt(EmailPrompt, EmailValidatorAsync));
        AddDialog(new SafeCodeDialog(services.SafeCodes));
        InitialDialogId = StepsId;
    }

    protected override string Purpose => "register for eCommons";

    /// <summary>
    /// "last name okafor, harvard id 70000007" while asking who they are, their last name or their Harvard ID: the details
    /// asked for, not a request to look a Harvard ID up ("it's 70000007 - which step do I put it in?" is a question).
    /// "It keeps saying user not found" once we know who is registering is the seed's "not in our system" step, not a
    /// side question.
    /// </summary>
    public bool ClaimsAnswer(DialogInstance instance, string said) =>
        (ActiveInnerDialogId(instance) is KindPrompt or LastNamePrompt or HuidPrompt && (LastNameIn(said) is not null || (HuidIn(said) is not null && !Conversation.ConversationCues.IsQuestion(said))))
        || (ActiveInnerDialogId(instance) is not EmailPrompt && SaysNotInTheSystem(said) && StateJson.GetString(instance.State[KindKey]) is not null);

    protected override async Task<DialogTurnResult> OnBeginDialogAsync(DialogContext innerDc, object? options, CancellationToken cancellationToken)
    {
        // The words kept in FlowStart are redacted; the message that started the flow is this turn's.
        if (options is FlowStart { Utterance: { } said } && (OffersSocialSecurityNumber(said) || OffersSocialSecurityNumber(innerDc.Context.Activity.Text)))
        {
            return await RefuseSocialSecurityNumberAsync(innerDc, cancellationToken).ConfigureAwait(false);
        }
        return await WhileTheDirectoryAnswersAsync(innerDc, () => base.OnBeginDialogAsync(innerDc, options, cancellationToken), cancellationToken).ConfigureAwait(false);
    }

    protected override async Task<DialogTurnResult> OnContinueDialogAsync(DialogContext innerDc, CancellationToken cancellationToken)
    {
        var activity = innerDc.Context.Activity;
        if (activity.Type == ActivityTypes.Message && OffersSocialSecurityNumber(activity.Text))
        {
            return await RefuseSocialSecurityNumberAsync(innerDc, cancellationToken).ConfigureAwait(false);
        }
        // The seed's "If you are not in our system, click continue": from any step once we know who is registering.
        if (activity.Type == ActivityTypes.Message && activity.Value is null && SaysNotInTheSystem(activity.Text)
            && StateJson.GetString(FlowState(innerDc)[KindKey]) is { } kind && innerDc.ActiveDialog?.Id != NotFoundId)
        {
            await innerDc.CancelAllDialogsAsync(cancellationToken).ConfigureAwait(false);
            FlowState(innerDc)[KindKey] = kind;
            return await innerDc.BeginDialogAsync(NotFoundId, null, cancellationToken).ConfigureAwait(false);
        }
        return await WhileTheDirectoryAnswersAsync(innerDc, () => base.OnContinueDialogAsync(innerDc, cancellationToken), cancellationToken).ConfigureAwait(false);
    }

    private async Task<DialogTurnResult> KindStepAsync(WaterfallStepContext step, CancellationToken cancellationToken)
    {
        // In a Teams channel or group chat everyone would see the details and the SafeCode step (R1, R8).
        if (AccountFlowDialog.IsSharedTeamsConversation(step.Context.Activity))
        {
            await step.Context.SendActivityAsync(AccountTexts.PrivateChatOnly, cancellationToken: cancellationToken).ConfigureAwait(false);
            return await step.EndDialogAsync(null, cancellationToken).ConfigureAwait(false);
        }
        // How to do it on the eCommons site, for anyone who only wanted to know; then the offer to do it here.
        if (_services.Knowledge.Find(Intents.ECommonsRegister) is { } howTo)
        {
            await step.Context.SendActivityAsync(KnowledgeCard.Build(howTo).ToMessage(), cancellationToken).ConfigureAwait(false);
        }
        var said = step.GetOptions<FlowStart>()?.Utterance;
        if (Conversation.ConversationCues.AsksForOwnHuid(said) || Conversation.ConversationCues.AsksWhereToFindHuid(said))
        {
            // "How do I register, and what's my Harvard ID anyway?": where the number is, before it's asked for.
            await step.Context.SendActivityAsync(Conversation.ConversationTexts.WhereToFindHuid, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        // "I work at the Brigham but don't have a Harvard appointment": who this is was said already.
        if ((KindIn(said) ?? (HuidIn(said) is not null ? HarvardKind : null)) is { } known)
        {
            return await step.NextAsync(new FoundChoice { Value = known }, cancellationToken).ConfigureAwait(false);
        }
        return await step.PromptAsync(KindPrompt, new HelpBotPromptOptions
        {
            Prompt = MessageFactory.Text(RegistrationTexts.AskKind),
            Choices =
            [
                Choice.Labelled(HarvardKind, RegistrationTexts.KindHarvard, ["faculty", "staff", "student", "hms", "hsdm", "hsph", "harvard", "employee"]),
                Choice.Labelled(AffiliateKind, RegistrationTexts.KindAffiliate, ["affiliate", "affiliated", "hospital", "affiliated hospital", "hospital staff"]),
                Choice.Labelled(OtherKind, RegistrationTexts.KindOther, ["other", "someone else", "guest", "visitor", "consultant", "collaborator", "none"]),
            ],
            Help = RegistrationTexts.KindHelp,
        }, cancellationToken).ConfigureAwait(false);
    }

    private async Task<DialogTurnResult> LastNameStepAsync(WaterfallStepContext step, CancellationToken cancellationToken)
    {
        if (step.Result is not FoundChoice { Value: var kind })
        {
            return await step.EndDialogAsync(step.Result, cancellationToken).ConfigureAwait(false);
        }
        if (kind == OtherKind)
        {
            await AuditAsync(step.Context, "registration.attempt", "invited-user-path", null, "kind=other", cancellationToken).ConfigureAwait(false);
            await step.Context.SendActivityAsync(RegistrationTexts.InvitedUserPath, cancellationToken: cancellationToken).ConfigureAwait(false);
            return await step.EndDialogAsync(null, cancellationToken).ConfigureAwait(false);
        }
        FlowState(step)[KindKey] = kind;
        // "last name okafor, harvard id 70000007" with (or instead of) who they are: the last name said already.
        if (LastNameIn(step.Context.Activity.Text) is { } given)
        {
            return await step.NextAsync(given, cancellationToken).ConfigureAwait(false);
        }
        return await step.PromptAsync(LastNamePrompt, new HelpBotPromptOptions
        {
            Prompt = MessageFactory.Text(RegistrationTexts.AskLastName),
            RetryPrompt = MessageFactory.Text(RegistrationTexts.LastNameRetry),
            Help = RegistrationTexts.LastNameHelp,
        }, cancellationToken).ConfigureAwait(false);
    }

    private async Task<DialogTurnResult> IdentifierStepAsync(WaterfallStepContext step, CancellationToken cancellationToken)
    {
        if (step.Result is not string lastName)
        {
            return await step.EndDialogAsync(step.Result, cancellationToken).ConfigureAwait(false);
        }
        FlowState(step)[LastNameKey] = LastNameIn(lastName) ?? lastName.Trim();
        // "my last name is Okafor and my harvard id is 70000007": the Harvard ID said in the same message (used in the next
        // step only, never kept).
        if (!IsAffiliate(step) && HuidIn(step.Context.Activity.Text) is { } huid)
        {
            return await step.NextAsync(huid, cancellationToken).ConfigureAwait(false);
        }
        return IsAffiliate(step)
            ? await step.PromptAsync(DateOfBirthPrompt, new HelpBotPromptOptions
            {
                Prompt = MessageFactory.Text(RegistrationTexts.AskDateOfBirth),
                RetryPrompt = MessageFactory.Text(RegistrationTexts.DateOfBirthRetry),
                Help = RegistrationTexts.DateOfBirthHelp,
            }, cancellationToken).ConfigureAwait(false)
            : await step.PromptAsync(HuidPrompt, new HelpBotPromptOptions
            {
                Prompt = MessageFactory.Text(RegistrationTexts.AskHuid),
                RetryPrompt = MessageFactory.Text(RegistrationTexts.HuidRetry),
                Help = RegistrationTexts.HuidHelp,
            }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Looks the person up and, whatever the answer, says the same words and runs the same SafeCode step (R1): an
    /// unmatched look-up gets a SafeCode challenge for an identifier no account has, which sends nothing and never verifies.
    /// </summary>
    private async Task<DialogTurnResult> MatchStepAsync(WaterfallStepContext step, CancellationToken cancellationToken)
    {
        if (step.Result is not string typed)
        {
            return await step.EndDialogAsync(step.Result, cancellationToken).ConfigureAwait(false);
        }
        var affiliate = IsAffiliate(step);
        var method = affiliate ? "date-of-birth" : "huid";
        var lastName = StateJson.GetString(FlowState(step)[LastNameKey]) ?? string.Empty;
        var conversationId = step.Context.Activity.Conversation.Id;

        var now = _services.Time.GetUtcNow();
        var limit = new RateLimit($"registration:lookup:{conversationId}", MaxLookupsPerConversation, LookupWindow);
        if (!await _limits.TryRecordWithinLimitsAsync([limit], now, cancellationToken).ConfigureAwait(false))
        {
            await AuditAsync(step.Context, "registration.attempt", "throttled", null, $"method={method}", cancellationToken).ConfigureAwait(false);
            await step.Context.SendActivityAsync(RegistrationTexts.Throttled, cancellationToken: cancellationToken).ConfigureAwait(false);
            return await step.EndDialogAsync(null, cancellationToken).ConfigureAwait(false);
        }

        Account? match;
        try
        {
            match = affiliate
                ? await _registration.FindUnregisteredByDateOfBirthAsync(lastName, ParseDateOfBirth(typed)!.Value, cancellationToken).ConfigureAwait(false)
                : await _registration.FindUnregisteredByHuidAsync(lastName, Digits(typed), cancellationToken).ConfigureAwait(false);
        }
        catch (NotSupportedException)
        {
            // The directory can't answer this kind of look-up (e.g. LDAP without a date-of-birth attribute).
            await AuditAsync(step.Context, "registration.attempt", "unsupported", null, $"method={method}", cancellationToken).ConfigureAwait(false);
            await step.Context.SendActivityAsync(RegistrationTexts.DirectoryCannot, cancellationToken: cancellationToken).ConfigureAwait(false);
            return await step.EndDialogAsync(null, cancellationToken).ConfigureAwait(false);
        }
        // Neither the Harvard ID nor the date of birth is audited (C5); which account matched is.
        await AuditAsync(step.Context, "registration.attempt", match is null ? "no-match" : "matched", match?.Username, $"method={method}", cancellationToken).ConfigureAwait(false);

        await step.Context.SendActivityAsync(RegistrationTexts.SameWords, cancellationToken: cancellationToken).ConfigureAwait(false);
        var identifier = match?.Username ?? Unmatched(method, lastName, typed);
        return await step.BeginDialogAsync(nameof(SafeCodeDialog), new SafeCodeDialogOptions(identifier, SafeCodePurpose.Registration), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Runs only after a SafeCode verified for registration in this conversation (R2, R7).</summary>
    private async Task<DialogTurnResult> RegisterStepAsync(WaterfallStepContext step, CancellationToken cancellationToken)
    {
        if (step.Result is not SafeCodeResult { Outcome: SafeCodeOutcome.Verified, Username: { } username })
        {
            if (step.Result is SafeCodeResult { Outcome: SafeCodeOutcome.GaveUp or SafeCodeOutcome.NoDestination } or PromptAttemptsExhausted)
            {
                await step.Context.SendActivityAsync(RegistrationTexts.CodeNotVerified, cancellationToken: cancellationToken).ConfigureAwait(false);
            }
            return await step.EndDialogAsync(null, cancellationToken).ConfigureAwait(false);
        }
        if (!await _registration.CompleteRegistrationAsync(username, cancellationToken).ConfigureAwait(false))
        {
            await AuditAsync(step.Context, "registration.completed", "already-registered", username, null, cancellationToken).ConfigureAwait(false);
            await step.Context.SendActivityAsync(RegistrationTexts.AlreadyRegistered, cancellationToken: cancellationToken).ConfigureAwait(false);
            return await step.EndDialogAsync(null, cancellationToken).ConfigureAwait(false);
        }
        await AuditAsync(step.Context, "registration.completed", "success", username, $"method={(IsAffiliate(step) ? "date-of-birth" : "huid")}", cancellationToken).ConfigureAwait(false);

        var link = await _services.ResetLinks.IssueAsync(username, ResetReason.NewAccount, step.Context.Activity.GetConversationReference(), cancellationToken).ConfigureAwait(false);
        await AuditAsync(step.Context, "password.link.issued", "success", username, nameof(ResetReason.NewAccount), cancellationToken).ConfigureAwait(false);
        var minutes = Math.Max(1, (int)Math.Round((link.ExpiresAt - _services.Time.GetUtcNow()).TotalMinutes));
        await step.Context.SendActivityAsync(RegistrationTexts.Registered(username), cancellationToken: cancellationToken).ConfigureAwait(false);
        await step.Context.SendActivityAsync(ResetLinkCard.Build(username, link.Url, minutes).ToMessage(), cancellationToken).ConfigureAwait(false);
        return await step.EndDialogAsync(null, cancellationToken).ConfigureAwait(false);
    }

    // ---- not in the system ----

    private async Task<DialogTurnResult> AskAffiliateEmailStepAsync(WaterfallStepContext step, CancellationToken cancellationToken)
    {
        var kind = StateJson.GetString(FlowState(step)[KindKey]);
        await AuditAsync(step.Context, "registration.attempt", "not-in-system", null, $"kind={kind}", cancellationToken).ConfigureAwait(false);
        if (kind != AffiliateKind)
        {
            await step.Context.SendActivityAsync(RegistrationTexts.InvitedUserPath, cancellationToken: cancellationToken).ConfigureAwait(false);
            return await step.EndDialogAsync(null, cancellationToken).ConfigureAwait(false);
        }
        return await step.PromptAsync(EmailPrompt, new HelpBotPromptOptions
        {
            Prompt = MessageFactory.Text(RegistrationTexts.AskAffiliateEmail),
            RetryPrompt = MessageFactory.Text(RegistrationTexts.AffiliateEmailRetry),
            Help = RegistrationTexts.AffiliateEmailHelp,
        }, cancellationToken).ConfigureAwait(false);
    }

    private async Task<DialogTurnResult> RecordRequestStepAsync(WaterfallStepContext step, CancellationToken cancellationToken)
    {
        if (step.Result is not string typed)
        {
            return await step.EndDialogAsync(step.Result, cancellationToken).ConfigureAwait(false);
        }
        var email = typed.Trim();
        var activity = step.Context.Activity;
        var now = _services.Time.GetUtcNow();
        var limit = new RateLimit($"registration:request:{activity.Conversation.Id}", MaxRequestsPerConversation, TimeSpan.FromDays(1));
        if (!await _limits.TryRecordWithinLimitsAsync([limit], now, cancellationToken).ConfigureAwait(false))
        {
            await AuditAsync(step.Context, "registration.requested", "throttled", null, null, cancellationToken).ConfigureAwait(false);
            await step.Context.SendActivityAsync(RegistrationTexts.TooManyRequests, cancellationToken: cancellationToken).ConfigureAwait(false);
            return await step.EndDialogAsync(null, cancellationToken).ConfigureAwait(false);
        }
        await _requests.AddAsync(new RegistrationRequest
        {
            FamilyName = StateJson.GetString(FlowState(step)[LastNameKey]) ?? string.Empty,
            AffiliateEmail = email,
            At = now,
            Channel = activity.ChannelId,
            ConversationId = activity.Conversation.Id,
        }, cancellationToken).ConfigureAwait(false);
        await AuditAsync(step.Context, "registration.requested", "success", null, $"affiliate email {Mask.Email(email)}", cancellationToken).ConfigureAwait(false);
        await step.Context.SendActivityAsync(RegistrationTexts.RequestRecorded(email), cancellationToken: cancellationToken).ConfigureAwait(false);
        return await step.EndDialogAsync(null, cancellationToken).ConfigureAwait(false);
    }

    // ---- Social Security numbers ----

    /// <summary>Not echoed, not kept (the stored history redacts it, TranscriptRedaction), not audited: a person takes over.</summary>
    private async Task<DialogTurnResult> RefuseSocialSecurityNumberAsync(DialogContext innerDc, CancellationToken cancellationToken)
    {
        await innerDc.CancelAllDialogsAsync(cancellationToken).ConfigureAwait(false);
        await AuditAsync(innerDc.Context, "registration.attempt", "ssn-refused", null, "a Social Security number was offered; not kept, sent to the Service Desk", cancellationToken).ConfigureAwait(false);
        await innerDc.Context.SendActivityAsync(RegistrationTexts.SocialSecurityNumber, cancellationToken: cancellationToken).ConfigureAwait(false);
        return new DialogTurnResult(DialogTurnStatus.Complete, new NeedsPerson(EscalationReason.NeedsSsn));
    }

    /// <summary>A number shaped like an SSN, or words that say the person wants to use one.</summary>
    internal static bool OffersSocialSecurityNumber(string? text) =>
        text is not null && (TranscriptRedaction.ContainsSocialSecurityNumber(text) || SocialSecurityWords().IsMatch(text));

    [GeneratedRegex(@"(?<![a-z])(social\s*security|ssn|ss\s*#|ss\s+(number|no))(?![a-z])", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex SocialSecurityWords();

    /// <summary>"Continue" (the seed's button), "it says I'm not in your system", "it can't find me".</summary>
    private static bool SaysNotInTheSystem(string? text) => text is not null && NotInTheSystem().IsMatch(text.Replace('\u2019', '\''));

    [GeneratedRegex(@"^\s*continue\W*$|\bnot in (the|your|our|their) (system|records|database)\b|\b(can'?t|cannot|couldn'?t|doesn'?t|didn'?t|won'?t) (find|recogni[sz]e) me\b|\bno record of me\b|" + NotFoundSaid, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex NotInTheSystem();

    // "It says I'm not found", "I get 'user not found'", "says no match found": what the site answered.
    private const string NotFoundSaid =
        @"\b(i'?m|i am|i was|im|me|they'?re|he'?s|she'?s) not (being )?found\b|\b(says|said|saying|shows|showed|showing|gives|gave|get|got|getting|comes up|came up)( me)?( an?)?( error)?( that| saying)? ""?(user |record |person |account )?not found\b|\bno (match|matches|record|records) (was |were )?found\b";

    /// <summary>Who is registering, when the words that started the flow say it (an affiliate first: "Brigham staff, no Harvard appointment").</summary>
    internal static string? KindIn(string? said) =>
        said is null ? null
        : AffiliateWords().IsMatch(said) ? AffiliateKind
        : HarvardWords().IsMatch(said) ? HarvardKind
        : null;

    [GeneratedRegex(@"\b(no|don'?t have an?|do not have an?|without an?|not have an?|haven'?t got an?) harvard appointment\b|\baffiliated?[- ]hospital\b|\b(brigham|mgh|mass general|massachusetts general|beth israel|bidmc|boston children'?s|children'?s hospital|dana[- ]farber|joslin|mclean|spaulding|mass eye and ear|hebrew senior life)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex AffiliateWords();

    [GeneratedRegex(@"\b(started|starting|joined|joining|new|hired) (at|to|with|by) (hms|hsdm|hsph|the medical school|the dental school|the school of public health|harvard medical school)\b|\b(hms|hsdm|hsph|medical school|dental school|school of public health)\b[^.?!]{0,25}\b(staff|faculty|student|employee|professor|postdoc)\b|\b(staff|faculty|student|employee|professor|postdoc)\b[^.?!]{0,25}\b(at|of|in) (hms|hsdm|hsph|the medical school|the dental school|the school of public health)\b|\b(med|medical|dental|hms|hsdm|hsph) student\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex HarvardWords();

    // ---- helpers ----

    private Task AuditAsync(ITurnContext context, string action, string outcome, string? account, string? detail, CancellationToken cancellationToken) =>
        _services.Audit.WriteAsync(new AuditEntry
        {
            At = _services.Time.GetUtcNow(),
            Action = action,
            Outcome = outcome,
            Account = account ?? UnknownAccount,
            Actor = context.Activity.From?.Id,
            Channel = context.Activity.ChannelId,
            ConversationId = context.Activity.Conversation?.Id,
            Detail = detail,
        }, cancellationToken);

    /// <summary>
    /// An identifier no account can have, for the SafeCode step of a look-up that matched nobody. The same for the same
    /// details, so SafeCode's per-account send limits treat repeated guesses as they treat a real account (R1); keyed,
    /// so the Harvard ID or birthday cannot be recovered from the conversation state by trying all 10^8 of them.
    /// </summary>
    private string Unmatched(string method, string lastName, string typed)
    {
        var material = Encoding.UTF8.GetBytes($"registration|{method}|{FamilyNames.Normalize(lastName)}|{typed.Trim()}");
        return "unmatched-registration:" + Convert.ToHexStringLower(HMACSHA256.HashData(_key.Bytes, material))[..24];
    }

    /// <summary>This flow's own state (kind, last name): the instance that holds the inner stack.</summary>
    private static System.Text.Json.Nodes.JsonObject FlowState(DialogContext innerDc) => innerDc.Parent!.ActiveDialog!.State;

    private static bool IsAffiliate(WaterfallStepContext step) => StateJson.GetString(FlowState(step)[KindKey]) == AffiliateKind;

    private static async Task<DialogTurnResult> WhileTheDirectoryAnswersAsync(DialogContext innerDc, Func<Task<DialogTurnResult>> turn, CancellationToken cancellationToken)
    {
        try
        {
            return await turn().ConfigureAwait(false);
        }
        catch (DirectoryUnavailableException)
        {
            await innerDc.CancelAllDialogsAsync(cancellationToken).ConfigureAwait(false);
            await innerDc.Context.SendActivityAsync(AccountTexts.DirectoryDown, cancellationToken: cancellationToken).ConfigureAwait(false);
            return new DialogTurnResult(DialogTurnStatus.Cancelled);
        }
    }

    // ---- validators ----

    private static Task<bool> LastNameValidatorAsync(PromptValidatorContext<string> prompt, CancellationToken cancellationToken)
    {
        return Task.FromResult(prompt.Recognized.Succeeded && (LastNameIn(prompt.Recognized.Value) is not null || PersonalDetails.IsPersonName(prompt.Recognized.Value)));
    }

    /// <summary>"Okafor, 70000007" at "which of these describes you?": a Harvard ID says who this is.</summary>
    private static Task<bool> KindValidatorAsync(PromptValidatorContext<FoundChoice> prompt, CancellationToken cancellationToken)
    {
        if (!prompt.Recognized.Succeeded && HuidIn(prompt.Context.Activity.Text) is not null)
        {
            prompt.Recognized.Value = new FoundChoice { Value = HarvardKind, Index = 0, Score = 1 };
            return Task.FromResult(true);
        }
        return Task.FromResult(prompt.Recognized.Succeeded);
    }

    /// <summary>"last name okafor", "my last name is Okafor and …", "surname: García": the last name marked as one, or null.</summary>
    internal static string? LastNameIn(string? said) =>
        said is not null && MarkedLastName().Match(said) is { Success: true } m && m.Groups["name"].Value is var name
        && !NotANameWord.Contains(name) && PersonalDetails.IsPersonName(name) ? name : null;

    private static readonly HashSet<string> NotANameWord = new(StringComparer.OrdinalIgnoreCase) { "is", "and", "my", "the", "please", "its", "it's" };

    [GeneratedRegex(@"\b(?:last|family|sur)\s?name\s*(?:is\b|'s\b|:|=|-)?\s*(?<name>\p{L}[\p{L}'\u2019\-]{0,39})", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex MarkedLastName();

    /// <summary>An eight-digit Harvard ID standing alone in <paramref name="said"/> ("harvard id 70000007"), or null.</summary>
    /// <summary>The Harvard ID in what was said: eight digits, or as on the badge in two groups of four ("7000 0007").</summary>
    internal static string? HuidIn(string? said) => said is not null && EightDigits().Match(said) is { Success: true } m ? m.Value.Replace(" ", "", StringComparison.Ordinal) : null;

    [GeneratedRegex(@"(?<![\d-])(\d{8}|\d{4} \d{4})(?![\d-])")]
    private static partial Regex EightDigits();

    private static Task<bool> HuidValidatorAsync(PromptValidatorContext<string> prompt, CancellationToken cancellationToken) =>
        Task.FromResult(prompt.Recognized.Succeeded && Digits(prompt.Recognized.Value!).Length == 8);

    private Task<bool> DateOfBirthValidatorAsync(PromptValidatorContext<string> prompt, CancellationToken cancellationToken)
    {
        var today = DateOnly.FromDateTime(_services.Time.GetUtcNow().UtcDateTime);
        return Task.FromResult(prompt.Recognized.Succeeded && ParseDateOfBirth(prompt.Recognized.Value!) is { } dob
            && dob.Year >= 1900 && dob < today);
    }

    private static Task<bool> EmailValidatorAsync(PromptValidatorContext<string> prompt, CancellationToken cancellationToken) =>
        Task.FromResult(prompt.Recognized.Succeeded && PersonalDetails.IsEmailAddress(prompt.Recognized.Value));

    /// <summary>
    /// The digits of "7000 0007" or "7000-0007", as <see cref="TypedDigits"/> reads them (and the stored history redacts
    /// them); anything else is kept so it fails the length check.
    /// </summary>
    internal static string Digits(string said) => HuidIn(said) ?? (TypedDigits.Of(said) is { Length: > 0 } digits ? digits : said);

    private static readonly string[] DateFormats =
    [
        "yyyy-MM-dd", "yyyy-M-d", "M/d/yyyy", "MM/dd/yyyy", "M-d-yyyy", "MMMM d, yyyy", "MMMM d yyyy", "MMM d, yyyy", "MMM d yyyy",
        "d MMMM yyyy", "d MMM yyyy", "yyyy/MM/dd",
    ];

    /// <summary>A date of birth as people type it in the US (month before day when written with slashes).</summary>
    internal static DateOnly? ParseDateOfBirth(string said) =>
        DateOnly.TryParseExact(said.Trim(), DateFormats, CultureInfo.GetCultureInfo("en-US"), DateTimeStyles.AllowWhiteSpaces, out var date) ? date : null;
}
