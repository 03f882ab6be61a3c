namespace HelpBot.Dialogs.Handoff;

/// <summary>
/// The escalations, durably (LiteDB by default: <c>HelpBot.Bot.Handoff.LiteDbEscalationStore</c>). Every state change
/// is a compare-and-set: it happens only from the states named, and returns false otherwise (a refused or lost race).
/// Nothing here notifies anyone or writes the audit log: <see cref="AgentDesk"/> and the handoff dialog do that.
/// </summary>
public interface IEscalationStore
{
    /// <summary>Stores a new escalation with the next ticket number ("HD-000001", "HD-000002" …).</summary>
    Task<Escalation> CreateAsync(NewEscalation request, DateTimeOffset now, CancellationToken cancellationToken = default);

    Task<Escalation?> GetAsync(string ticket, CancellationToken cancellationToken = default);

    /// <summary>The live escalation (waiting or taken) of a conversation, if any: while there is one the bot relays.</summary>
    Task<Escalation?> FindOpenByConversationAsync(string conversationId, CancellationToken cancellationToken = default);

    /// <summary>Everything a person still has to act on (<see cref="Escalation.IsOpen"/>), oldest first: the queue order.</summary>
    Task<IReadOnlyList<Escalation>> ListOpenAsync(CancellationToken cancellationToken = default);

    /// <summary>1 for the oldest waiting escalation, 2 for the next …; null when the ticket is not waiting.</summary>
    Task<int?> QueuePositionAsync(string ticket, CancellationToken cancellationToken = default);

    /// <summary>
    /// Claims a waiting (or call-back / out-of-hours) escalation for an agent. Atomic: when agents race for one ticket,
    /// exactly one gets true.
    /// </summary>
    Task<bool> TryTakeAsync(string ticket, string agentId, string agentName, DateTimeOffset now, CancellationToken cancellationToken = default);

    /// <summary>Hands a taken escalation from <paramref name="fromAgentId"/> (who must hold it) to another agent.</summary>
    Task<bool> TransferAsync(string ticket, string fromAgentId, string toAgentId, string toAgentName, CancellationToken cancellationToken = default);

    /// <summary>Adds a line (already redacted) to the transcript of an escalation that is not final.</summary>
    Task<bool> AppendLineAsync(string ticket, TranscriptLine line, CancellationToken cancellationToken = default);

    /// <summary>Resolves an open escalation; when taken, only by the agent holding it.</summary>
    Task<bool> ResolveAsync(string ticket, string agentId, string? note, DateTimeOffset now, CancellationToken cancellationToken = default);

    /// <summary>The user (or an external hub) withdrew the request: only while it is not taken nor final.</summary>
    Task<bool> CancelAsync(string ticket, DateTimeOffset now, CancellationToken cancellationToken = default);

    /// <summary>A waiting (or out-of-hours) escalation becomes a call-back request to <paramref name="number"/> (E.164).</summary>
    Task<bool> RequestCallbackAsync(string ticket, string number, CancellationToken cancellationToken = default);

    /// <summary>Stores the survey answer (1–5) of a resolved escalation, once.</summary>
    Task<bool> SetSatisfactionAsync(string ticket, int score, CancellationToken cancellationToken = default);

    /// <summary>Every escalation created at or after <paramref name="since"/>, oldest first (for desk metrics).</summary>
    Task<IReadOnlyList<Escalation>> ListSinceAsync(DateTimeOffset since, CancellationToken cancellationToken = default);
}
