namespace HelpBot.Dialogs.Handoff;

/// <summary>Why a conversation went to a person. The desk's metrics count escalations by reason.</summary>
public enum EscalationReason
{
    /// <summary>The user asked for a person ("talk to a person").</summary>
    UserAsked,

    /// <summary>Three messages in a row the bot did not understand.</summary>
    Misunderstood,

    /// <summary>A departmental (shared) account: never self-service (docs/security.md, R9).</summary>
    DepartmentalAccount,

    /// <summary>Self-service paused for 24 hours after repeated wrong SafeCodes (S6).</summary>
    SafeCodeBlocked,

    /// <summary>No text phone or alternate email on file, so no SafeCode can be sent.</summary>
    NoContactMethod,

    /// <summary>Registration that needs a Social Security number, which the bot never takes.</summary>
    NeedsSsn,

    Other,
}

/// <summary>
/// Where an escalation is. <see cref="Waiting"/> and <see cref="Taken"/> are <em>live</em>: the user's conversation is
/// with the desk (the bot relays, it does not interpret). <see cref="CallbackRequested"/> and <see cref="OutOfHours"/>
/// still need a person (a call back, a follow-up) but the user is back with the bot. <see cref="Resolved"/> and
/// <see cref="Cancelled"/> are final.
/// </summary>
public enum EscalationStatus
{
    Waiting,
    Taken,
    Resolved,
    Cancelled,
    CallbackRequested,
    OutOfHours,
}

/// <summary>Who said a transcript line.</summary>
public enum TranscriptFrom
{
    User,
    Bot,
    Agent,
    System,
}

/// <summary>One line of an escalation's transcript. Always redacted before it is stored (docs/security.md, H2).</summary>
public sealed record TranscriptLine(TranscriptFrom From, string Text, DateTimeOffset At);

/// <summary>
/// One request for a person: what the agent sees (context and the redacted transcript) and where it is in the desk's
/// workflow. Immutable: the store returns a new copy after every change, with a higher <see cref="Version"/>.
/// </summary>
public sealed record Escalation
{
    /// <summary>"HD-000123": sequential, told to the user.</summary>
    public required string Ticket { get; init; }

    public required EscalationReason Reason { get; init; }

    /// <summary>The intent (flow) the user was in when escalated, e.g. <c>talk_to_agent</c>, <c>unlock_account</c>.</summary>
    public required string Intent { get; init; }

    /// <summary>The account concerned, when the flow learned it (a username, never a HUID).</summary>
    public string? Username { get; init; }

    public string? DisplayName { get; init; }

    /// <summary>Whether this conversation passed a SafeCode for <see cref="Username"/> (the agent may trust the identity).</summary>
    public bool Verified { get; init; }

    /// <summary>The user's channel: <c>msteams</c>, <c>directline</c>, <c>webchat</c> …</summary>
    public required string ChannelId { get; init; }

    public required string ConversationId { get; init; }

    /// <summary>The Bot Framework <c>ConversationReference</c> as JSON (Newtonsoft), to reach the user proactively.</summary>
    public required string ConversationReference { get; init; }

    /// <summary>Oldest first; redacted.</summary>
    public IReadOnlyList<TranscriptLine> Transcript { get; init; } = [];

    public EscalationStatus Status { get; init; }

    public string? AgentId { get; init; }

    public string? AgentName { get; init; }

    /// <summary>The number the user asked to be called back on (E.164, e.g. +16175550101). Shown to agents; to anyone else masked.</summary>
    public string? CallbackNumber { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset? TakenAt { get; init; }

    /// <summary>When it reached a final state (resolved or cancelled).</summary>
    public DateTimeOffset? ResolvedAt { get; init; }

    public string? ResolutionNote { get; init; }

    /// <summary>The user's answer to the survey after resolution: 1 (poor) to 5 (great).</summary>
    public int? Satisfaction { get; init; }

    /// <summary>Incremented by every change: a client can tell a stale copy (an optimistic ETag).</summary>
    public int Version { get; init; }

    /// <summary>The conversation is with the desk: the bot relays the user's words instead of answering them.</summary>
    public bool IsLive => Status is EscalationStatus.Waiting or EscalationStatus.Taken;

    /// <summary>A person still has to act (take it, call back, follow up).</summary>
    public bool IsOpen => Status is not (EscalationStatus.Resolved or EscalationStatus.Cancelled);
}

/// <summary>What the bot knows when it escalates; the store assigns the ticket, the time and the version.</summary>
public sealed record NewEscalation
{
    public required EscalationReason Reason { get; init; }

    public required string Intent { get; init; }

    public string? Username { get; init; }

    public string? DisplayName { get; init; }

    public bool Verified { get; init; }

    public required string ChannelId { get; init; }

    public required string ConversationId { get; init; }

    public required string ConversationReference { get; init; }

    /// <summary>Already redacted.</summary>
    public IReadOnlyList<TranscriptLine> Transcript { get; init; } = [];

    /// <summary><see cref="EscalationStatus.Waiting"/> in service hours, <see cref="EscalationStatus.OutOfHours"/> outside them.</summary>
    public EscalationStatus Status { get; init; } = EscalationStatus.Waiting;
}
