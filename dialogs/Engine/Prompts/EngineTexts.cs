namespace HelpBot.Dialogs.Engine.Prompts;

/// <summary>The few words the engine itself says.</summary>
public static class EngineTexts
{
    public const string StaleButton = "That button belongs to an earlier question, so I didn't act on it. Here's where we are now:";
    public const string Yes = "Yes";
    public const string No = "No";
}
