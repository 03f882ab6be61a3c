namespace HelpBot.Dialogs;

/// <summary>How MainDialog starts every flow: with the words that led to it, so a flow can skip questions already answered.</summary>
/// <remarks>
/// The words are kept in the conversation state while the flow runs, so they are redacted as the desk's copy is
/// (<see cref="Handoff.DeskRedaction"/>): a flow reads them for what was asked, never for a secret. Build with <see cref="Of"/>.
/// </remarks>
public sealed record FlowStart(string? Utterance)
{
    public static FlowStart Of(string? utterance) => new(utterance is null ? null : Handoff.DeskRedaction.Redact(utterance));
}

/// <summary>A flow MainDialog starts for an intent. Registered in DI; a later flow replaces the intent's knowledge answer.</summary>
public sealed record FlowRoute(string Intent, Engine.Dialog Dialog);

/// <summary>A flow's result when it ended by answering, and the person's likely next step is another topic (for follow-ups).</summary>
public sealed record SuggestsNext(string Intent);
