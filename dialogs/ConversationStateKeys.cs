namespace HelpBot.Dialogs;

/// <summary>Names of the properties HelpBot keeps in ConversationState.</summary>
public static class ConversationStateKeys
{
    /// <summary>The waterfall engine's dialog stack (plain JSON).</summary>
    public const string DialogStack = "DialogStack";

    /// <summary>Whether the welcome card (what HelpBot can do) has been shown in this conversation.</summary>
    public const string Welcomed = "Welcomed";

    /// <summary>The turn-state key under which the handler tells MainDialog (and hears back) whether the welcome card is on screen.</summary>
    public const string WelcomedThisConversation = "HelpBot.Welcomed";

    /// <summary>The turn-state key for the line naming the office that can also tell a Teams user their Harvard ID, said after where the number is.</summary>
    public const string HuidOfficeLine = "HelpBot.HuidOffice";
}
