namespace HelpBot.Dialogs;

/// <summary>Names of the properties HelpBot keeps in ConversationState.</summary>
public static class ConversationStateKeys
{
    /// <summary>The waterfall engine's dialog stack (plain JSON).</summary>
    public const string DialogStack = "DialogStack";
}
