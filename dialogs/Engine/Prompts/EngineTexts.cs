namespace HelpBot.Dialogs.Engine.Prompts;

/// <summary>The few words the engine itself says.</summary>
public static class EngineTexts
{
    public const string StaleButton = "That button belongs to an earlier question, so I didn't act on it. Here's where we are now:";
    public const string Yes = "Yes";
    public const string No = "No";
    public const string NotCaught = "Sorry, I didn't catch that.";
    public const string StillNotCaught = "I'm still not sure what you mean. Let me ask again:";
    public const string TapOrTypeChoice = "Sorry, I didn't catch that. Tap one of the buttons, or type one of these:";
    public const string TypeNumberChoice = "I'm still not sure which one you mean. You can also type its number:";
    public const string YesOrNo = "Sorry, I didn't catch that. Tap Yes or No, or just type yes or no.";
    public const string JustYesOrNo = "A simple yes or no is all I need here.";
}
