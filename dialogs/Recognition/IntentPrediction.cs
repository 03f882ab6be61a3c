namespace HelpBot.Dialogs.Recognition;

/// <summary>One intent and the model's probability for it.</summary>
public readonly record struct IntentCandidate(string Intent, double Score);

/// <summary>
/// What the recognizer made of one message: the top intent, its probability, whether that reaches the threshold,
/// and every intent by descending probability (for "Did you mean …?").
/// </summary>
public sealed record IntentPrediction(string NormalizedText, IReadOnlyList<IntentCandidate> Ranked, double Threshold)
{
    public string TopIntent => Ranked[0].Intent;
    public double TopScore => Ranked[0].Score;

    /// <summary>True when the top intent's probability reaches the threshold; otherwise ask the user.</summary>
    public bool IsConfident => TopScore >= Threshold;

    public IReadOnlyList<IntentCandidate> Top(int count) => Ranked.Take(count).ToList();
}
