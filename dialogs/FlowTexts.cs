namespace HelpBot.Dialogs;

/// <summary>What every flow says when interrupted.</summary>
public static class FlowTexts
{
    public const string ServiceDesk = "the HMS IT Service Desk at 617-432-2000";

    public const string Cancelled = "OK, I've stopped that. Nothing was changed. What else can I help you with?";

    public const string StartingOver = "Sure, let's start over.";

    public const string StartingOverFresh = "Sure, let's start over. What do you need help with? Tell me in a few words, or say \"talk to a person\" to reach the HMS IT Service Desk (617-432-2000).";

    public static string GenericHelp(string purpose) =>
        $"Right now I'm helping you {purpose}. Answer the question below, or say \"cancel\" to stop, \"start over\" to begin again, or \"talk to a person\" to reach {ServiceDesk}.";
}
