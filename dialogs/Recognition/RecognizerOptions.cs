namespace HelpBot.Dialogs.Recognition;

/// <summary>Configuration section <c>Recognizer</c>.</summary>
public sealed class RecognizerOptions
{
    public const string Section = "Recognizer";

    /// <summary>
    /// The top intent's probability must reach this for the bot to act on it; below it the dialogs should offer
    /// <see cref="EmbeddedIntentRecognizer.TopCandidates"/> ("Did you mean …?"). The default was calibrated on
    /// eval.tsv (see <c>intents eval</c>'s threshold table).
    /// </summary>
    public double Threshold { get; set; } = DefaultThreshold;

    public const double DefaultThreshold = 0.5;
}
