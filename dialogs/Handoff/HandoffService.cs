using HelpBot.Dialogs.Audit;
using HelpBot.Dialogs.RateLimits;
using HelpBot.Dialogs.Turn;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Connector;
using Microsoft.Bot.Schema;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Newtonsoft.Json;

namespace HelpBot.Dialogs.Handoff;

/// <summary>
/// The user's side of the handoff, inside a turn: escalate (store, audit, desks, the <c>handoff.initiate</c> event),
/// relay the user's words, cancel, leave a call-back number, answer the survey, and apply a hub's <c>handoff.status</c>.
/// </summary>
public sealed partial class HandoffService(
    IEscalationStore store,
    DeskNotifier desks,
    IAuditLog audit,
    HandoffMemory memory,
    TimeProvider time,
    IOptions<HandoffOptions> options,
    IRateLimits limits,
    ILogger<HandoffService> logger)
{
    /// <summary>The agent id recorded when an external hub (not our console) accepted or finished an escalation.</summary>
    public const string ExternalHubAgentId = "handoff-hub";

    /// <summary>The conversation's escalation still open (waiting, with an agent, or out of hours), if any.</summary>
    public Task<Escalation?> LiveEscalationAsync(string conversationId, CancellationToken cancellationToken) =>
        store.FindOpenByConversationAsync(conversationId, cancellationToken);

    /// <summary>The escalation with this ticket number.</summary>
    public Task<Escalation?> EscalationAsync(string ticket, CancellationToken cancellationToken) => store.GetAsync(ticket, cancellationToken);

    /// <summary>Where a waiting ticket is in the queue (1 is next); null when it is not waiting.</summary>
    public Task<int?> QueuePositionAsync(string ticket, CancellationToken cancellationToken) => store.QueuePositionAsync(ticket, cancellationToken);

    public HandoffOptions Options => options.Value;

    public DateTimeOffset Now => time.GetUtcNow();

    /// <summary>
    /// Issue 15, finding 7: counts a new escalation against <see cref="HandoffOptions.MaxNewPerUser"/> (the channel's user)
    /// and <see cref="HandoffOptions.MaxNewPerAddress"/> (where the channel knows the client's address); false, with nothing
    /// counted, an audit entry and a warning, when either has no room left.
    /// </summary>
    public async Task<bool> TryCountNewEscalationAsync(ITurnContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var o = options.Value;
        var activity = context.Activity;
        var counted = new List<RateLimit> { new($"escalation:user:{activity.ChannelId}:{activity.From?.Id}", o.MaxNewPerUser, o.NewEscalationWindow) };
        if (ClientAddress.Of(context) is { } address)
        {
            counted.Add(new RateLimit($"escalation:address:{address}", o.MaxNewPerAddress, o.NewEscalationWindow));
        }
        var now = time.GetUtcNow();
        if (await limits.TryRecordWithinLimitsAsync(counted, now, cancellationToken).ConfigureAwait(false))
        {
            return true;
        }
        LogTooManyEscalations(activity.ChannelId, activity.Conversation?.Id);
        await audit.WriteAsync(new AuditEntry
        {
            At = now,
            Action = "escalation.refused",
            Outcome = "limit",
            Actor = activity.From?.Id,
            Channel = activity.ChannelId,
            ConversationId = activity.Conversation?.Id,
        }, cancellationToken).ConfigureAwait(false);
        return false;
    }

    /// <summary>Creates the escalation from what this conversation knows; Waiting in service hours, OutOfHours outside.</summary>
    public async Task<Escalation> EscalateAsync(ITurnContext context, EscalationReason reason, string intent, HandoffRequest? request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var conversation = await memory.GetAsync(context, cancellationToken).ConfigureAwait(false);
        var noted = HandoffContext.NotedAccount(context);
        var username = request?.Username ?? noted?.Username ?? conversation.Username;
        var sameAccount = string.Equals(username, noted?.Username ?? conversation.Username, StringComparison.OrdinalIgnoreCase);
        var now = time.GetUtcNow();
        var activity = context.Activity;
        var escalation = await store.CreateAsync(new NewEscalation
        {
            Reason = reason,
            Intent = intent,
            Username = username,
            DisplayName = request?.DisplayName ?? (sameAccount ? noted?.DisplayName ?? conversation.DisplayName : null),
            Verified = (request?.Verified ?? false) || (sameAccount && (noted?.Verified ?? conversation.Verified)),
            ChannelId = activity.ChannelId ?? "",
            ConversationId = activity.Conversation?.Id ?? "",
            ConversationReference = JsonConvert.SerializeObject(activity.GetConversationReference()),
            // Recorded redacted as it happened; redacted again in case the rules grew since (H2).
            Transcript = conversation.Recent.Select(m => new TranscriptLine(m.From, DeskRedaction.Redact(m.Text), m.At)).ToList(),
            Status = options.Value.Hours.IsOpen(now) ? EscalationStatus.Waiting : EscalationStatus.OutOfHours,
        }, now, cancellationToken).ConfigureAwait(false);
        if (escalation.IsLive)
        {
            conversation.Ticket = escalation.Ticket;
            conversation.AwaitingCallbackNumber = false;
            conversation.CallbackNumberAttempts = 0;
        }
        await audit.WriteAsync(EscalationAudit.Entry(escalation, EscalationAudit.Created, now, activity.From?.Id, escalation.Status.ToString()), cancellationToken).ConfigureAwait(false);
        await desks.EscalationChangedAsync(escalation, cancellationToken).ConfigureAwait(false);
        return escalation;
    }

    /// <summary>
    /// docs/security.md, H1: announces the handoff to an external agent hub with the Bot Framework <c>handoff.initiate</c>
    /// event, the redacted transcript attached. A channel that refuses event activities (some do) costs nothing: our
    /// own desk already has the escalation.
    /// </summary>
    public async Task SendHandoffInitiationAsync(ITurnContext context, Escalation escalation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(escalation);
        var transcript = new Transcript(escalation.Transcript.Select(line => (Activity)TranscriptActivity(context, line)).ToList());
        var handoffContext = new
        {
            ticket = escalation.Ticket,
            reason = escalation.Reason.ToString(),
            intent = escalation.Intent,
            account = escalation.Username,
            verified = escalation.Verified,
            status = escalation.Status.ToString(),
        };
        var initiate = EventFactory.CreateHandoffInitiation(context, handoffContext, transcript);
        try
        {
            await context.SendActivityAsync(initiate, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is ErrorResponseException or HttpRequestException or NotSupportedException)
        {
            LogInitiateRefused(escalation.Ticket, context.Activity.ChannelId, ex.GetType().Name);
        }
    }

    /// <summary>The user's words (already redacted) go to the transcript and every desk.</summary>
    public async Task<bool> RelayUserMessageAsync(Escalation escalation, string redactedText, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(escalation);
        var line = new TranscriptLine(TranscriptFrom.User, redactedText, time.GetUtcNow());
        if (!await store.AppendLineAsync(escalation.Ticket, line, cancellationToken).ConfigureAwait(false))
        {
            return false;
        }
        var updated = await store.GetAsync(escalation.Ticket, cancellationToken).ConfigureAwait(false) ?? escalation;
        await desks.UserMessageAsync(updated, line, cancellationToken).ConfigureAwait(false);
        return true;
    }

    public async Task UserTypingAsync(Escalation escalation, CancellationToken cancellationToken) =>
        await desks.UserTypingAsync(escalation, cancellationToken).ConfigureAwait(false);

    public async Task<bool> CancelAsync(ITurnContext context, Escalation escalation, string? detail, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!await store.CancelAsync(escalation.Ticket, time.GetUtcNow(), cancellationToken).ConfigureAwait(false))
        {
            return false;
        }
        await ChangedAsync(escalation.Ticket, EscalationAudit.Cancelled, context.Activity.From?.Id, detail, cancellationToken).ConfigureAwait(false);
        return true;
    }

    public async Task<bool> RequestCallbackAsync(ITurnContext context, Escalation escalation, string e164, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!await store.RequestCallbackAsync(escalation.Ticket, e164, cancellationToken).ConfigureAwait(false))
        {
            return false;
        }
        await ChangedAsync(escalation.Ticket, EscalationAudit.CallbackRequested, context.Activity.From?.Id, Messaging.Mask.Phone(e164), cancellationToken).ConfigureAwait(false);
        return true;
    }

    /// <summary>Stores the survey answer and tells the desks (metrics update live).</summary>
    public async Task<bool> RateAsync(string ticket, int score, CancellationToken cancellationToken)
    {
        if (!await store.SetSatisfactionAsync(ticket, score, cancellationToken).ConfigureAwait(false))
        {
            return false;
        }
        if (await store.GetAsync(ticket, cancellationToken).ConfigureAwait(false) is { } rated)
        {
            await desks.EscalationChangedAsync(rated, cancellationToken).ConfigureAwait(false);
        }
        return true;
    }

    /// <summary>
    /// The channels people type into. Anyone can post an event there (Web Chat's Direct Line takes any activity), so a
    /// <c>handoff.status</c> arriving on one of them is the user's own, not a hub's.
    /// </summary>
    public static readonly IReadOnlySet<string> UserChannels = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        Channels.Directline, Channels.Webchat, Channels.Msteams, Channels.Emulator,
    };

    /// <summary>
    /// docs/security.md, H1: a <c>handoff.status</c> event from an external hub. "accepted": the hub took the conversation;
    /// "completed": it is over; "failed": nobody could take it. Anything else, or no live escalation, is ignored; so is
    /// an event on a user's channel (<see cref="UserChannels"/>): only the hub and our own desks change desk state.
    /// Returns what to tell the user, if anything.
    /// </summary>
    public async Task<string?> ApplyHubStatusAsync(ITurnContext context, string? state, string? message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Activity.ChannelId is not { Length: > 0 } channelId || UserChannels.Contains(channelId))
        {
            LogUserStatusIgnored(context.Activity.ChannelId ?? "");
            return null;
        }
        var conversationId = context.Activity.Conversation?.Id;
        if (string.IsNullOrEmpty(conversationId) || await store.FindOpenByConversationAsync(conversationId, cancellationToken).ConfigureAwait(false) is not { } live)
        {
            return null;
        }
        var now = time.GetUtcNow();
        switch (state?.Trim().ToLowerInvariant())
        {
            case "accepted":
                if (await store.TryTakeAsync(live.Ticket, ExternalHubAgentId, HandoffTexts.AgentFallbackName, now, cancellationToken).ConfigureAwait(false))
                {
                    await ChangedAsync(live.Ticket, EscalationAudit.Taken, ExternalHubAgentId, "handoff.status accepted", cancellationToken).ConfigureAwait(false);
                }
                return null;
            case "completed":
                await EndLiveAsync(live, resolve: true, message ?? "handoff.status completed", now, cancellationToken).ConfigureAwait(false);
                await ForgetTicketAsync(context, cancellationToken).ConfigureAwait(false);
                return HandoffTexts.HubCompleted;
            case "failed":
                await EndLiveAsync(live, resolve: false, message ?? "handoff.status failed", now, cancellationToken).ConfigureAwait(false);
                await ForgetTicketAsync(context, cancellationToken).ConfigureAwait(false);
                return HandoffTexts.HubFailed;
            default:
                return null;
        }
    }

    private async Task EndLiveAsync(Escalation live, bool resolve, string note, DateTimeOffset now, CancellationToken cancellationToken)
    {
        // A waiting request that failed is withdrawn; anything taken is closed by whoever holds it.
        if (!resolve && live.Status == EscalationStatus.Waiting && await store.CancelAsync(live.Ticket, now, cancellationToken).ConfigureAwait(false))
        {
            await ChangedAsync(live.Ticket, EscalationAudit.Cancelled, ExternalHubAgentId, note, cancellationToken).ConfigureAwait(false);
            return;
        }
        if (await store.ResolveAsync(live.Ticket, live.AgentId ?? ExternalHubAgentId, note, now, cancellationToken).ConfigureAwait(false))
        {
            await ChangedAsync(live.Ticket, EscalationAudit.Resolved, ExternalHubAgentId, "handoff.status", cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task ForgetTicketAsync(ITurnContext context, CancellationToken cancellationToken) =>
        (await memory.GetAsync(context, cancellationToken).ConfigureAwait(false)).Ticket = null;

    private async Task ChangedAsync(string ticket, string action, string? actor, string? detail, CancellationToken cancellationToken)
    {
        if (await store.GetAsync(ticket, cancellationToken).ConfigureAwait(false) is not { } escalation)
        {
            return;
        }
        await audit.WriteAsync(EscalationAudit.Entry(escalation, action, time.GetUtcNow(), actor, detail), cancellationToken).ConfigureAwait(false);
        await desks.EscalationChangedAsync(escalation, cancellationToken).ConfigureAwait(false);
    }

    private static Activity TranscriptActivity(ITurnContext context, TranscriptLine line)
    {
        var fromUser = line.From == TranscriptFrom.User;
        return new Activity(ActivityTypes.Message)
        {
            Text = line.Text,
            Timestamp = line.At,
            From = fromUser ? context.Activity.From : context.Activity.Recipient,
            Recipient = fromUser ? context.Activity.Recipient : context.Activity.From,
            Conversation = context.Activity.Conversation,
            ChannelId = context.Activity.ChannelId,
        };
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Escalation {Ticket}: channel {ChannelId} did not take the handoff.initiate event ({Error})")]
    private partial void LogInitiateRefused(string ticket, string channelId, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A handoff.status event on the user channel {ChannelId} was ignored: only a hub or the desk changes an escalation")]
    private partial void LogUserStatusIgnored(string channelId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A new escalation on {ChannelId} in conversation {ConversationId} was refused: the user or the address is over Handoff:MaxNewPerUser or Handoff:MaxNewPerAddress")]
    private partial void LogTooManyEscalations(string? channelId, string? conversationId);
}
