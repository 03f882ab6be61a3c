using HelpBot.Dialogs.Audit;
using HelpBot.Dialogs.Conversation;
using HelpBot.Dialogs.Engine;
using HelpBot.Dialogs.Engine.Prompts;
using HelpBot.Dialogs.Handoff;
using HelpBot.Dialogs.Messaging;
using HelpBot.Dialogs.SafeCode;
using HelpBot.Dialogs.Teams;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Connector;
using Microsoft.Bot.Schema;

namespace HelpBot.Dialogs.Accounts;

/// <summary>
/// The shared beginning of every flow that acts on an account: find out which account (from the channel's proven
/// identity in Teams, otherwise by asking), refuse departmental accounts (R9), then verify with a SafeCode. Subclasses
/// add the steps that act, which run only after <see cref="SafeCodeOutcome.Verified"/> (R2, R7). A directory that
/// doesn't answer ends the flow with a kind message (see <see cref="OnContinueDialogAsync"/>).
/// </summary>
public abstract class AccountFlowDialog : FlowDialog
{
    protected const string IdentifierPrompt = "account.identifier";
    private const string ProvenKey = "proven";

    protected AccountFlowDialog(string id, AccountFlowServices services, SafeCodePurpose purpose)
        : base(id)
    {
        Services = services;
        CodePurpose = purpose;
        AddDialog(new TextPrompt(IdentifierPrompt, IdentifierValidatorAsync));
        AddDialog(new SafeCodeDialog(services.SafeCodes));
    }

    protected AccountFlowServices Services { get; }

    /// <summary>What the SafeCode is for (it verifies only for this purpose, S3).</summary>
    protected SafeCodePurpose CodePurpose { get; }

    /// <summary>The steps of this flow: <see cref="IdentifyStepAsync(WaterfallStepContext, CancellationToken)"/>, <see cref="VerifyStepAsync"/>, then the flow's own.</summary>
    protected void AddSteps(params WaterfallStep[] afterVerification)
    {
        AddDialog(new WaterfallDialog(Id + ".steps", [IdentifyStepAsync, VerifyStepAsync, .. afterVerification]));
        InitialDialogId = Id + ".steps";
    }

    protected override Task<DialogTurnResult> OnContinueDialogAsync(DialogContext innerDc, CancellationToken cancellationToken) =>
        WhileTheDirectoryAnswersAsync(innerDc, async () =>
        {
            // "Oops, typo: it's rbrown", "sorry, I meant mlee" before the code is checked: identify again, with that
            // username, the same way as the first time (nothing about either account is said, R1).
            if (BeforeVerification(innerDc) && IdentifierText.Correction(innerDc.Context.Activity.Text) is { } corrected)
            {
                await innerDc.CancelAllDialogsAsync(cancellationToken).ConfigureAwait(false);
                // The whole message, with the username as a request would name it ("it's jsmith. text me", "sorry, I meant
                // jsmith. a text is fine"), so a way to send the code said with it counts too.
                var said = innerDc.Context.Activity.Text;
                var start = IdentifierText.InRequest(said) == corrected ? said : $"username {corrected}. {said}";
                return await innerDc.BeginDialogAsync(Id + ".steps", FlowStart.Of(start), cancellationToken).ConfigureAwait(false);
            }
            return await base.OnContinueDialogAsync(innerDc, cancellationToken).ConfigureAwait(false);
        }, cancellationToken);

