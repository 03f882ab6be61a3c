using System.Text.Json.Nodes;
using HelpBot.Cards;
using HelpBot.Dialogs.Accounts;
using HelpBot.Dialogs.Conversation;
using HelpBot.Dialogs.Engine;
using HelpBot.Dialogs.Engine.Prompts;
using HelpBot.Dialogs.Handoff;
using HelpBot.Dialogs.Knowledge;
using HelpBot.Dialogs.Messaging;
using HelpBot.Dialogs.Recognition;
using HelpBot.Dialogs.SmallTalk;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Schema;
using Newtonsoft.Json.Linq;

namespace HelpBot.Dialogs;

/// <summary>
/// The root of every conversation. It stays on the stack for the whole conversation and, for each message:
/// recognises what the user wants and starts that flow, or answers from the knowledge file; asks "Did you mean …?"
/// when unsure; offers a person after three misunderstood messages in a row; and, while a flow runs, honours
/// "talk to a person" at once and asks before dropping the flow for a different topic.
/// State (its own, persisted): <c>{ "misunderstood": n, "pendingSwitch": "intent" }</c>.
/// </summary>
public sealed partial class MainDialog : ComponentDialog
{
    /// <summary>Messages in a row that are not understood before a person is offered.</summary>
    public const int MisunderstoodLimit = 3;

    /// <summary>How sure the recognizer must be before a message in the middle of a flow counts as a change of topic.</summary>
    public const double SwitchThreshold = 0.8;

    /// <summary>A question asked at a prompt is answered from what HelpBot knows when its topic scores this much …</summary>
    public const double SideQuestionScore = 0.3;

    /// <summary>… and this much more than the runner-up.</summary>
    public const double SideQuestionMargin = 0.15;

    private const string RouteDialog = "route";
    private const string ClarifyPrompt = "clarify";
    private const string SomethingElseValue = "something_else";
    private const string MisunderstoodKey = "misunderstood";
    private const string PendingSwitchKey = "pendingSwitch";
    private const string ClarifyingKey = "clarifying";
    private const string OfferedPersonKey = "offeredPerson";
    private const string FlowIntentKey = "flowIntent";
    private const string GreetedKey = "greeted";
    private const string LastTopicKey = "lastTopic";
    private const string LastOfficeKey = "lastOffice";
    private const string PendingNeedsKey = "pendingNeeds";
    private const string LastSchoolKey = "lastSchool";
    private const string LastRoleKey = "lastRole";

    private static readonly HashSet<string> NotTopics = [Intents.None, Intents.Greeting, Intents.Help, Intents.Cancel];

    private readonly EmbeddedIntentRecognizer _recognizer;
    private readonly KnowledgeBase _knowledge;
    private readonly IAccountDirectory? _directory;
    private readonly TimeProvider _time;
    private readonly Dictionary<string, string> _flowByIntent = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _intentByFlow = new(StringComparer.Ordinal);

    public MainDialog(EmbeddedIntentRecognizer recognizer, KnowledgeBase knowledge, IEnumerable<FlowRoute> flows, IAccountDirectory? directory = null, TimeProvider? time = null)
        : base(nameof(MainDialog))
    {
        _time = time ?? TimeProvider.System;
        _recognizer = recognizer;
        _knowledge = knowledge;
        _directory = directory;
        AddDialog(new WaterfallDialog(RouteDialog, [RouteStepAsync, ClarifiedStepAsync, FlowEndedStepAsync]));
        AddDialog(new ChoicePrompt(ClarifyPrompt));
        foreach (var flow in flows)
        {
            AddDialog(flow.Dialog);
            _flowByIntent[flow.Intent] = flow.Dialog.Id;
            _intentByFlow[flow.Dialog.Id] = flow.Intent;
        }
        InitialDialogId = RouteDialog;
    }

    private sealed record RouteOptions(string? Intent, string? Utterance = null);

    /// <summary>MainDialog never ends: with nothing left to do it waits for the next message.</summary>
    protected override Task<DialogTurnResult> EndComponentAsync(DialogContext outer, object? result, CancellationToken cancellationToken) =>
        Task.FromResult(EndOfTurn);

