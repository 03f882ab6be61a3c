using HelpBot.Dialogs.Audit;

namespace HelpBot.Dialogs.Handoff;

/// <summary>
/// What an agent does to an escalation, from any desk (the console at /agent, a Teams card): each action changes the
/// store (compare-and-set), writes the audit log (C5), tells every desk (<see cref="DeskNotifier"/>) and tells the user
/// (<see cref="IAgentRelay"/>). Each returns false when refused: unknown ticket, lost race, not this agent's ticket.
/// </summary>
public sealed class AgentDesk(IEscalationStore store, IAgentRelay relay, DeskNotifier desks, IAuditLog audit, TimeProvider time)
{
    /// <summary>Claims the ticket; when agents race, exactly one gets true and the user is told who joined.</summary>
    public async Task<bool> TakeAsync(string ticket, string agentId, string agentName, CancellationToken cancellationToken = default)
    {
        if (!await store.TryTakeAsync(ticket, agentId, agentName, time.GetUtcNow(), cancellationToken).ConfigureAwait(false))
        {
            return false;
        }
        var escalation = await ChangedAsync(ticket, EscalationAudit.Taken, agentId, null, cancellationToken).ConfigureAwait(false);
        if (escalation?.IsLive == true)
        {
            await relay.NotifyTakenAsync(ticket, cancellationToken).ConfigureAwait(false);
        }
        return true;
    }

    /// <summary>Hands the ticket to another agent; the user is told who they are now talking to.</summary>
    public async Task<bool> TransferAsync(string ticket, string fromAgentId, string toAgentId, string toAgentName, CancellationToken cancellationToken = default)
    {
        if (!await store.TransferAsync(ticket, fromAgentId, toAgentId, toAgentName, cancellationToken).ConfigureAwait(false))
        {
            return false;
        }
        await ChangedAsync(ticket, EscalationAudit.Transferred, fromAgentId, $"to {toAgentId}", cancellationToken).ConfigureAwait(false);
        await relay.NotifyTakenAsync(ticket, cancellationToken).ConfigureAwait(false);
        return true;
    }

    /// <summary>The agent holding the ticket writes to the user.</summary>
    public async Task<bool> SendAsync(string ticket, string agentId, string text, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(text) || await HeldByAsync(ticket, agentId, cancellationToken).ConfigureAwait(false) is not { } escalation)
        {
            return false;
        }
        return await relay.SendToUserAsync(ticket, escalation.AgentName ?? HandoffTexts.AgentFallbackName, text, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The agent holding the ticket is typing.</summary>
    public async Task<bool> TypingAsync(string ticket, string agentId, CancellationToken cancellationToken = default) =>
        await HeldByAsync(ticket, agentId, cancellationToken).ConfigureAwait(false) is not null
        && await relay.SendTypingAsync(ticket, cancellationToken).ConfigureAwait(false);

    /// <summary>Ends the escalation with a note; a user still in the conversation gets the survey and is back with the bot.</summary>
    public async Task<bool> ResolveAsync(string ticket, string agentId, string? note, CancellationToken cancellationToken = default)
    {
        var before = await store.GetAsync(ticket, cancellationToken).ConfigureAwait(false);
        if (!await store.ResolveAsync(ticket, agentId, note, time.GetUtcNow(), cancellationToken).ConfigureAwait(false))
        {
            return false;
        }
        await ChangedAsync(ticket, EscalationAudit.Resolved, agentId, null, cancellationToken).ConfigureAwait(false);
        if (before?.IsLive == true)
        {
            await relay.NotifyResolvedAsync(ticket, cancellationToken).ConfigureAwait(false);
        }
        return true;
    }

    private async Task<Escalation?> HeldByAsync(string ticket, string agentId, CancellationToken cancellationToken) =>
        await store.GetAsync(ticket, cancellationToken).ConfigureAwait(false) is { Status: EscalationStatus.Taken } e && e.AgentId == agentId ? e : null;

    private async Task<Escalation?> ChangedAsync(string ticket, string action, string agentId, string? detail, CancellationToken cancellationToken)
    {
        var escalation = await store.GetAsync(ticket, cancellationToken).ConfigureAwait(false);
        if (escalation is null)
        {
            return null;
        }
        await audit.WriteAsync(EscalationAudit.Entry(escalation, action, time.GetUtcNow(), actor: agentId, detail), cancellationToken).ConfigureAwait(false);
        await desks.EscalationChangedAsync(escalation, cancellationToken).ConfigureAwait(false);
        return escalation;
    }
}

/// <summary>The audit entries of the handoff (C5): who, which ticket, never a word of the conversation.</summary>
public static class EscalationAudit
{
    public const string Created = "escalation.created";
    public const string Taken = "escalation.taken";
    public const string Transferred = "escalation.transferred";
    public const string Resolved = "escalation.resolved";
    public const string Cancelled = "escalation.cancelled";
    public const string CallbackRequested = "escalation.callback_requested";

    public static AuditEntry Entry(Escalation escalation, string action, DateTimeOffset at, string? actor, string? detail = null)
    {
        ArgumentNullException.ThrowIfNull(escalation);
        return new AuditEntry
        {
            At = at,
            Action = action,
            Outcome = "success",
            Account = escalation.Username,
            Actor = actor,
            Channel = escalation.ChannelId,
            ConversationId = escalation.ConversationId,
            Detail = detail is null ? $"{escalation.Ticket} {escalation.Reason}" : $"{escalation.Ticket} {escalation.Reason} {detail}",
        };
    }
}