    /// <summary>
    /// Whether the flow running in <paramref name="dc"/> (or in a flow inside it) is still finding out which account this
    /// is or verifying it: at the username question or in the SafeCode step, with nothing done yet.
    /// </summary>
    internal static bool IsIdentifying(DialogContext dc)
    {
        for (var current = dc; current?.ActiveDialog is { } active; current = current.Child)
        {
            if (active.Id is IdentifierPrompt or nameof(SafeCodeDialog))
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>Asking for the username or in the SafeCode step, for a user Teams has not proven.</summary>
    private bool BeforeVerification(DialogContext innerDc) =>
        innerDc.Stack.Any(d => d.Id is IdentifierPrompt or nameof(SafeCodeDialog))
        && innerDc.Stack.FirstOrDefault(d => d.Id == Id + ".steps") is { } steps
        && !StateJson.GetBool(steps.State[WaterfallDialog.ValuesKey]?[ProvenKey]);

    protected override Task<DialogTurnResult> OnBeginDialogAsync(DialogContext innerDc, object? options, CancellationToken cancellationToken) =>
        WhileTheDirectoryAnswersAsync(innerDc, () => base.OnBeginDialogAsync(innerDc, options, cancellationToken), cancellationToken);

    /// <summary>
    /// Runs a turn of the flow; if the directory doesn't answer, the user is told kindly and the flow ends. A turn that
    /// waits longer than <see cref="AccountFlowOptions.StillWorkingAfterSeconds"/> (a slow directory; every call has a
    /// budget well inside the reply window) shows the typing indicator and says it is still working, once.
    /// </summary>
    private async Task<DialogTurnResult> WhileTheDirectoryAnswersAsync(DialogContext innerDc, Func<Task<DialogTurnResult>> turn, CancellationToken cancellationToken)
    {
        using var done = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var notice = StillWorkingAsync(innerDc.Context, Services.Options.Value.StillWorkingAfterSeconds, Services.Time, done.Token);
        try
        {
            return await turn().ConfigureAwait(false);
        }
        catch (DirectoryUnavailableException)
        {
            await done.CancelAsync().ConfigureAwait(false);
            await notice.ConfigureAwait(false);
            await innerDc.CancelAllDialogsAsync(cancellationToken).ConfigureAwait(false);
            await innerDc.Context.SendActivityAsync(AccountTexts.DirectoryDown, cancellationToken: cancellationToken).ConfigureAwait(false);
            return new DialogTurnResult(DialogTurnStatus.Cancelled);
        }
        finally
        {
            await done.CancelAsync().ConfigureAwait(false);
            await notice.ConfigureAwait(false);
        }
    }

    private static async Task StillWorkingAsync(ITurnContext context, int afterSeconds, TimeProvider time, CancellationToken cancellationToken)
    {
        if (afterSeconds <= 0)
        {
            return;
        }
        // Almost every turn finishes first: the wait ends without throwing (an exception per account turn costs CPU under load).
        await Task.Delay(TimeSpan.FromSeconds(afterSeconds), time, cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        if (cancellationToken.IsCancellationRequested)
        {
            return;
        }
        try
        {
            await context.SendActivityAsync(new Microsoft.Bot.Schema.Activity(Microsoft.Bot.Schema.ActivityTypes.Typing), cancellationToken).ConfigureAwait(false);
            await context.SendActivityAsync(AccountTexts.StillWorking, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // The turn finished while the notice was going out: nothing more to say.
        }
    }

    /// <summary>Teams proves who the user is (its token carries the Entra object id): no need to ask. Elsewhere, ask.</summary>
    protected Task<DialogTurnResult> IdentifyStepAsync(WaterfallStepContext step, CancellationToken cancellationToken) =>
        IdentifyStepAsync(step, null, cancellationToken);

    /// <summary>
    /// As <see cref="IdentifyStepAsync(WaterfallStepContext, CancellationToken)"/>, for a flow that asked something first:
    /// a username named in that <paramref name="answer"/> ("yes please, I'm tnguyen") counts as one named in the request.
    /// </summary>
    protected async Task<DialogTurnResult> IdentifyStepAsync(WaterfallStepContext step, string? answer, CancellationToken cancellationToken)
    {
        // In a Teams channel or group chat everyone present would see the masked destination, the SafeCode typed in
        // reply and whatever is released after it (R1, R8): account flows run only in a one-to-one chat.
        if (IsSharedTeamsConversation(step.Context.Activity))
        {
            await step.Context.SendActivityAsync(AccountTexts.PrivateChatOnly, cancellationToken: cancellationToken).ConfigureAwait(false);
            return await step.EndDialogAsync(null, cancellationToken).ConfigureAwait(false);
        }
        if (await ProvenAccountAsync(step.Context, cancellationToken).ConfigureAwait(false) is { } proven)
        {
            step.Values.Set(ProvenKey, true);
            return await step.NextAsync(proven.Username, cancellationToken).ConfigureAwait(false);
        }
        // "Locked out, username jsmith": asked and answered in one message.
        if ((IdentifierText.InRequest(step.GetOptions<FlowStart>()?.Utterance) ?? IdentifierText.InRequest(answer)) is { } named)
        {
            ConversationMemory.ForgetNamed(step);
            return await step.NextAsync(named, cancellationToken).ConfigureAwait(false);
        }
        // "Reset my password too", minutes after a SafeCode in this chat: the account just verified.
        if (ConversationMemory.RecentlyVerified(step, Services.Time.GetUtcNow()) is { } recent)
        {
            ConversationMemory.ForgetNamed(step);
            return await step.NextAsync(recent.Username, cancellationToken).ConfigureAwait(false);
        }
        // "username jsmith password …" a message ago, then "ok just text me a code to unlock it": the username they named.
        if (ConversationMemory.TakeNamed(step, Services.Time.GetUtcNow()) is { } namedBefore)
        {
            return await step.NextAsync(namedBefore, cancellationToken).ConfigureAwait(false);
        }
        return await step.PromptAsync(IdentifierPrompt, new HelpBotPromptOptions
        {
            Prompt = MessageFactory.Text(AccountTexts.AskIdentifier),
            RetryPrompt = MessageFactory.Text(AccountTexts.IdentifierRetry),
            Help = AccountTexts.IdentifierHelp,
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Departmental accounts go to a person (R9); everyone else gets a SafeCode.</summary>
    protected async Task<DialogTurnResult> VerifyStepAsync(WaterfallStepContext step, CancellationToken cancellationToken)
    {
        if (step.Result is PromptAttemptsExhausted)
        {
            return await step.EndDialogAsync(step.Result, cancellationToken).ConfigureAwait(false);
        }
        var identifier = IdentifierText.Find((string)step.Result!) ?? ((string)step.Result!).Trim();
        var account = await Services.Directory.FindAsync(identifier, cancellationToken).ConfigureAwait(false);
        if (account is { IsDepartmental: true })
        {
            await AuditAsync(step.Context, "selfservice.refused", "departmental", account.Username, cancellationToken).ConfigureAwait(false);
            await step.Context.SendActivityAsync(AccountTexts.Departmental, cancellationToken: cancellationToken).ConfigureAwait(false);
            return await step.EndDialogAsync(new NeedsPerson(EscalationReason.DepartmentalAccount, account.Username, account.DisplayName), cancellationToken).ConfigureAwait(false);
        }
        if (account is not null)
        {
            // For a person brought in later: which account this is about, not yet verified. The user sees nothing (R1).
            HandoffContext.NoteAccount(step.Context, account.Username, account.DisplayName, verified: false);
        }
        var proven = StateJson.GetBool(step.Values[ProvenKey]) && account is not null
            ? new ProvenAccount(account.Username, account.TextPhone is { } p ? Mask.Phone(p) : null, account.AlternateEmail is { } e ? Mask.Email(e) : null)
            : null;
        // Where Teams has proven who this is, a flow the account can't use says so before any code is sent (their own
        // record, told to them alone: nothing is enumerated, R1).
        if (proven is not null && AnsweredBeforeVerification(account!) is { } refusal)
        {
            await AuditAsync(step.Context, "selfservice.answered", "before verification", account!.Username, cancellationToken).ConfigureAwait(false);
            var answer = MessageFactory.Text(refusal);
            var next = NextAfterAnswer(account);
            if (next is not null && MainTexts.IntentTitles.TryGetValue(next, out var title))
            {
                // The likely next step as a button ("Change my password"), and remembered for "can I change it now then?".
                answer.SuggestedActions = new SuggestedActions { Actions = [new CardAction(ActionTypes.ImBack, title, value: title)] };
            }
            await step.Context.SendActivityAsync(answer, cancellationToken).ConfigureAwait(false);
            return await step.EndDialogAsync(next is null ? null : new SuggestsNext(next), cancellationToken).ConfigureAwait(false);
        }
        // One SafeCode serves several tasks for the same account in the same conversation, for a few minutes; issuing a
        // guest key always takes a code of its own (docs/security.md, S3).
        if (account is not null && CodePurpose != SafeCodePurpose.GuestKeySponsor && ConversationMemory.RecentlyVerified(step, Services.Time.GetUtcNow()) is { } recent
            && string.Equals(recent.Username, account.Username, StringComparison.OrdinalIgnoreCase))
        {
            await AuditAsync(step.Context, "safecode.reused", "success", account.Username, cancellationToken).ConfigureAwait(false);
            await step.Context.SendActivityAsync(AccountTexts.AlreadyVerified(account.Username), cancellationToken: cancellationToken).ConfigureAwait(false);
            var channelUsed = recent.Channel is { } c && Enum.TryParse<MessageChannel>(c, out var parsed) ? parsed : (MessageChannel?)null;
            return await step.NextAsync(new SafeCodeResult(SafeCodeOutcome.Verified, account.Username, channelUsed), cancellationToken).ConfigureAwait(false);
        }
        // "Can you text me a code": the channel the request named, where the account has one.
        var said = step.GetOptions<FlowStart>()?.Utterance;
        // … or in the answer to the username question ("username jsmith, send a text").
        var channel = SafeCodeDialog.ChannelIn(said) ?? SafeCodeDialog.ChannelIn(step.Context.Activity.Value is null ? step.Context.Activity.Text : null);
        // "Whatever contact you have for me is fine": where Teams has proven who this is, the first way on file.
        if (channel is null && proven is not null && SafeCodeDialog.LeavesChannelToUs(said))
        {
            channel = proven.MaskedPhone is not null ? SafeCodeDialog.TextValue : proven.MaskedEmail is not null ? SafeCodeDialog.EmailValue : null;
        }
        if (proven is not null && ((channel == SafeCodeDialog.TextValue && proven.MaskedPhone is null) || (channel == SafeCodeDialog.EmailValue && proven.MaskedEmail is null)))
        {
            channel = null;
        }
        return await step.BeginDialogAsync(nameof(SafeCodeDialog), new SafeCodeDialogOptions(identifier, CodePurpose, proven) { Channel = channel }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// For a proven (Teams) account: what ends this flow before a SafeCode is sent (why the account can't use it, or that
    /// there is nothing to do); null to go on.
    /// </summary>
    protected virtual string? AnsweredBeforeVerification(Account account) => null;

    /// <summary>After <see cref="AnsweredBeforeVerification"/>: the intent the person most likely wants next, or null.</summary>
    protected virtual string? NextAfterAnswer(Account account) => null;

    /// <summary>
    /// For the first step after verification: the verified account, or null when verification did not succeed (the
    /// user has then been told why and offered the Service Desk, and the flow should end with <see cref="EndNotVerifiedAsync"/>).
    /// </summary>
    protected async Task<Account?> VerifiedAccountAsync(WaterfallStepContext step, CancellationToken cancellationToken)
    {
        if (step.Result is not SafeCodeResult { Outcome: SafeCodeOutcome.Verified, Username: { } username })
        {
            var message = step.Result switch
            {
                SafeCodeResult { Outcome: SafeCodeOutcome.NoDestination } => SafeCodeDialogTexts.NoDestination,
                // Blocked and throttled were explained by the SafeCode step; for answers the prompt could not read, the
                // main dialog offers a person (EndNotVerifiedAsync).
                _ => null,
            };
            if (message is not null)
            {
                await step.Context.SendActivityAsync(message, cancellationToken: cancellationToken).ConfigureAwait(false);
            }
            return null;
        }
        var verified = await Services.Directory.FindAsync(username, cancellationToken).ConfigureAwait(false);
        if (verified is not null)
        {
            HandoffContext.NoteAccount(step.Context, verified.Username, verified.DisplayName, verified: true);
            ConversationMemory.RememberVerified(step, verified.Username, Services.Time.GetUtcNow(), (step.Result as SafeCodeResult)?.Channel?.ToString());
        }
        return verified;
    }

    /// <summary>
    /// Ends the flow after <see cref="VerifiedAccountAsync"/> found no verified account. At a dead end a person can get
    /// past (blocked, or no way to send a code: they verify the user another way) the flow ends needing a person.
    /// </summary>
    protected static Task<DialogTurnResult> EndNotVerifiedAsync(WaterfallStepContext step, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(step);
        NeedsPerson? deadEnd = step.Result switch
        {
            SafeCodeResult { Outcome: SafeCodeOutcome.Blocked } => new NeedsPerson(EscalationReason.SafeCodeBlocked),
            SafeCodeResult { Outcome: SafeCodeOutcome.NoDestination } => new NeedsPerson(EscalationReason.NoContactMethod),
            _ => null,
        };
        if (deadEnd is null && step.Result is SafeCodeResult { Outcome: SafeCodeOutcome.GaveUp } or PromptAttemptsExhausted)
        {
            return step.EndDialogAsync(step.Result as PromptAttemptsExhausted ?? new PromptAttemptsExhausted(nameof(SafeCodeDialog)), cancellationToken);
        }
        return step.EndDialogAsync(deadEnd, cancellationToken);
    }

    protected Task AuditAsync(ITurnContext context, string action, string outcome, string? account, CancellationToken cancellationToken, string? detail = null) =>
        Services.Audit.WriteAsync(new AuditEntry
        {
            At = Services.Time.GetUtcNow(),
            Action = action,
            Outcome = outcome,
            Account = account,
            Actor = context.Activity.From?.Id,
            Channel = context.Activity.ChannelId,
            ConversationId = context.Activity.Conversation?.Id,
            Detail = detail ?? CodePurpose.ToString(),
        }, cancellationToken);

    /// <summary>A Teams conversation others can read: a team channel or a group chat (a one-to-one chat is "personal").</summary>
    internal static bool IsSharedTeamsConversation(Microsoft.Bot.Schema.IActivity activity) =>
        activity.ChannelId == Channels.Msteams && activity.Conversation?.ConversationType is "channel" or "groupChat";

    /// <summary>The account of a user whose identity the channel proved: Teams, by Entra object id or UPN (<see cref="TeamsIdentity"/>).</summary>
    protected async Task<Account?> ProvenAccountAsync(ITurnContext context, CancellationToken cancellationToken)
    {
        if (await TeamsIdentity.ResolveAsync(context, cancellationToken, needUserPrincipalName: !Services.Directory.MatchesTeamsObjectId).ConfigureAwait(false) is not { } user)
        {
            return null;
        }
        var account = await Services.Directory.FindByTeamsIdentityAsync(user.AadObjectId, user.UserPrincipalName, cancellationToken).ConfigureAwait(false);
        return account is { IsDepartmental: false } ? account : null;
    }

    private static async Task<bool> IdentifierValidatorAsync(PromptValidatorContext<string> prompt, CancellationToken cancellationToken)
    {
        if (prompt.Recognized.Succeeded && IdentifierText.SaysUnknown(prompt.Recognized.Value))
        {
            // "I don't know it, that's the problem": what works instead, and who can find it.
            await prompt.Context.SendActivityAsync(AccountTexts.ForgotUsername, cancellationToken: cancellationToken).ConfigureAwait(false);
            return false;
        }
        // A username or an e-mail address, alone or in a sentence ("it's jdoe", "my username is jdoe").
        return prompt.Recognized.Succeeded && IdentifierText.Find(prompt.Recognized.Value) is not null;
    }
}
