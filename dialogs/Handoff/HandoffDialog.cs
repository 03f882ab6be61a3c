using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using HelpBot.Dialogs.Accounts;
using HelpBot.Dialogs.Engine;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Schema;

namespace HelpBot.Dialogs.Handoff;

/// <summary>
/// Brings in a person: records the escalation (with the redacted recent conversation, the account and whether it was
/// verified), announces it to external hubs (<c>handoff.initiate</c>), and tells the user their ticket and place in the
/// queue, or, outside service hours, when someone will follow up. The dialog ends at once: from then on the
/// conversation is with the desk and <see cref="HandoffGate"/> relays it, until the desk resolves it.
/// Started by MainDialog for <c>talk_to_agent</c> and <c>departmental_account</c>, after three misunderstood messages,
/// and when a flow ends at a dead end with a <see cref="NeedsPerson"/> result.
/// </summary>
public sealed partial class HandoffDialog : FlowDialog
{
    public const string TalkToAgentId = nameof(HandoffDialog);
    public const string DepartmentalId = nameof(HandoffDialog) + ".departmental";

    private readonly string _intent;
    private readonly EscalationReason _reason;
    private readonly HandoffService _handoff;
    private readonly IAccountDirectory? _directory;

    /// <param name="directory">Where a departmental account named in the first message is looked up, so the agent sees it.</param>
    public HandoffDialog(string id, string intent, EscalationReason reason, HandoffService handoff, IAccountDirectory? directory = null)
        : base(id)
    {
        _intent = intent;
        _reason = reason;
        _handoff = handoff;
        _directory = directory;
        AddDialog(new WaterfallDialog(id + ".steps", [EscalateStepAsync]));
        InitialDialogId = id + ".steps";
    }

    protected override string Purpose => HandoffTexts.Purpose;

    private async Task<DialogTurnResult> EscalateStepAsync(WaterfallStepContext step, CancellationToken cancellationToken)
    {
        var context = step.Context;
        // Started with a HandoffRequest (a flow's dead end, or the misunderstood offer), or by MainDialog's FlowStart.
        var request = step.Options is JsonObject o && o.ContainsKey("reason") ? step.GetOptions<HandoffRequest>() : null;
        // In a Teams channel or group chat everything typed would be relayed to the desk, whoever typed it: a person
        // is brought in only in a one-to-one chat.
        if (Accounts.AccountFlowDialog.IsSharedTeamsConversation(context.Activity))
        {
            await context.SendActivityAsync(HandoffTexts.PrivateChatOnly, cancellationToken: cancellationToken).ConfigureAwait(false);
            return await step.EndDialogAsync(null, cancellationToken).ConfigureAwait(false);
        }
        var conversationId = context.Activity.Conversation?.Id ?? "";
        if (await _handoff.LiveEscalationAsync(conversationId, cancellationToken).ConfigureAwait(false) is { } live)
        {
            var position = await _handoff.QueuePositionAsync(live.Ticket, cancellationToken).ConfigureAwait(false);
            await context.SendActivityAsync(HandoffTexts.AlreadyWaiting(live.Ticket, position), cancellationToken: cancellationToken).ConfigureAwait(false);
            return await step.EndDialogAsync(null, cancellationToken).ConfigureAwait(false);
        }

        if (!await _handoff.TryCountNewEscalationAsync(context, cancellationToken).ConfigureAwait(false))
        {
            await context.SendActivityAsync(HandoffTexts.TooManyRequests, cancellationToken: cancellationToken).ConfigureAwait(false);
            return await step.EndDialogAsync(null, cancellationToken).ConfigureAwait(false);
        }
        var reason = request?.Reason ?? _reason;
        if (request is null && reason == EscalationReason.DepartmentalAccount)
        {
            // "The radiology mailbox is locked": why a person, and not the chat, does this (R9).
            await context.SendActivityAsync(HandoffTexts.DepartmentalHandoff, cancellationToken: cancellationToken).ConfigureAwait(false);
            if (await NamedDepartmentalAccountAsync(step.Options, cancellationToken).ConfigureAwait(false) is { } named)
            {
                // The agent sees which account, marked not verified; the user is told nothing more (R1).
                request = new HandoffRequest(reason, named.Username, named.DisplayName, Verified: false);
            }
        }
        var escalation = await _handoff.EscalateAsync(context, reason, request?.Intent ?? _intent, request, cancellationToken).ConfigureAwait(false);
        if (escalation.Status == EscalationStatus.OutOfHours)
        {
            var hours = _handoff.Options.Hours;
            var opening = hours.NextOpening(_handoff.Now) is { } next ? hours.Describe(next, _handoff.Now) : HandoffTexts.SoonOpening;
            await context.SendActivityAsync(HandoffTexts.OutOfHours(escalation.Ticket, opening), cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        else
        {
            var position = await _handoff.QueuePositionAsync(escalation.Ticket, cancellationToken).ConfigureAwait(false) ?? 1;
            var told = MessageFactory.SuggestedActions([HandoffTexts.CancelChoice, HandoffTexts.CallbackChoice], HandoffTexts.Queued(escalation.Ticket, position), null, InputHints.AcceptingInput);
            await context.SendActivityAsync(told, cancellationToken).ConfigureAwait(false);
        }
        await _handoff.SendHandoffInitiationAsync(context, escalation, cancellationToken).ConfigureAwait(false);
        return await step.EndDialogAsync(escalation.Ticket, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// "Our lab's shared account radiology is locked": the departmental account the message names, if one of its words
    /// is one. Only a departmental account counts, and only the first few words that could be a username are looked up.
    /// </summary>
    private async Task<Account?> NamedDepartmentalAccountAsync(object? options, CancellationToken cancellationToken)
    {
        if (_directory is null || (options as JsonObject)?["utterance"]?.GetValue<string>() is not { } said)
        {
            return null;
        }
        foreach (var word in UsernameLike().Matches(said.ToLowerInvariant()).Select(m => m.Value).Distinct(StringComparer.Ordinal).Take(12))
        {
            if (await _directory.FindAsync(word, cancellationToken).ConfigureAwait(false) is { IsDepartmental: true } account)
            {
                return account;
            }
        }
        return null;
    }

    [GeneratedRegex(@"\b[a-z][a-z0-9._-]{2,19}\b")]
    private static partial Regex UsernameLike();
}