    protected override async Task<DialogTurnResult> OnContinueDialogAsync(DialogContext innerDc, CancellationToken cancellationToken)
    {
        var context = innerDc.Context;
        if (context.Activity.Type != ActivityTypes.Message)
        {
            return EndOfTurn;
        }
        var state = innerDc.Parent!.ActiveDialog!.State;
        RememberWhoTheyAre(state, UtteranceOf(context.Activity).Text);

        if (state[PendingSwitchKey] is JsonNode pendingNode)
        {
            state.Remove(PendingSwitchKey);
            var pending = StateJson.GetString(pendingNode);
            switch (ConfirmPrompt.Recognize(UtteranceOf(context.Activity).Text))
            {
                case true:
                    await innerDc.CancelAllDialogsAsync(cancellationToken).ConfigureAwait(false);
                    return await innerDc.BeginDialogAsync(RouteDialog, new RouteOptions(pending), cancellationToken).ConfigureAwait(false);
                case false:
                    await context.SendActivityAsync(MainTexts.KeepGoing, cancellationToken: cancellationToken).ConfigureAwait(false);
                    if (ClaimedByTheFlow(innerDc, UtteranceOf(context.Activity).Text ?? ""))
                    {
                        break; // "no, here it is: 70000007": not switching, and the answer is in the same message
                    }
                    await innerDc.RepromptDialogAsync(cancellationToken).ConfigureAwait(false);
                    return EndOfTurn;
                default:
                    break; // neither yes nor no: treat the message as an answer to the flow
            }
        }

        if (innerDc.ActiveDialog is null)
        {
            return await innerDc.BeginDialogAsync(RouteDialog, new RouteOptions(null), cancellationToken).ConfigureAwait(false);
        }

        if (ActiveFlowIntent(innerDc) is { } currentIntent && UtteranceOf(context.Activity) is { Text: { } said } utterance)
        {
            var typedPassword = await WarnAboutTypedPasswordAsync(context, cancellationToken).ConfigureAwait(false);
            // Whether the words answer the waiting prompt's buttons: read once (the choices are stored JSON).
            var choices = PromptState.Innermost(innerDc) is { } waiting ? PromptState.ChoicesFor(waiting) : [];
            // A message holding a SafeCode ("the code is 447 218") is the answer, never a side question; a question that
            // opens with "where/how/why …" is tried as a side question first, even when it names a button's words.
            // "Will Outlook and my phone pick up the new one?" names a button's word too, but asks what to update.
            var picksAButton = (ChoicePrompt.Recognize(said, choices) is not null && !ConversationCues.OpensWithAQuestionWord(said) && !ConversationCues.AsksWhatToUpdate(said))
                || TypedDigits.CodeIn(said).Length > 0
                || ClaimedByTheFlow(innerDc, said);
            if (await SmallTalkInAFlowAsync(innerDc, said, picksAButton, cancellationToken).ConfigureAwait(false) is { } answered)
            {
                return answered;
            }
            var prediction = _recognizer.Recognize(typedPassword ? TranscriptRedaction.WithoutTypedPassword(said) : said);
            if ((ConversationCues.PrefersTheWebsite(said) || ConversationCues.AsksToDoItOnASite(said)) && _knowledge.Find(currentIntent) is { } siteSteps)
            {
                // "Nah, I'll just use the website", "can I just do it on the Whitepages site instead?": fine; here's how, and
                // the flow ends ("what's the address?" next is about it).
                await innerDc.CancelAllDialogsAsync(cancellationToken).ConfigureAwait(false);
                state[LastTopicKey] = currentIntent;
                await context.SendActivityAsync(ConversationTexts.OnTheWebsite, cancellationToken: cancellationToken).ConfigureAwait(false);
                await context.SendActivityAsync(KnowledgeCard.Build(siteSteps).ToMessage(), cancellationToken).ConfigureAwait(false);
                return EndOfTurn;
            }
            // At a yes-or-no question, words about the same topic that are neither ("I logged in but didn't see any message
            // about it expiring") get that topic's steps, and the question again.
            // So does "how do I change it then?" at any question of that flow.
            if (!picksAButton && prediction.TopIntent == currentIntent && !ConversationCues.AsksWhatIfItExpires(said)
                && ((PromptState.InnermostDialog(innerDc) is ConfirmPrompt && ConfirmPrompt.Recognize(said) is null && said.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length >= 4)
                    || (ConversationCues.AsksHowTo(said) && ConversationCues.IsQuestion(said)))
                && _knowledge.Find(currentIntent) is { } sameTopic)
            {
                await context.SendActivityAsync(KnowledgeCard.Build(sameTopic).ToMessage(), cancellationToken).ConfigureAwait(false);
                await context.SendActivityAsync(ConversationTexts.OrHere, cancellationToken: cancellationToken).ConfigureAwait(false);
                await innerDc.RepromptDialogAsync(cancellationToken).ConfigureAwait(false);
                return EndOfTurn;
            }
            // A question asked on the way ("wait, what's a SafeCode? is this a scam?", "what's the help desk number?") is
            // answered, and the flow goes on at the same question: asking is not changing the subject.
            if (!picksAButton
                && await AnswerSideQuestionAsync(context, state, said, prediction, currentIntent, cancellationToken).ConfigureAwait(false))
            {
                await context.SendActivityAsync(ConversationTexts.BackToIt, cancellationToken: cancellationToken).ConfigureAwait(false);
                await innerDc.RepromptDialogAsync(cancellationToken).ConfigureAwait(false);
                return EndOfTurn;
            }
            // "Hold on, why do you need that? how do I know this isn't phishing": a doubt about the question itself, which
            // the step's own explanation answers; then the same question.
            if (!picksAButton && ConversationCues.DoubtsTheStep(said) && PromptState.Innermost(innerDc) is { } doubted
                && PromptState.HelpFor(doubted) is { } explanation)
            {
                await context.SendActivityAsync(explanation, cancellationToken: cancellationToken).ConfigureAwait(false);
                await context.SendActivityAsync(ConversationTexts.BackToIt, cancellationToken: cancellationToken).ConfigureAwait(false);
                await innerDc.RepromptDialogAsync(cancellationToken).ConfigureAwait(false);
                return EndOfTurn;
            }
            // Answers to a flow's questions are often one or two words ("jsmith", "text"), which a model can misread;
            // so only a sentence, a button, or an unmistakable phrase counts as asking for a person or a new topic.
            var answersTheButtons = picksAButton || (choices.Count == 0 && PromptState.Innermost(innerDc) is not null && ConfirmPrompt.Recognize(said) is not null);
            var looksLikeATopic = !answersTheButtons && (utterance.FromButton || said.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length >= 3);
            if (AsksForAPerson(said) || (looksLikeATopic && prediction.IsConfident && prediction.TopIntent == Intents.TalkToAgent))
            {
                // "Talk to a person" is always honoured, whatever the flow was doing.
                await innerDc.CancelAllDialogsAsync(cancellationToken).ConfigureAwait(false);
                return await innerDc.BeginDialogAsync(RouteDialog, new RouteOptions(Intents.TalkToAgent), cancellationToken).ConfigureAwait(false);
            }
            if (!utterance.FromButton && said.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length >= 5 && prediction.IsConfident && prediction.TopIntent != currentIntent
                && SelfServiceAccountFlows.Contains(currentIntent) && SelfServiceAccountFlows.Contains(prediction.TopIntent)
                && IdentifierText.InRequest(said) is not null && AccountFlowDialog.IsIdentifying(innerDc))
            {
                // "Sorry, wrong account: mine is jsmith and I'm just locked out" before any code is checked: the request
                // restated in full replaces the one under way (nothing done is lost), and is identified afresh (R1).
                await innerDc.CancelAllDialogsAsync(cancellationToken).ConfigureAwait(false);
                return await innerDc.BeginDialogAsync(RouteDialog, new RouteOptions(prediction.TopIntent, said), cancellationToken).ConfigureAwait(false);
            }
            if (looksLikeATopic && prediction.TopScore >= SwitchThreshold && !NotTopics.Contains(prediction.TopIntent) && prediction.TopIntent != currentIntent)
            {
                state[PendingSwitchKey] = prediction.TopIntent;
                var question = MessageFactory.SuggestedActions(new[] { EngineTexts.Yes, EngineTexts.No }, MainTexts.SwitchTopic(Title(prediction.TopIntent)), null, InputHints.ExpectingInput);
                await context.SendActivityAsync(question, cancellationToken).ConfigureAwait(false);
                return EndOfTurn;
            }
            if (state[PendingNeedsKey] is null && AlsoNeedsAfterVerification(said, currentIntent) is { } alsoNeeded)
            {
                // "ok unlock it and reset the password please, text me the code" at the unlock's question: the answer to
                // it, and the reset started when the unlock is done (as if both had been asked at the start).
                state[PendingNeedsKey] = new JsonArray(JsonValue.Create(alsoNeeded));
            }
        }

        return await base.OnContinueDialogAsync(innerDc, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// A password reset or change asked for beside the account flow under way ("unlock it and reset the password"), which
    /// that flow's verification can serve once it ends; null when the message asks for no more than the flow.
    /// </summary>
    private string? AlsoNeedsAfterVerification(string said, string currentIntent)
    {
        if (currentIntent is not (Intents.UnlockAccount or Intents.PasswordExpiring) || ConversationCues.PartsJoinedByAnd(said) is not { Count: >= 2 } clauses)
        {
            return null;
        }
        var intents = clauses.Select(c => _recognizer.Recognize(ConversationCues.ForRecognition(c))).Where(p => p.IsConfident).Select(p => p.TopIntent).ToList();
        return intents.Contains(currentIntent) && intents.FirstOrDefault(i => i != currentIntent && StartedAfterVerification.Contains(i) && _flowByIntent.ContainsKey(i)) is { } also
            ? also : null;
    }

    /// <summary>Whether an active dialog says the message answers the question it waits on (<see cref="IClaimsAnswers"/>).</summary>
    private static bool ClaimedByTheFlow(DialogContext dc, string said)
    {
        for (var current = dc; current?.ActiveDialog is { } active; current = current.Child)
        {
            if (current.FindDialog(active.Id) is IClaimsAnswers claims && claims.ClaimsAnswer(active, said))
            {
                return true;
            }
        }
        return false;
    }

    private async Task<DialogTurnResult> RouteStepAsync(WaterfallStepContext step, CancellationToken cancellationToken)
    {
        var forced = step.GetOptions<RouteOptions>()?.Intent;
        if (forced is not null)
        {
            return await RouteIntentAsync(step, forced, step.GetOptions<RouteOptions>()?.Utterance, cancellationToken).ConfigureAwait(false);
        }

        var utterance = UtteranceOf(step.Context.Activity);
        RememberWhoTheyAre(MainState(step), utterance.Text);
        var typedPassword = await WarnAboutTypedPasswordAsync(step.Context, cancellationToken).ConfigureAwait(false);
        if (IdentifierText.InRequest(typedPassword && utterance.Text is { } withPassword ? TranscriptRedaction.WithoutTypedPassword(withPassword) : utterance.Text) is { } namedHere)
        {
            // "username jsmith password … why won't it let me in": kept for a task asked for next ("ok just text me a code").
            ConversationMemory.RememberNamed(step, namedHere, _time.GetUtcNow());
        }
        if (MainState(step).Remove(OfferedPersonKey) && utterance.Text is { } answer)
        {
            // The answer to "Would you like me to bring in a person?" after three misunderstood messages.
            if (answer.Equals(HandoffTexts.TalkToAPersonChoice, StringComparison.OrdinalIgnoreCase) || ConfirmPrompt.Recognize(answer) == true)
            {
                return await RouteIntentAsync(step, Intents.TalkToAgent, null, cancellationToken, new HandoffRequest(EscalationReason.Misunderstood)).ConfigureAwait(false);
            }
            if (answer.Equals(HandoffTexts.NoThanksChoice, StringComparison.OrdinalIgnoreCase) || ConfirmPrompt.Recognize(answer) == false)
            {
                await step.Context.SendActivityAsync(WelcomeMessage(MainTexts.DidNotUnderstand), cancellationToken).ConfigureAwait(false);
                return await step.EndDialogAsync(null, cancellationToken).ConfigureAwait(false);
            }
        }
        if (utterance.UnknownSubmit)
        {
            await step.Context.SendActivityAsync(WelcomeMessage(MainTexts.UnknownButton), cancellationToken).ConfigureAwait(false);
            return await step.EndDialogAsync(null, cancellationToken).ConfigureAwait(false);
        }
        if (SmallTalk.SmallTalk.WithoutVenting(utterance.Text) is { } request
            && _recognizer.Recognize(ConversationCues.ForRecognition(request)) is { IsConfident: true } asked && !NotTopics.Contains(asked.TopIntent))
        {
            // "ugh this is so annoying, I'm locked out again": the request, said crossly; the venting needs no answer of its own.
            utterance = utterance with { Text = request };
        }
        if (ConversationCues.DeviceWithTheOldPassword(utterance.Text) is { } oldOn && !ConversationCues.IsQuestion(utterance.Text)
            && StateJson.GetString(MainState(step)[LastTopicKey]) is { } aboutLocks && (PasswordTopics.Contains(aboutLocks) || aboutLocks == Intents.DeviceLockouts))
        {
            // "ugh ok. my iphone probably still has the old one" after an unlock or why it locks: how to update that device.
            MainState(step)[MisunderstoodKey] = 0;
            MainState(step)[LastTopicKey] = Intents.DeviceLockouts;
            await step.Context.SendActivityAsync(ConversationCues.NamesAMobileDevice(oldOn) ? ConversationTexts.MobileSteps : ConversationTexts.DeviceStillTrying(oldOn), cancellationToken: cancellationToken).ConfigureAwait(false);
            return await step.EndDialogAsync(null, cancellationToken).ConfigureAwait(false);
        }
        if (SmallTalk.SmallTalk.Classify(utterance.Text) is { } smallTalk)
        {
            if (smallTalk == SmallTalkKind.Hello && !MainState(step).ContainsKey(GreetedKey))
            {
                return await RouteIntentAsync(step, Intents.Greeting, utterance.Text, cancellationToken).ConfigureAwait(false);
            }
            // "thanks", "ok great", "bye", "are you a bot?": one short line, never the fallback or the welcome card again.
            MainState(step)[MisunderstoodKey] = 0;
            await step.Context.SendActivityAsync(SmallTalkTexts.For(smallTalk), cancellationToken: cancellationToken).ConfigureAwait(false);
            return await step.EndDialogAsync(null, cancellationToken).ConfigureAwait(false);
        }
        if (SmallTalk.SmallTalk.AfterPleasantry(utterance.Text) is { } afterThanks)
        {
            // "Thank you! Next time can I do this myself?": the pleasantry needs no answer of its own; the request does.
            utterance = utterance with { Text = afterThanks };
        }
        if (ConversationCues.ForgotTheUsername(utterance.Text))
        {
            // "I forgot my username (and my password)": the e-mail address works instead; then the reset, if asked for.
            MainState(step)[MisunderstoodKey] = 0;
            await step.Context.SendActivityAsync(WithPersonButton(AccountTexts.ForgotUsername), cancellationToken).ConfigureAwait(false);
            if (utterance.Text!.Contains("password", StringComparison.OrdinalIgnoreCase) && _flowByIntent.ContainsKey(Intents.ForgotPassword))
            {
                return await RouteIntentAsync(step, Intents.ForgotPassword, utterance.Text, cancellationToken).ConfigureAwait(false);
            }
            return await step.EndDialogAsync(null, cancellationToken).ConfigureAwait(false);
        }
        if (ConversationCues.AsksForTheServiceDesk(utterance.Text) && StateJson.GetString(MainState(step)[LastTopicKey]) == Intents.HuidPinHelp
            && !ConversationCues.NamesTheHmsDesk(utterance.Text))
        {
            // "Is there someone I can call for that?" right after the PIN answer: the desk that looks after PINs.
            MainState(step)[MisunderstoodKey] = 0;
            await step.Context.SendActivityAsync(WithPersonButton(ConversationTexts.HuitDesk), cancellationToken).ConfigureAwait(false);
            return await step.EndDialogAsync(null, cancellationToken).ConfigureAwait(false);
        }
        if (ConversationCues.AsksAboutOpeningHours(utterance.Text))
        {
            // "Are they open on weekends?" after the desk's number: how to reach someone whenever it is.
            MainState(step)[MisunderstoodKey] = 0;
            await step.Context.SendActivityAsync(WithPersonButton(ConversationTexts.DeskHours), cancellationToken).ConfigureAwait(false);
            return await step.EndDialogAsync(null, cancellationToken).ConfigureAwait(false);
        }
        if (ConversationCues.AsksForTheServiceDesk(utterance.Text))
        {
            MainState(step)[MisunderstoodKey] = 0;
            await step.Context.SendActivityAsync(WithPersonButton(ConversationTexts.ServiceDesk), cancellationToken).ConfigureAwait(false);
            return await step.EndDialogAsync(null, cancellationToken).ConfigureAwait(false);
        }
        if (ConversationCues.MentionsADepartmentalAccount(utterance.Text))
        {
            // "The radiology mailbox is locked": shared accounts never get self-service (R9), whatever the model thinks.
            return await RouteIntentAsync(step, Intents.DepartmentalAccount, utterance.Text, cancellationToken).ConfigureAwait(false);
        }
        if (ConversationCues.ReportsAPastChange(utterance.Text) && _knowledge.Find(Intents.DeviceLockouts) is { } afterChange)
        {
            // "I changed my password on Monday": news, not a request; what usually goes wrong next, before it does.
            await step.Context.SendActivityAsync(ConversationTexts.AfterAChange, cancellationToken: cancellationToken).ConfigureAwait(false);
            return await AnswerAsync(step, Intents.DeviceLockouts, afterChange, cancellationToken).ConfigureAwait(false);
        }
        if (ConversationCues.AsksHowToReachHr(utterance.Text) && ConversationCues.Needs(utterance.Text!).Count >= 2
            && StateJson.GetString(MainState(step)[LastSchoolKey]) is { } hrSchool && StateJson.GetString(MainState(step)[LastRoleKey]) is { } hrRole
            && ContactOfficeTexts.AnswerFor(hrSchool, hrRole) is var hrOffice && hrOffice != Intents.TalkToAgent && _knowledge.Find(hrOffice) is { } hrAnswer)
        {
            // "Where do I update my e-mail, and also how do I reach HR? (HMS staff)": their office first, then the rest.
            MainState(step)[LastOfficeKey] = hrOffice;
            await step.Context.SendActivityAsync(KnowledgeCard.Build(hrAnswer).ToMessage(), cancellationToken).ConfigureAwait(false);
        }
        if (ConversationCues.AlsoAsksForTheServiceDesk(utterance.Text))
        {
            // Two questions in one: the desk's number first, then the other.
            await step.Context.SendActivityAsync(ConversationTexts.ServiceDesk, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        if (ConversationCues.AsksToLogInWithHuid(utterance.Text) && _knowledge.Find(Intents.HuidPinHelp) is { } pinAndLookUp
            && ConversationCues.AsksForOwnHuid(utterance.Text) && _flowByIntent.ContainsKey(Intents.HuidLookup))
        {
            // "I need my Harvard ID for a form, and can I use it to sign in?": HUID and PIN, then the look-up.
            await step.Context.SendActivityAsync(KnowledgeCard.Build(pinAndLookUp).ToMessage(), cancellationToken).ConfigureAwait(false);
            return await RouteIntentAsync(step, Intents.HuidLookup, utterance.Text, cancellationToken).ConfigureAwait(false);
        }
        if (utterance.Text is { } whole && await SeveralNeedsAsync(step, whole, cancellationToken).ConfigureAwait(false) is { } several)
        {
            return several;
        }
        if (ConversationCues.SaysLocked(utterance.Text) && ConversationCues.DeviceStillTrying(utterance.Text) is not null
            && !ConversationCues.OpensWithAQuestionWord(utterance.Text) && _flowByIntent.ContainsKey(Intents.UnlockAccount)
            && await ContactOfficeDialog.TeamsUsersRecordAsync(_directory, step.Context, cancellationToken).ConfigureAwait(false) is not null)
        {
            // "I think I'm locked? Outlook keeps nagging me": in Teams HelpBot knows the account, so it looks (locked, or a
            // password about to expire) instead of only guessing at the device.
            return await RouteIntentAsync(step, Intents.UnlockAccount, utterance.Text, cancellationToken).ConfigureAwait(false);
        }
        if ((ConversationCues.AsksWhatToUpdate(utterance.Text) || ConversationCues.AsksWhyItKeepsLocking(utterance.Text)) && _knowledge.Find(Intents.DeviceLockouts) is { } devices)
        {
            return await AnswerAsync(step, Intents.DeviceLockouts, devices, cancellationToken).ConfigureAwait(false);
        }
        if (ConversationCues.AsksToLogInWithHuid(utterance.Text) && _knowledge.Find(Intents.HuidPinHelp) is { } withHuid)
        {
            // "Can I log into eCommons with my HUID instead of my username?": a question (HUID and PIN), not a look-up.
            return await AnswerAsync(step, Intents.HuidPinHelp, withHuid, cancellationToken).ConfigureAwait(false);
        }
        if (StateJson.GetString(MainState(step)[LastTopicKey]) is Intents.HuidLookup or Intents.ContactOffice or Intents.HuidPinHelp
            && TellsSchoolAndRole(utterance.Text) && _flowByIntent.ContainsKey(Intents.ContactOffice))
        {
            // "He's full-time staff here at HMS, if that helps" after a Harvard ID answer: the office for them.
            return await RouteIntentAsync(step, Intents.ContactOffice, utterance.Text, cancellationToken).ConfigureAwait(false);
        }
        if (ConversationCues.AsksTheSameForOthers(utterance.Text) && StateJson.GetString(MainState(step)[LastTopicKey]) == Intents.ContactOffice
            && (ContactOfficeTexts.SchoolIn(utterance.Text) is not null || ContactOfficeTexts.RoleIn(utterance.Text) is not null)
            && StateJson.GetString(MainState(step)[LastSchoolKey]) is { } school && StateJson.GetString(MainState(step)[LastRoleKey]) is { } role
            && _knowledge.Find(ContactOfficeTexts.AnswerFor(school, role)) is { } otherOffice)
        {
            // "And for one of our students?" after an office's answer: the same question, for the role (or school) now named;
            // the rest as said before (both remembered above).
            MainState(step)[LastOfficeKey] = ContactOfficeTexts.AnswerFor(school, role);
            return await AnswerAsync(step, Intents.ContactOffice, otherOffice, cancellationToken).ConfigureAwait(false);
        }
        if (KnownAnswer(utterance.Text, StateJson.GetString(MainState(step)[LastTopicKey])) is { } known)
        {
            // "Do I really have to give my SSN?", "it still shows the old one", "so who can sponsor me then?": a fact
            // from the seed, in the context of the last answer.
            MainState(step)[MisunderstoodKey] = 0;
            if (known.Topic is not null)
            {
                MainState(step)[LastTopicKey] = known.Topic;
            }
            var reply = MessageFactory.Text(known.Text);
            if (known.Button is { } button && _flowByIntent.ContainsKey(button))
            {
                // The way to do it here: the button says what it does and sends words that start it.
                reply.SuggestedActions = new SuggestedActions { Actions = [new CardAction(ActionTypes.ImBack, Title(button), value: AnswerFirst.GetValueOrDefault(button, Title(button)))] };
            }
            await step.Context.SendActivityAsync(reply, cancellationToken).ConfigureAwait(false);
            return await step.EndDialogAsync(null, cancellationToken).ConfigureAwait(false);
        }
        if (ConversationCues.AsksHowTheGuestUsesTheKey(utterance.Text)
            && (StateJson.GetString(MainState(step)[LastTopicKey]) is Intents.GuestKeySponsor or Intents.GuestKeyRegister || utterance.Text!.Contains("key", StringComparison.OrdinalIgnoreCase))
            && _knowledge.Find(Intents.GuestKeyRegister) is { } registering)
        {
            // "Once the key comes to me, what does she do with it?": how a guest registers with it.
            return await AnswerAsync(step, Intents.GuestKeyRegister, registering, cancellationToken).ConfigureAwait(false);
        }
        if (ConversationCues.AsksWhereTheSiteIs(utterance.Text) && StateJson.GetString(MainState(step)[LastTopicKey]) is { } lastTopic
            && _knowledge.Find(lastTopic)?.Links.FirstOrDefault(l => l.Url.StartsWith("http", StringComparison.OrdinalIgnoreCase)) is { } site)
        {
            // "Where do I go to do that?", "what's the address?" after an answer: the site where it is done.
            MainState(step)[MisunderstoodKey] = 0;
            var name = site.Title.StartsWith("Open ", StringComparison.Ordinal) ? site.Title["Open ".Length..] : site.Title;
            await step.Context.SendActivityAsync(ConversationTexts.SiteAddress(name, site.Url), cancellationToken: cancellationToken).ConfigureAwait(false);
            return await step.EndDialogAsync(null, cancellationToken).ConfigureAwait(false);
        }
        var prediction = _recognizer.Recognize(utterance.Text is { } typed ? ConversationCues.ForRecognition(typedPassword ? TranscriptRedaction.WithoutTypedPassword(typed) : typed) : null);
        if (ConversationCues.AsksAboutTheWebsite(utterance.Text) && (OnTheSite(prediction) ?? OnTheSiteAfter(prediction, StateJson.GetString(MainState(step)[LastTopicKey]))) is { } siteIntent
            && _knowledge.Find(siteIntent) is { } siteSteps)
        {
            // "How do I reset it myself on the website?", "where's the option on the eCommons site?": the site's steps
            // answer the question; doing it here is one tap away, not started unasked.
            var message = KnowledgeCard.Build(siteSteps).ToMessage(ConversationTexts.OnTheWebsite);
            if (_flowByIntent.ContainsKey(siteIntent))
            {
                message.SuggestedActions = new SuggestedActions { Actions = [new CardAction(ActionTypes.ImBack, Title(siteIntent), value: AnswerFirst.GetValueOrDefault(siteIntent, Title(siteIntent)))] };
            }
            await step.Context.SendActivityAsync(message, cancellationToken).ConfigureAwait(false);
            MainState(step)[MisunderstoodKey] = 0;
            MainState(step)[LastTopicKey] = siteIntent;
            return await step.EndDialogAsync(null, cancellationToken).ConfigureAwait(false);
        }
        if (prediction.IsConfident && prediction.TopIntent == Intents.DeviceLockouts && ConversationCues.SaysItLocks(utterance.Text)
            && (IdentifierText.InRequest(utterance.Text) is not null || ConversationCues.SaysLockedOutAgain(utterance.Text)) && _flowByIntent.ContainsKey(Intents.UnlockAccount)
            && _knowledge.Find(Intents.DeviceLockouts) is { } cause)
        {
            // "I changed my password on Monday and my account keeps locking, username jsmith", "locked out AGAIN. third time
            // this week": why it happens, and (the account named, or locked out right now) the unlock, started now.
            await step.Context.SendActivityAsync(KnowledgeCard.Build(cause).ToMessage(), cancellationToken).ConfigureAwait(false);
            return await RouteIntentAsync(step, Intents.UnlockAccount, utterance.Text, cancellationToken).ConfigureAwait(false);
        }
        if (ConversationCues.SaysPasswordExpired(utterance.Text) && _flowByIntent.ContainsKey(Intents.ForgotPassword)
            && (!prediction.IsConfident || prediction.TopIntent is Intents.ForgotPassword or Intents.UnlockAccount or Intents.PasswordExpiring or Intents.ChangePassword))
        {
            // "My password expired and now it won't let me in": an expired password is reset, as a forgotten one is.
            return await RouteIntentAsync(step, Intents.ForgotPassword, utterance.Text, cancellationToken).ConfigureAwait(false);
        }
        if (ConversationCues.SaysThePasswordIsRejected(utterance.Text) && _flowByIntent.ContainsKey(Intents.ForgotPassword)
            && (!prediction.IsConfident || prediction.TopIntent is Intents.None or Intents.ForgotPassword or Intents.ChangePassword or Intents.PasswordExpiring or Intents.ECommonsRegister))
        {
            // "eCommons says my password is wrong" (someone registering has no password yet): the way back in is a reset.
            return await RouteIntentAsync(step, Intents.ForgotPassword, utterance.Text, cancellationToken).ConfigureAwait(false);
        }
        if (ConversationCues.OutOfScope(utterance.Text) is { } topic
            && (!prediction.IsConfident || prediction.TopIntent == Intents.None || (topic.Answer is not null && prediction.TopIntent is Intents.DeviceLockouts or Intents.ContactOffice)))
        {
            MainState(step)[MisunderstoodKey] = 0;
            await step.Context.SendActivityAsync(WithPersonButton(topic.Answer ?? ConversationTexts.OutOfScope(topic.Name)), cancellationToken).ConfigureAwait(false);
            return await step.EndDialogAsync(null, cancellationToken).ConfigureAwait(false);
        }
        if (prediction.TopIntent == Intents.ECommonsRegister && _flowByIntent.ContainsKey(Intents.HuidLookup) && ConversationCues.AsksForOwnHuid(utterance.Text)
            && utterance.Text!.IndexOf("regist", StringComparison.OrdinalIgnoreCase) is var register
            && (register < 0 || ConversationCues.OwnHuidAt(utterance.Text) < register))
        {
            // "What's my Harvard ID? I need it to register": the number first (registering comes after).
            return await RouteIntentAsync(step, Intents.HuidLookup, utterance.Text, cancellationToken).ConfigureAwait(false);
        }
        if (ConversationCues.AsksWhoHandlesHarvardIds(utterance.Text)
            && ((prediction.TopIntent is Intents.HuidLookup or Intents.ContactOffice
                    && (ContactOfficeTexts.SchoolIn(utterance.Text) is not null || ContactOfficeTexts.RoleIn(utterance.Text) is not null || prediction.TopIntent == Intents.ContactOffice
                        || ConversationCues.AsksOutrightWhoHandles(utterance.Text)))
                || (!prediction.IsConfident && ConversationCues.MentionsHarvardId(utterance.Text))))
        {
            // "I'm an HSPH student and I lost my HUID": the office that handles it, not a look-up.
            return await RouteIntentAsync(step, Intents.ContactOffice, utterance.Text, cancellationToken).ConfigureAwait(false);
        }
        if (ConversationCues.DescribesAGuest(utterance.Text) && _knowledge.Find(Intents.GuestKeySponsor) is { } guestKeys)
        {
            // "I'm a consultant working with a lab for 3 months, how do I get network access?": a guest key, who sponsors
            // one, and registering with it here once the key is in hand.
            var message = KnowledgeCard.Build(guestKeys).ToMessage();
            message.SuggestedActions = new SuggestedActions { Actions = [new CardAction(ActionTypes.ImBack, Title(Intents.GuestKeyRegister), value: AnswerFirst[Intents.GuestKeyRegister])] };
            await step.Context.SendActivityAsync(message, cancellationToken).ConfigureAwait(false);
            MainState(step)[MisunderstoodKey] = 0;
            MainState(step)[LastTopicKey] = Intents.GuestKeySponsor;
            return await step.EndDialogAsync(null, cancellationToken).ConfigureAwait(false);
        }
        if (await AnswerFollowUpAsync(step, utterance.Text, prediction, cancellationToken).ConfigureAwait(false) is { } followedUp)
        {
            return followedUp;
        }
        if ((!prediction.IsConfident || prediction.TopIntent == Intents.None) && typedPassword && _flowByIntent.ContainsKey(Intents.ChangePassword))
        {
            // "My password is … btw, is that ok?": the warning was the answer; the way to act on it, not "I didn't understand".
            MainState(step)[MisunderstoodKey] = 0;
            var offer = MessageFactory.Text(ConversationTexts.ChangeAfterTypedPassword);
            offer.SuggestedActions = new SuggestedActions { Actions = [new CardAction(ActionTypes.ImBack, Title(Intents.ChangePassword), value: Title(Intents.ChangePassword))] };
            await step.Context.SendActivityAsync(offer, cancellationToken).ConfigureAwait(false);
            return await step.EndDialogAsync(null, cancellationToken).ConfigureAwait(false);
        }
        if (!prediction.IsConfident || prediction.TopIntent == Intents.None)
        {
            return await MisunderstoodAsync(step, prediction, cancellationToken).ConfigureAwait(false);
        }
        if (AnswerFirst.TryGetValue(prediction.TopIntent, out var doIt) && (ConversationCues.AsksHowTo(utterance.Text) || ConversationCues.IsQuestion(utterance.Text))
            && _knowledge.Find(prediction.TopIntent) is { } explained)
        {
            // "Can I sponsor my friend?", "what's a guest key?": the answer, and the way to do it here as a button.
            var message = KnowledgeCard.Build(explained).ToMessage();
            message.SuggestedActions = new SuggestedActions { Actions = [new CardAction(ActionTypes.ImBack, Title(prediction.TopIntent), value: doIt)] };
            await step.Context.SendActivityAsync(message, cancellationToken).ConfigureAwait(false);
            MainState(step)[MisunderstoodKey] = 0;
            MainState(step)[LastTopicKey] = prediction.TopIntent;
            return await step.EndDialogAsync(null, cancellationToken).ConfigureAwait(false);
        }
        if (prediction.TopIntent == Intents.UnlockAccount && ConversationCues.DeviceStillTrying(utterance.Text) is { } device)
        {
            // "Outlook keeps asking for it and now I'm locked out": the cause, said once, then the unlock.
            await step.Context.SendActivityAsync(ConversationTexts.DeviceStillTrying(device), cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        if (ConversationCues.AsksHowTo(utterance.Text) && StepsFirst.Contains(prediction.TopIntent) && _knowledge.Find(prediction.TopIntent) is { } steps)
        {
            // "How do I …?": the site's steps answer the question; then the same thing done here, starting now.
            await step.Context.SendActivityAsync(KnowledgeCard.Build(steps).ToMessage(), cancellationToken).ConfigureAwait(false);
        }
        return await RouteIntentAsync(step, prediction.TopIntent, utterance.Text, cancellationToken).ConfigureAwait(false);
    }

    private async Task<DialogTurnResult> ClarifiedStepAsync(WaterfallStepContext step, CancellationToken cancellationToken)
    {
        if (!StateJson.GetBool(step.Values[ClarifyingKey]))
        {
            return await step.NextAsync(step.Result, cancellationToken).ConfigureAwait(false);
        }
        step.Values.Remove(ClarifyingKey);
        switch (step.Result)
        {
            case FoundChoice { Value: SomethingElseValue }:
                await step.Context.SendActivityAsync(WelcomeMessage(MainTexts.DidNotUnderstand), cancellationToken).ConfigureAwait(false);
                return await step.EndDialogAsync(null, cancellationToken).ConfigureAwait(false);
            case FoundChoice choice:
                return await RouteIntentAsync(step, choice.Value, null, cancellationToken).ConfigureAwait(false);
            default:
                // Not one of the buttons: the user said something new; route it afresh.
                return await step.ReplaceDialogAsync(RouteDialog, new RouteOptions(null), cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<DialogTurnResult> FlowEndedStepAsync(WaterfallStepContext step, CancellationToken cancellationToken)
    {
        // A flow that reached a dead end (a departmental account, a 24-hour block, no way to send a SafeCode …) asked
        // for a person: bring one in, with the flow's intent.
        if (step.Result is NeedsPerson person && _flowByIntent.TryGetValue(Intents.TalkToAgent, out var handoffId))
        {
            MainState(step).Remove(PendingNeedsKey);
            var intent = StateJson.GetString(step.Values[FlowIntentKey]) ?? Intents.TalkToAgent;
            return await step.BeginDialogAsync(handoffId, new HandoffRequest(person.Reason, person.Username, person.DisplayName, person.Verified, intent), cancellationToken).ConfigureAwait(false);
        }
        if (step.Result is PromptAttemptsExhausted)
        {
            // The same way out as three misunderstood messages outside a flow: a person, one tap away.
            if (_flowByIntent.ContainsKey(Intents.TalkToAgent))
            {
                MainState(step)[MisunderstoodKey] = 0;
                MainState(step)[OfferedPersonKey] = true;
                var offer = MessageFactory.SuggestedActions([HandoffTexts.TalkToAPersonChoice, HandoffTexts.NoThanksChoice], HandoffTexts.OfferPerson, null, InputHints.ExpectingInput);
                await step.Context.SendActivityAsync(offer, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await step.Context.SendActivityAsync(MainTexts.OfferPerson, cancellationToken: cancellationToken).ConfigureAwait(false);
            }
        }
        if (step.Result is OfficeNamed office)
        {
            MainState(step)[LastOfficeKey] = office.AnswerId;
        }
        if (step.Result is SuggestsNext next)
        {
            MainState(step)[LastTopicKey] = next.Intent;
        }
        if (await AnswerPendingNeedsAsync(step, cancellationToken).ConfigureAwait(false) is { } nextFlow)
        {
            // "Locked out, and I don't remember the password anyway": the reset starts now (the SafeCode just given
            // serves it for a few minutes), not a card about it.
            return await RouteIntentAsync(step, nextFlow, null, cancellationToken).ConfigureAwait(false);
        }
        return await step.EndDialogAsync(null, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Topics about a password, a SafeCode or a lock, to which "do I need my phone for that?" refers.</summary>
    private static readonly HashSet<string> PasswordTopics =
    [
        Intents.UnlockAccount, Intents.ForgotPassword, Intents.ChangePassword, Intents.PasswordExpiring, Intents.SafeCodeHelp,
    ];

    private static bool MentionsAPassword(string said) =>
        said.Contains("password", StringComparison.OrdinalIgnoreCase) || said.Contains("code", StringComparison.OrdinalIgnoreCase);

    /// <summary>Tasks the eCommons site does too, whose steps answer "how do I do it on the website?".</summary>
    private static readonly HashSet<string> SiteTasks =
    [
        Intents.UnlockAccount, Intents.ForgotPassword, Intents.ChangePassword, Intents.PasswordExpiring, Intents.ECommonsRegister,
        Intents.GuestKeyRegister, Intents.UpdateProfile,
    ];

    /// <summary>The site task a question about the website is most likely about (a likelier-than-not one is enough), or null.</summary>
    private static string? OnTheSite(IntentPrediction prediction) =>
        SiteTasks.Contains(prediction.TopIntent) && (prediction.IsConfident || prediction.TopScore >= SideQuestionScore) ? prediction.TopIntent : null;

    /// <summary>
    /// "Next time can I do this myself on the website?" right after a task, which names none: that task, when the
    /// recognizer sees no other one.
    /// </summary>
    private static string? OnTheSiteAfter(IntentPrediction prediction, string? lastTopic) =>
        lastTopic is not null && SiteTasks.Contains(lastTopic) && (!prediction.IsConfident || NotTopics.Contains(prediction.TopIntent)) ? lastTopic : null;

    /// <summary>The account flows a person starts for their own account by name, which one restated request may swap.</summary>
    private static readonly HashSet<string> SelfServiceAccountFlows = [Intents.UnlockAccount, Intents.ForgotPassword, Intents.ChangePassword];

    /// <summary>Needs that follow on from an account flow with the same verification: started, not described.</summary>
    private static readonly HashSet<string> StartedAfterVerification = [Intents.ForgotPassword, Intents.ChangePassword];

    private async Task<DialogTurnResult> RouteIntentAsync(WaterfallStepContext step, string intent, string? utterance, CancellationToken cancellationToken, HandoffRequest? handoff = null)
    {
        MainState(step)[MisunderstoodKey] = 0;
        if (!NotTopics.Contains(intent) && intent != Intents.TalkToAgent)
        {
            MainState(step)[LastTopicKey] = intent;
        }
        var context = step.Context;
        switch (intent)
        {
            case Intents.Greeting:
                // The first greeting shows what HelpBot can do; later ones get a short line (SmallTalk).
                MainState(step)[GreetedKey] = true;
                if (context.TurnState.Get<object>(ConversationStateKeys.WelcomedThisConversation) is true)
                {
                    // The welcome card is already on screen: a hello back, not the same buttons again.
                    await context.SendActivityAsync(MainTexts.Greeting, cancellationToken: cancellationToken).ConfigureAwait(false);
                    return await step.EndDialogAsync(null, cancellationToken).ConfigureAwait(false);
                }
                context.TurnState[ConversationStateKeys.WelcomedThisConversation] = true;
                await context.SendActivityAsync(WelcomeMessage(MainTexts.Greeting), cancellationToken).ConfigureAwait(false);
                return await step.EndDialogAsync(null, cancellationToken).ConfigureAwait(false);
            case Intents.Help:
                if (context.TurnState.Get<object>(ConversationStateKeys.WelcomedThisConversation) is true)
                {
                    // The welcome card is already on screen: say what HelpBot does, with the same things as small buttons.
                    var help = MessageFactory.Text(MainTexts.WhatICanDo);
                    help.SuggestedActions = new SuggestedActions { Actions = MainTexts.WelcomeOffers.Select(o => new CardAction(ActionTypes.ImBack, o.Title, value: o.Utterance)).ToList() };
                    await context.SendActivityAsync(help, cancellationToken).ConfigureAwait(false);
                    return await step.EndDialogAsync(null, cancellationToken).ConfigureAwait(false);
                }
                context.TurnState[ConversationStateKeys.WelcomedThisConversation] = true;
                await context.SendActivityAsync(WelcomeCard.Build(MainTexts.WelcomeOffers).ToMessage(), cancellationToken).ConfigureAwait(false);
                return await step.EndDialogAsync(null, cancellationToken).ConfigureAwait(false);
            case Intents.Cancel:
                await context.SendActivityAsync(MainTexts.NothingToCancel, cancellationToken: cancellationToken).ConfigureAwait(false);
                return await step.EndDialogAsync(null, cancellationToken).ConfigureAwait(false);
        }
        if (intent == Intents.HuidLookup
            && (await ContactOfficeDialog.TeamsUsersRecordAsync(_directory, context, cancellationToken).ConfigureAwait(false) is { } record
                ? ContactOfficeTexts.AnswerFor(record.School, record.Role)
                // "What's my Harvard ID? I'm a student at the school of public health": who they said they are tells whom to ask.
                : StateJson.GetString(MainState(step)[LastSchoolKey]) is { } school && StateJson.GetString(MainState(step)[LastRoleKey]) is { } role
                    ? ContactOfficeTexts.AnswerFor(school, role) : Intents.TalkToAgent) is var officeId
            && officeId != Intents.TalkToAgent && _knowledge.Find(officeId) is { } office)
        {
            // In Teams HelpBot knows whom this person would ask: that office, in one line, after where the number is
            // (the look-up says it) and before the look-up itself.
            MainState(step)[LastOfficeKey] = officeId;
            context.TurnState[ConversationStateKeys.HuidOfficeLine] = ConversationTexts.OfficeCanTell(office.Title,
                office.Facts.FirstOrDefault(f => f.Title.Contains("Phone", StringComparison.OrdinalIgnoreCase))?.Value,
                office.Facts.FirstOrDefault(f => f.Title.Contains("Email", StringComparison.OrdinalIgnoreCase))?.Value);
        }
        if (_flowByIntent.TryGetValue(intent, out var flowId))
        {
            step.Values[FlowIntentKey] = intent;
            return handoff is not null
                ? await step.BeginDialogAsync(flowId, handoff, cancellationToken).ConfigureAwait(false)
                : await step.BeginDialogAsync(flowId, FlowStart.Of(utterance), cancellationToken).ConfigureAwait(false);
        }
        if (_knowledge.Find(intent) is { } answer)
        {
            if (answer.Facts.Count > 0)
            {
                // "Do they have a phone number?" after this answer: from its contacts.
                MainState(step)[LastOfficeKey] = intent;
            }
            var message = KnowledgeCard.Build(answer).ToMessage();
            // What people usually need next, as buttons, so the whole bot can be used by clicking.
            message.SuggestedActions = new SuggestedActions
            {
                Actions = MainTexts.WelcomeOffers.Where(o => o.Title != Title(intent))
                    .Select(o => new CardAction(ActionTypes.ImBack, o.Title, value: o.Utterance)).ToList(),
            };
            await context.SendActivityAsync(message, cancellationToken).ConfigureAwait(false);
            return await step.EndDialogAsync(null, cancellationToken).ConfigureAwait(false);
        }
        await context.SendActivityAsync(WelcomeMessage(MainTexts.DidNotUnderstand), cancellationToken).ConfigureAwait(false);
        return await step.EndDialogAsync(null, cancellationToken).ConfigureAwait(false);
    }

    private async Task<DialogTurnResult> MisunderstoodAsync(WaterfallStepContext step, IntentPrediction prediction, CancellationToken cancellationToken)
    {
        var state = MainState(step);
        var count = StateJson.GetInt(state[MisunderstoodKey]) + 1;
        state[MisunderstoodKey] = count;
        if (count >= MisunderstoodLimit && _flowByIntent.ContainsKey(Intents.TalkToAgent))
        {
            state[MisunderstoodKey] = 0;
            state[OfferedPersonKey] = true;
            var offer = MessageFactory.SuggestedActions([HandoffTexts.TalkToAPersonChoice, HandoffTexts.NoThanksChoice], HandoffTexts.OfferPerson, null, InputHints.ExpectingInput);
            await step.Context.SendActivityAsync(offer, cancellationToken).ConfigureAwait(false);
            return await step.EndDialogAsync(null, cancellationToken).ConfigureAwait(false);
        }
        if (count >= MisunderstoodLimit)
        {
            state[MisunderstoodKey] = 0;
            await step.Context.SendActivityAsync(MainTexts.OfferPerson, cancellationToken: cancellationToken).ConfigureAwait(false);
            await step.Context.SendActivityAsync(KnowledgeCard.Build(_knowledge.Get(Intents.TalkToAgent)).ToMessage(), cancellationToken).ConfigureAwait(false);
            return await step.EndDialogAsync(null, cancellationToken).ConfigureAwait(false);
        }

        var candidates = prediction.Ranked
            .Where(c => !NotTopics.Contains(c.Intent) && MainTexts.IntentTitles.ContainsKey(c.Intent) && c.Score >= 0.1)
            .Take(3)
            .ToList();
        if (candidates.Count == 0)
        {
            await step.Context.SendActivityAsync(WelcomeMessage(MainTexts.DidNotUnderstand), cancellationToken).ConfigureAwait(false);
            return await step.EndDialogAsync(null, cancellationToken).ConfigureAwait(false);
        }
        step.Values[ClarifyingKey] = true;
        var choices = candidates.Select(c => Choice.Labelled(c.Intent, Title(c.Intent))).Append(Choice.Labelled(SomethingElseValue, MainTexts.SomethingElse)).ToList();
        return await step.PromptAsync(ClarifyPrompt, new HelpBotPromptOptions
        {
            Prompt = MessageFactory.Text(MainTexts.NotSure),
            Choices = choices,
            MaxAttempts = 1,
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Tasks that people mostly ask about before they do them (who may sponsor, what a guest key is): a question gets the
    /// answer and a button that does it here (the words the button sends), not the flow straight away.
    /// </summary>
    private static readonly Dictionary<string, string> AnswerFirst = new(StringComparer.Ordinal)
    {
        [Intents.GuestKeySponsor] = MainTexts.SponsorWords,
        [Intents.GuestKeyRegister] = "I want to register with my guest key",
    };

    /// <summary>Flows whose site steps are worth showing to someone who asks how it's done (the others show their own).</summary>
    private static readonly HashSet<string> StepsFirst =
    [
        Intents.UnlockAccount, Intents.ForgotPassword, Intents.ChangePassword, Intents.PasswordExpiring, Intents.GuestKeySponsor,
        Intents.GuestKeyRegister, Intents.HuidLookup,
    ];

    /// <summary>Topics a follow-up question to the last answer is most likely about, besides that answer's own.</summary>
    private static readonly Dictionary<string, string[]> FollowUpTopics = new(StringComparer.Ordinal)
    {
        [Intents.GuestKeySponsor] = [Intents.GuestKeyRegister],
        [Intents.GuestKeyRegister] = [Intents.GuestKeySponsor],
        [Intents.HuidLookup] = [Intents.ContactOffice, Intents.HuidPinHelp, Intents.ECommonsRegister],
        [Intents.ContactOffice] = [Intents.HuidLookup, Intents.HuidPinHelp],
        [Intents.HuidPinHelp] = [Intents.HuidLookup, Intents.HarvardKeyHelp],
        [Intents.ChangePassword] = [Intents.DeviceLockouts, Intents.PasswordExpiring, Intents.SafeCodeHelp],
        [Intents.PasswordExpiring] = [Intents.ChangePassword, Intents.DeviceLockouts, Intents.ForgotPassword],
        [Intents.ForgotPassword] = [Intents.DeviceLockouts, Intents.SafeCodeHelp],
        [Intents.UnlockAccount] = [Intents.DeviceLockouts, Intents.ForgotPassword, Intents.SafeCodeHelp],
        [Intents.ECommonsRegister] = [Intents.HuidLookup, Intents.GuestKeyRegister],
        [Intents.UpdateProfile] = [],
    };

    /// <summary>
    /// A question that refers to the last answer ("do they have a phone number?", "so who can sponsor me then?"), which
    /// the recognizer alone is unsure of: answered from that office's details or the most likely related topic.
    /// </summary>
    private async Task<DialogTurnResult?> AnswerFollowUpAsync(WaterfallStepContext step, string? said, IntentPrediction prediction, CancellationToken cancellationToken)
    {
        if (said is null || !ConversationCues.IsQuestion(said))
        {
            return null;
        }
        var state = MainState(step);
        if (ConversationCues.ComparesWithECommons(said) && (StateJson.GetString(state[LastTopicKey]) == Intents.HarvardKeyHelp || said.Contains("harvardkey", StringComparison.OrdinalIgnoreCase) || said.Contains("harvard key", StringComparison.OrdinalIgnoreCase)))
        {
            state[MisunderstoodKey] = 0;
            await step.Context.SendActivityAsync(ConversationTexts.HarvardKeyIsNotECommons, cancellationToken: cancellationToken).ConfigureAwait(false);
            return await step.EndDialogAsync(null, cancellationToken).ConfigureAwait(false);
        }
        if (StateJson.GetString(state[LastOfficeKey]) is { } officeId && ConversationCues.AsksForContactDetail(said) is { } detail
            && _knowledge.Find(officeId) is { } office)
        {
            await step.Context.SendActivityAsync(ConversationTexts.OfficeDetail(office.Title, detail, office.Facts.Select(f => (f.Title, f.Value)).ToList()), cancellationToken: cancellationToken).ConfigureAwait(false);
            return await step.EndDialogAsync(null, cancellationToken).ConfigureAwait(false);
        }
        // "alright, how can I do that" reads as asking for help in general; after an answer that suggested a task, it is that task.
        var general = prediction.TopIntent == Intents.None || (prediction.TopIntent == Intents.Help && ConversationCues.AsksHowToDoThat(said));
        if ((prediction.IsConfident && !general) || StateJson.GetString(state[LastTopicKey]) is not { } last)
        {
            return null;
        }
        if (ConversationCues.AsksHowToDoThat(said) && _flowByIntent.ContainsKey(last) && !AnswerFirst.ContainsKey(last))
        {
            // "How do I renew it then?" after an answer that pointed to a task ("… say 'change my password'"): that task,
            // with the site's steps where they help, done here.
            if (StepsFirst.Contains(last) && _knowledge.Find(last) is { } steps)
            {
                await step.Context.SendActivityAsync(KnowledgeCard.Build(steps).ToMessage(), cancellationToken).ConfigureAwait(false);
            }
            return await RouteIntentAsync(step, last, said, cancellationToken).ConfigureAwait(false);
        }
        var related = new[] { last }.Concat(FollowUpTopics.GetValueOrDefault(last) ?? []).ToHashSet(StringComparer.Ordinal);
        if (prediction.Ranked.Where(c => related.Contains(c.Intent) && c.Score >= 0.05).Take(1).ToList() is not [var best])
        {
            return null;
        }
        if (_knowledge.Find(best.Intent) is { } answer && !(best.Intent == last && _flowByIntent.ContainsKey(best.Intent)))
        {
            state[MisunderstoodKey] = 0;
            state[LastTopicKey] = best.Intent;
            await step.Context.SendActivityAsync(KnowledgeCard.Build(answer).ToMessage(), cancellationToken).ConfigureAwait(false);
            return await step.EndDialogAsync(null, cancellationToken).ConfigureAwait(false);
        }
        return await RouteIntentAsync(step, best.Intent, said, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<DialogTurnResult> AnswerAsync(WaterfallStepContext step, string intent, KnowledgeCard.Content answer, CancellationToken cancellationToken)
    {
        MainState(step)[MisunderstoodKey] = 0;
        MainState(step)[LastTopicKey] = intent;
        await step.Context.SendActivityAsync(KnowledgeCard.Build(answer).ToMessage(), cancellationToken).ConfigureAwait(false);
        return await step.EndDialogAsync(null, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// "thanks", "ok great", "bye", "are you a bot?" while a flow waits for an answer that isn't yes or no: a short line,
    /// then the same question again (a goodbye ends the flow). Never "sorry, I didn't catch that".
    /// </summary>
    private static async Task<DialogTurnResult?> SmallTalkInAFlowAsync(DialogContext innerDc, string said, bool picksAButton, CancellationToken cancellationToken)
    {
        // One word that is only an acknowledgement ("good", "fine") may be a typed answer (a last name), so it stays one;
        // at buttons ("where should I send it?") it can't be, so "great" there is an acknowledgement.
        // At a yes-or-no question, only what is neither ("got it, cheers", "thanks, bye", not "sure, thanks") is small talk.
        if (SmallTalk.SmallTalk.Classify(said) is not { } kind || kind == SmallTalkKind.Frustrated
            || PromptState.InnermostDialog(innerDc) is not { } prompt || (prompt is ConfirmPrompt && (ConfirmPrompt.Recognize(said) is not null || kind is not (SmallTalkKind.Thanks or SmallTalkKind.AskedIfBot or SmallTalkKind.Goodbye)))
            || (kind is SmallTalkKind.Acknowledged or SmallTalkKind.Hello && !said.Trim().Contains(' ', StringComparison.Ordinal) && prompt is not ChoicePrompt)
            || picksAButton)
        {
            return null;
        }
        var context = innerDc.Context;
        if (kind == SmallTalkKind.Goodbye)
        {
            await innerDc.CancelAllDialogsAsync(cancellationToken).ConfigureAwait(false);
            await context.SendActivityAsync(SmallTalkTexts.Goodbye, cancellationToken: cancellationToken).ConfigureAwait(false);
            return EndOfTurn;
        }
        await context.SendActivityAsync(kind switch
        {
            SmallTalkKind.AskedIfBot => SmallTalkTexts.AskedIfBot,
            SmallTalkKind.Thanks => ConversationTexts.WelcomeMidFlow,
            _ => ConversationTexts.OkMidFlow,
        }, cancellationToken: cancellationToken).ConfigureAwait(false);
        await innerDc.RepromptDialogAsync(cancellationToken).ConfigureAwait(false);
        return EndOfTurn;
    }

    /// <summary>Answers a question asked in the middle of a flow when it is one HelpBot answers from what it knows (not another task).</summary>
    private async Task<bool> AnswerSideQuestionAsync(ITurnContext context, JsonObject state, string said, IntentPrediction prediction, string currentIntent, CancellationToken cancellationToken)
    {
        if (currentIntent == Intents.UpdateProfile && ConversationCues.AsksAboutHr(said))
        {
            // "Does HR need to know too?" while changing an e-mail: HR and PeopleSoft, not the Harvard ID office.
            await context.SendActivityAsync(ConversationTexts.HrAndTheDirectories, cancellationToken: cancellationToken).ConfigureAwait(false);
            return true;
        }
        if (ConversationCues.AsksWhatSafeCodeIs(said) && _knowledge.Find(Intents.SafeCodeHelp) is { } safeCode)
        {
            // "Wait, what is this SafeCode thing? is this legit or a scam?" at the code question: what it is and why, not
            // where to find it.
            await context.SendActivityAsync(KnowledgeCard.Build(safeCode).ToMessage(), cancellationToken).ConfigureAwait(false);
            return true;
        }
        // "I'm a student at HMS" at the look-up's username question: who they are, which says whom to ask; "and for staff
        // there?" next asks the same for another role (or school).
        var toldWhoTheyAre = currentIntent is Intents.HuidLookup or Intents.ContactOffice
            && (TellsSchoolAndRole(said) || (ConversationCues.AsksTheSameForOthers(said) && (ContactOfficeTexts.SchoolIn(said) ?? ContactOfficeTexts.RoleIn(said)) is not null));
        // "Who do I talk to if my badge number looks off?" in Teams, where HelpBot knows who this is: their own record's
        // school and role, where they haven't said them (looked up only for this question).
        if (ConversationCues.AsksWhoHandlesHarvardIds(said) && ConversationCues.MentionsHarvardId(said) && (state[LastSchoolKey] is null || state[LastRoleKey] is null)
            && await ContactOfficeDialog.TeamsUsersRecordAsync(_directory, context, cancellationToken).ConfigureAwait(false) is { } record)
        {
            state[LastSchoolKey] ??= record.School;
            state[LastRoleKey] ??= record.Role;
        }
        // "What's the number for the registrar there?": the school and role said earlier in this conversation count.
        if ((ConversationCues.AsksWhoHandlesHarvardIds(said) || toldWhoTheyAre) && (ContactOfficeTexts.SchoolIn(said) ?? StateJson.GetString(state[LastSchoolKey])) is { } school
            && (ContactOfficeTexts.RoleIn(said) ?? ConversationCues.RoleOfTheOffice(said) ?? StateJson.GetString(state[LastRoleKey])) is { } role
            && _knowledge.Find(ContactOfficeTexts.AnswerFor(school, role)) is { } office)
        {
            state[LastOfficeKey] = ContactOfficeTexts.AnswerFor(school, role);
            await context.SendActivityAsync(KnowledgeCard.Build(office).ToMessage(), cancellationToken).ConfigureAwait(false);
            return true;
        }
        if (StateJson.GetString(state[LastOfficeKey]) is { } officeId && ConversationCues.AsksForContactDetail(said) is { } detail
            && _knowledge.Find(officeId) is { } named)
        {
            await context.SendActivityAsync(ConversationTexts.OfficeDetail(named.Title, detail, named.Facts.Select(f => (f.Title, f.Value)).ToList()), cancellationToken: cancellationToken).ConfigureAwait(false);
            return true;
        }
        if (ConversationCues.AsksForTheServiceDesk(said))
        {
            await context.SendActivityAsync(ConversationTexts.ServiceDesk, cancellationToken: cancellationToken).ConfigureAwait(false);
            return true;
        }
        if (ConversationCues.AsksAboutOpeningHours(said))
        {
            await context.SendActivityAsync(ConversationTexts.DeskHours, cancellationToken: cancellationToken).ConfigureAwait(false);
            return true;
        }
        if (KnownAnswer(said, currentIntent) is { } known)
        {
            await context.SendActivityAsync(known.Text, cancellationToken: cancellationToken).ConfigureAwait(false);
            return true;
        }
        if (ConversationCues.AsksAboutAForgottenPin(said) && _knowledge.Find(Intents.HuidPinHelp) is { } pin)
        {
            // "Where do I reset the PIN if I forget it?" during a look-up: HUIT's desk and page; "do they have a number?" next.
            state[LastOfficeKey] = Intents.HuidPinHelp;
            await context.SendActivityAsync(KnowledgeCard.Build(pin).ToMessage(), cancellationToken).ConfigureAwait(false);
            return true;
        }
        if (ConversationCues.AsksWhereToFindHuid(said) || (currentIntent == Intents.ECommonsRegister && ConversationCues.AsksWhereThatNumberIs(said)))
        {
            await context.SendActivityAsync(ConversationTexts.WhereToFindHuid, cancellationToken: cancellationToken).ConfigureAwait(false);
            return true;
        }
        if (ConversationCues.AsksWhatIfItExpires(said))
        {
            await context.SendActivityAsync(ConversationTexts.IfItExpires, cancellationToken: cancellationToken).ConfigureAwait(false);
            return true;
        }
        if (ConversationCues.AsksWhatToUpdate(said) && _knowledge.Find(Intents.DeviceLockouts) is { } devices)
        {
            await context.SendActivityAsync(KnowledgeCard.Build(devices).ToMessage(), cancellationToken).ConfigureAwait(false);
            return true;
        }
        if (ConversationCues.AsksHowTo(said) && prediction.IsConfident && prediction.TopIntent != currentIntent
            && !NotTopics.Contains(prediction.TopIntent) && prediction.TopIntent is not (Intents.TalkToAgent or Intents.DepartmentalAccount)
            && _knowledge.Find(prediction.TopIntent) is { } howTo)
        {
            // "OK so how do I register?" on the way: that topic's steps; this flow goes on, and the other is one message away.
            state[LastTopicKey] = prediction.TopIntent;
            await context.SendActivityAsync(KnowledgeCard.Build(howTo).ToMessage(), cancellationToken).ConfigureAwait(false);
            return true;
        }
        // A question at a prompt is not an answer to it: a likelier-than-not topic is enough to answer it from what HelpBot
        // knows ("wait, why a code? is this some phishing thing"), as the flow waits at the same question.
        var clearEnough = prediction.IsConfident
            || (prediction.TopScore >= SideQuestionScore && prediction.Ranked.Count > 1 && prediction.TopScore - prediction.Ranked[1].Score >= SideQuestionMargin);
        if (!ConversationCues.IsQuestion(said) || !clearEnough || prediction.TopIntent == currentIntent || _flowByIntent.ContainsKey(prediction.TopIntent)
            || NotTopics.Contains(prediction.TopIntent) || _knowledge.Find(prediction.TopIntent) is not { } answer)
        {
            return false;
        }
        await context.SendActivityAsync(KnowledgeCard.Build(answer).ToMessage(), cancellationToken).ConfigureAwait(false);
        return true;
    }

    /// <summary>"He's full-time staff at HMS", "I'm a dental student": a statement of school and role, with no username in it.</summary>
    private static bool TellsSchoolAndRole(string? said) =>
        said is not null && !ConversationCues.IsQuestion(said) && ContactOfficeTexts.SchoolIn(said) is not null && ContactOfficeTexts.RoleIn(said) is not null
        && IdentifierText.InRequest(said) is null;

    /// <summary>The school and role a person has mentioned ("dental student", "I'm HSPH staff"), kept for follow-ups.</summary>
    private static void RememberWhoTheyAre(JsonObject state, string? said)
    {
        if (ContactOfficeTexts.SchoolIn(said) is { } school)
        {
            state[LastSchoolKey] = school;
        }
        if (ContactOfficeTexts.RoleIn(said) is { } role)
        {
            state[LastRoleKey] = role;
        }
    }

    /// <summary>
    /// "I'm locked out, and I also need to sponsor a guest": when a message holds two or more needs HelpBot recognises,
    /// the first that is a flow starts now and the others are answered when it ends (none is forgotten). Null when the
    /// message holds one need.
    /// </summary>
    private async Task<DialogTurnResult?> SeveralNeedsAsync(WaterfallStepContext step, string text, CancellationToken cancellationToken)
    {
        if (ConversationCues.Needs(text) is not { Count: >= 2 } clauses)
        {
            return null;
        }
        var needs = clauses
            .Where(c => !ConversationCues.AsksForTheServiceDesk(c)) // answered already
            .Select(c => (Clause: c, Prediction: _recognizer.Recognize(ConversationCues.ForRecognition(c))))
            .Where(n => n.Prediction.IsConfident && !NotTopics.Contains(n.Prediction.TopIntent) && n.Prediction.TopIntent != Intents.TalkToAgent)
            .DistinctBy(n => n.Prediction.TopIntent)
            .ToList();
        if (needs.Count < 2 || needs.FirstOrDefault(n => _flowByIntent.ContainsKey(n.Prediction.TopIntent) && !AnswerFirst.ContainsKey(n.Prediction.TopIntent)) is not { Clause: not null } first)
        {
            return null;
        }
        var later = needs.Where(n => n.Prediction.TopIntent != first.Prediction.TopIntent).Select(n => (JsonNode?)JsonValue.Create(n.Prediction.TopIntent)).ToArray();
        MainState(step)[PendingNeedsKey] = new JsonArray(later);
        // The flow reads the whole message (a username or a way to send the code may be in another clause).
        return await RouteIntentAsync(step, first.Prediction.TopIntent, text, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The other needs of a message that held several, once the flow for the first has ended: answered, except a password
    /// reset or change after an account flow, which is returned to be started.
    /// </summary>
    private async Task<string?> AnswerPendingNeedsAsync(WaterfallStepContext step, CancellationToken cancellationToken)
    {
        if (MainState(step)[PendingNeedsKey] is not JsonArray pending)
        {
            return null;
        }
        MainState(step).Remove(PendingNeedsKey);
        var ended = StateJson.GetString(step.Values[FlowIntentKey]);
        string? startNext = null;
        foreach (var intent in pending.Select(StateJson.GetString).OfType<string>())
        {
            if (startNext is null && ended is Intents.UnlockAccount or Intents.PasswordExpiring or Intents.HuidLookup
                && StartedAfterVerification.Contains(intent) && _flowByIntent.ContainsKey(intent))
            {
                startNext = intent;
                continue;
            }
            if (_knowledge.Find(intent) is not { } answer)
            {
                continue;
            }
            var message = KnowledgeCard.Build(answer).ToMessage(ConversationTexts.AlsoAsked(Title(intent)));
            if (_flowByIntent.ContainsKey(intent))
            {
                message.SuggestedActions = new SuggestedActions { Actions = [new CardAction(ActionTypes.ImBack, Title(intent), value: AnswerFirst.GetValueOrDefault(intent, Title(intent)))] };
            }
            MainState(step)[LastTopicKey] = intent;
            if (answer.Facts.Count > 0)
            {
                MainState(step)[LastOfficeKey] = intent;
            }
            await step.Context.SendActivityAsync(message, cancellationToken).ConfigureAwait(false);
        }
        return startNext;
    }

    private sealed record Known(string Text, string? Topic, string? Button = null);

    [System.Text.RegularExpressions.GeneratedRegex(@"(?<!\d)\d{8}(?!\d)")]
    private static partial System.Text.RegularExpressions.Regex EightDigits();

    /// <summary>
    /// Questions answered by one fact from the seed, wherever they come: before a flow, or in the middle of one
    /// (<paramref name="topic"/> is the last answer's topic, or the running flow's).
    /// </summary>
    private static Known? KnownAnswer(string? said, string? topic)
    {
        if (said is null)
        {
            return null;
        }
        var aboutGuests = topic is Intents.GuestKeySponsor or Intents.GuestKeyRegister || said.Contains("guest", StringComparison.OrdinalIgnoreCase);
        if (ConversationCues.AsksForTheHuitDesk(said))
        {
            return new(ConversationTexts.HuitDesk, Intents.HuidPinHelp);
        }
        if (ConversationCues.ReportsAnOutage(said))
        {
            return new(ConversationTexts.SiteDown, Intents.TalkToAgent);
        }
        // "Can you just reset it for me here then?" after the HarvardKey or PIN answer: not ours to reset; the eCommons
        // reset is, one tap away.
        if (ConversationCues.AsksToDoItHere(said) && topic is Intents.HarvardKeyHelp)
        {
            return new(ConversationTexts.HarvardKeyNotHere, Intents.HarvardKeyHelp, Intents.ForgotPassword);
        }
        if (ConversationCues.AsksToDoItHere(said) && topic is Intents.HuidPinHelp)
        {
            return new(ConversationTexts.PinNotHere, Intents.HuidPinHelp, Intents.ForgotPassword);
        }
        if (ConversationCues.AsksWhatAGuestKeyIs(said))
        {
            // "What's a guest key exactly?": what it is for and how one is got; "can I sponsor one?" next is about that.
            return new(ConversationTexts.WhatAGuestKeyIs, Intents.GuestKeySponsor);
        }
        if (ConversationCues.AsksForSomeoneElsesHuid(said) && !ConversationCues.AsksForOwnHuid(said))
        {
            return new(ConversationTexts.NotSomeoneElsesHuid, Intents.HuidLookup);
        }
        if (ConversationCues.AsksHowManyDigits(said) && (topic is Intents.HuidLookup or Intents.HuidPinHelp or Intents.ContactOffice or Intents.ECommonsRegister || ConversationCues.MentionsHarvardId(said)))
        {
            return new(ConversationTexts.HuidDigits, Intents.HuidLookup);
        }
        if (ConversationCues.AsksIfAPhoneIsNeeded(said) && ((topic is not null && PasswordTopics.Contains(topic)) || MentionsAPassword(said)))
        {
            // "Do I need my phone for that?" after a reset's or change's steps: the SafeCode, and the e-mail way.
            return new(ConversationTexts.PhoneForSafeCode, Intents.SafeCodeHelp);
        }
        if (ConversationCues.AsksForMobileSteps(said) && ((topic is not null && (PasswordTopics.Contains(topic) || topic == Intents.DeviceLockouts)) || MentionsAPassword(said)))
        {
            // "Where are the instructions for doing it on an iPhone?" after what to update: the Mobile Computing page.
            return new(ConversationTexts.MobileSteps, Intents.DeviceLockouts);
        }
        if (ConversationCues.AsksWhatElseIsNeeded(said) && topic is Intents.GuestKeyRegister or Intents.ECommonsRegister)
        {
            // "Do I need to enter my date of birth or anything else?" after the registering steps: no.
            return new(topic == Intents.GuestKeyRegister ? ConversationTexts.GuestKeyIsEnough : ConversationTexts.HuidIsEnough, topic);
        }
        if (ConversationCues.FromAnotherHarvardSchool(said))
        {
            // "I'm at FAS, not HMS, and need MyCourses for a class here": the Invited User Process (a sponsor's form and a
            // guest key); "who fills that out?" next is the sponsor's form.
            return new(Registration.RegistrationTexts.InvitedUserPath, Intents.GuestKeySponsor, Intents.GuestKeyRegister);
        }
        if (ConversationCues.AsksWhetherSsnIsNeeded(said))
        {
            return new(ConversationTexts.SsnNotNeeded, Intents.ECommonsRegister, Intents.ECommonsRegister);
        }
        // "How do I update my e-mail? it still shows my old one" asks how: the steps, not why a change isn't showing yet.
        // "When will it show up?" after the e-mail or address steps: the same answer (after HR's update, in a few business days).
        if ((ConversationCues.StillShowsTheOld(said) && !ConversationCues.AsksHowTo(said) && (topic == Intents.UpdateProfile || ConversationCues.MentionsTheDirectory(said)))
            || (ConversationCues.AsksWhenAChangeShows(said) && topic == Intents.UpdateProfile))
        {
            return new(ConversationTexts.ChangeNotShowingYet, Intents.UpdateProfile);
        }
        if ((ConversationCues.AsksWhetherTheyCan(said) || ConversationCues.AsksWhetherICan(said)) && ConversationCues.RoleMaySponsor(said) is { } maySponsor
            && (topic is Intents.GuestKeySponsor or Intents.GuestKeyRegister || said.Contains("sponsor", StringComparison.OrdinalIgnoreCase)))
        {
            // "I'm part-time staff, can I do it myself?", "so my PI could do it? she's on-quad faculty": the rule, applied to the role named.
            return new(maySponsor ? ConversationTexts.MaySponsor : ConversationTexts.CannotSponsor, Intents.GuestKeySponsor, maySponsor ? Intents.GuestKeySponsor : null);
        }
        if ((ConversationCues.AsksWhoCanSponsor(said) && (aboutGuests || said.Contains("sponsor", StringComparison.OrdinalIgnoreCase)))
            || ((ConversationCues.AsksWhomToAsk(said) || ConversationCues.AsksWhetherTheyCan(said) || ConversationCues.AsksWhetherICan(said)) && topic is Intents.GuestKeySponsor or Intents.GuestKeyRegister))
        {
            // "Who can sponsor me?" is a guest's question (the next step is registering with the key); "who is allowed to
            // sponsor a guest?" a would-be sponsor's.
            return new(ConversationTexts.WhoCanSponsor, Intents.GuestKeySponsor, ConversationCues.AsksAsAGuest(said) ? Intents.GuestKeyRegister : Intents.GuestKeySponsor);
        }
        if ((ConversationCues.AsksAboutTheForm(said) || ConversationCues.AsksWhatTheSponsorDoes(said)) && (topic == Intents.GuestKeySponsor || (ConversationCues.AsksWhatTheSponsorDoes(said) && aboutGuests)))
        {
            // "And what do they need to fill out?" after who may sponsor: the sponsor's form.
            return new(ConversationTexts.SponsorForm, Intents.GuestKeySponsor, Intents.GuestKeySponsor);
        }
        if (ConversationCues.AsksWhichStep(said) && (topic is Intents.ECommonsRegister or Intents.GuestKeyRegister || ConversationCues.MentionsHarvardId(said) || EightDigits().IsMatch(said)))
        {
            // "It's 70000007 - which step do I put it in?": where each detail goes on the Register Now page.
            return new(ConversationTexts.WhichStep, topic == Intents.GuestKeyRegister ? Intents.GuestKeyRegister : Intents.ECommonsRegister);
        }
        if (ConversationCues.AsksWhatIfNoPrompt(said) && topic is Intents.PasswordExpiring or Intents.ChangePassword)
        {
            // "And if it doesn't give me that reset option when I log in?": the way round it.
            return new(ConversationTexts.NoExpiryPrompt, Intents.PasswordExpiring);
        }
        if (ConversationCues.AsksAboutHr(said) && topic == Intents.UpdateProfile)
        {
            return new(ConversationTexts.HrAndTheDirectories, Intents.UpdateProfile);
        }
        if (ConversationCues.ComparesWithECommons(said) && topic != Intents.HarvardKeyHelp && !said.Contains("harvardkey", StringComparison.OrdinalIgnoreCase)
            && !said.Contains("harvard key", StringComparison.OrdinalIgnoreCase)
            && (topic is Intents.HuidLookup or Intents.HuidPinHelp or Intents.ContactOffice || ConversationCues.MentionsHarvardId(said)))
        {
            // "Is that the same as my eCommons login?" about the Harvard ID: not the username, but a way in (HUID and PIN).
            return new(ConversationTexts.HuidIsNotTheLogin, Intents.HuidPinHelp);
        }
        if (ConversationCues.AsksWhoGetsTheKey(said) && (aboutGuests || said.Contains("key", StringComparison.OrdinalIgnoreCase)))
        {
            return new(ConversationTexts.WhoGetsTheKey, Intents.GuestKeySponsor, Intents.GuestKeySponsor);
        }
        return null;
    }

    /// <summary>
    /// A password typed into the chat is already kept out of every store and transcript; the person should know, once per
    /// message. Whether one was typed (read once per message: the rest of the turn uses the answer).
    /// </summary>
    private static async Task<bool> WarnAboutTypedPasswordAsync(ITurnContext context, CancellationToken cancellationToken)
    {
        if (UtteranceOf(context.Activity).Text is not { } text || !TranscriptRedaction.HasTypedPassword(text))
        {
            return false;
        }
        await context.SendActivityAsync(ConversationTexts.TypedPassword, cancellationToken: cancellationToken).ConfigureAwait(false);
        return true;
    }

    private Activity WithPersonButton(string text)
    {
        var message = MessageFactory.Text(text);
        if (_flowByIntent.ContainsKey(Intents.TalkToAgent))
        {
            message.SuggestedActions = new SuggestedActions { Actions = [new CardAction(ActionTypes.ImBack, Title(Intents.TalkToAgent), value: Title(Intents.TalkToAgent))] };
        }
        return message;
    }

    /// <summary>The intent of the flow running inside, if a flow (not MainDialog's own routing) is active.</summary>
    private string? ActiveFlowIntent(DialogContext innerDc) =>
        innerDc.Stack.Select(d => _intentByFlow.GetValueOrDefault(d.Id)).FirstOrDefault(i => i is not null);

    private static JsonObject MainState(WaterfallStepContext step) => step.Parent!.ActiveDialog!.State;

    private static string Title(string intent) => MainTexts.IntentTitles.GetValueOrDefault(intent, intent);

    private static IMessageActivity WelcomeMessage(string text) => WelcomeCard.Build(MainTexts.WelcomeOffers).ToMessage(text);

    /// <summary>What the user said: typed text, or the words behind a welcome-card button. Other card submits are not words.</summary>
    internal static Utterance UtteranceOf(IActivity activity)
    {
        var message = activity.AsMessageActivity();
        if (message?.Value is JObject value)
        {
            if ((string?)value[Camel(nameof(WelcomeCard.Payload.Action))] == WelcomeCard.Payload.ActionName
                && (string?)value[Camel(nameof(WelcomeCard.Payload.Utterance))] is { Length: > 0 } words)
            {
                return new Utterance(words, FromButton: true, UnknownSubmit: false);
            }
            return new Utterance(null, FromButton: true, UnknownSubmit: true);
        }
        var text = message?.Text?.Trim();
        return new Utterance(string.IsNullOrEmpty(text) ? null : text, FromButton: false, UnknownSubmit: false);
    }

    /// <summary>Short messages that can only mean "let me talk to a person".</summary>
    internal static bool AsksForAPerson(string said) =>
        PersonPhrases.Contains(said.Trim().TrimEnd('.', '!', '?').Trim());

    private static readonly HashSet<string> PersonPhrases = new(StringComparer.OrdinalIgnoreCase)
    {
        "agent", "human", "a human", "person", "a person", "real person", "a real person", "representative", "operator",
        "live agent", "service desk", "help desk", "talk to a person", "talk to someone", "speak to someone", "call me",
    };

    private static string Camel(string name) => char.ToLowerInvariant(name[0]) + name[1..];

    internal sealed record Utterance(string? Text, bool FromButton, bool UnknownSubmit);
}
