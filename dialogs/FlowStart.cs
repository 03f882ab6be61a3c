namespace HelpBot.Dialogs;

/// <summary>How MainDialog starts every flow: with the words that led to it, so a flow can skip questions already answered.</summary>
public sealed record FlowStart(string? Utterance);

/// <summary>A flow MainDialog starts for an intent. Registered in DI; a later flow replaces the intent's knowledge answer.</summary>
public sealed record FlowRoute(string Intent, Engine.Dialog Dialog);
