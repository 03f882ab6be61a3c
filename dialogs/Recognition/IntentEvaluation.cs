using System.Globalization;

namespace HelpBot.Dialogs.Recognition;

/// <summary>Precision and recall of one intent over an evaluation set.</summary>
public sealed record IntentMetrics(string Intent, int Support, int Predicted, int TruePositives)
{
    /// <summary>Of the messages given this intent, the share that really were it (1 when none were given it).</summary>
    public double Precision => Predicted == 0 ? 1.0 : (double)TruePositives / Predicted;

    /// <summary>Of the messages that were this intent, the share recognised as it (1 when there were none).</summary>
    public double Recall => Support == 0 ? 1.0 : (double)TruePositives / Support;
}

/// <summary>How often one intent was mistaken for another.</summary>
public sealed record Confusion(string Expected, string Predicted, int Count);

/// <summary>At one threshold: the share of messages the bot would act on, and how many of those it got right.</summary>
public sealed record ThresholdPoint(double Threshold, double Coverage, double AcceptedAccuracy);

/// <summary>An utterance the recognizer got wrong.</summary>
public sealed record Miss(string Utterance, string Expected, string Predicted, double Score);

/// <summary>
/// The result of running the recognizer over labelled examples (eval.tsv). Accuracy counts the top intent only,
/// whatever its score; the threshold sweep shows what a confidence threshold would add.
/// </summary>
public sealed class IntentEvaluation
{
    public static readonly double[] SweepThresholds = [0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.7, 0.8];

    private IntentEvaluation(int total, int correct, IReadOnlyList<IntentMetrics> perIntent, IReadOnlyList<Confusion> confusions,
        IReadOnlyList<ThresholdPoint> sweep, IReadOnlyList<Miss> misses)
    {
        Total = total;
        Correct = correct;
        PerIntent = perIntent;
        Confusions = confusions;
        Sweep = sweep;
        Misses = misses;
    }

    public int Total { get; }
    public int Correct { get; }
    public double Accuracy => Total == 0 ? 0 : (double)Correct / Total;
    public IReadOnlyList<IntentMetrics> PerIntent { get; }

    /// <summary>Expected → predicted pairs, most frequent first.</summary>
    public IReadOnlyList<Confusion> Confusions { get; }

    public IReadOnlyList<ThresholdPoint> Sweep { get; }
    public IReadOnlyList<Miss> Misses { get; }

    public static IntentEvaluation Run(IEnumerable<IntentExample> examples, Func<string, IntentPrediction> recognize)
    {
        ArgumentNullException.ThrowIfNull(examples);
        ArgumentNullException.ThrowIfNull(recognize);
        var results = examples.Select(e => (Example: e, Prediction: recognize(e.Utterance))).ToList();

        var perIntent = Intents.All
            .Select(intent => new IntentMetrics(
                intent,
                Support: results.Count(r => r.Example.Intent == intent),
                Predicted: results.Count(r => r.Prediction.TopIntent == intent),
                TruePositives: results.Count(r => r.Example.Intent == intent && r.Prediction.TopIntent == intent)))
            .ToList();

        var wrong = results.Where(r => r.Example.Intent != r.Prediction.TopIntent).ToList();
        var confusions = wrong
            .GroupBy(r => (r.Example.Intent, r.Prediction.TopIntent))
            .Select(g => new Confusion(g.Key.Intent, g.Key.TopIntent, g.Count()))
            .OrderByDescending(c => c.Count).ThenBy(c => c.Expected, StringComparer.Ordinal).ThenBy(c => c.Predicted, StringComparer.Ordinal)
            .ToList();

        var sweep = SweepThresholds.Select(t =>
        {
            var accepted = results.Where(r => r.Prediction.TopScore >= t).ToList();
            return new ThresholdPoint(t,
                Coverage: results.Count == 0 ? 0 : (double)accepted.Count / results.Count,
                AcceptedAccuracy: accepted.Count == 0 ? 1.0 : (double)accepted.Count(r => r.Example.Intent == r.Prediction.TopIntent) / accepted.Count);
        }).ToList();

        var misses = wrong.Select(r => new Miss(r.Example.Utterance, r.Example.Intent, r.Prediction.TopIntent, r.Prediction.TopScore)).ToList();
        return new IntentEvaluation(results.Count, results.Count - wrong.Count, perIntent, confusions, sweep, misses);
    }

    /// <summary>
    /// The report <c>intents eval</c> prints: per-intent precision/recall, the most confused pairs, the misses, the
    /// threshold sweep, and last the line <c>accuracy=0.NNN</c> (scripts read that line).
    /// </summary>
    public void Write(TextWriter output, int maxConfusions = 10)
    {
        ArgumentNullException.ThrowIfNull(output);
        var c = CultureInfo.InvariantCulture;
        output.WriteLine(string.Create(c, $"{"intent",-22} {"precision",9} {"recall",7} {"support",7}"));
        foreach (var m in PerIntent)
        {
            output.WriteLine(string.Create(c, $"{m.Intent,-22} {m.Precision,9:0.000} {m.Recall,7:0.000} {m.Support,7}"));
        }
        output.WriteLine();
        output.WriteLine("most confused (expected -> predicted):");
        if (Confusions.Count == 0)
        {
            output.WriteLine("  (none)");
        }
        foreach (var x in Confusions.Take(maxConfusions))
        {
            output.WriteLine(string.Create(c, $"  {x.Expected} -> {x.Predicted}: {x.Count}"));
        }
        output.WriteLine();
        output.WriteLine("misses:");
        foreach (var m in Misses)
        {
            output.WriteLine(string.Create(c, $"  [{m.Expected} -> {m.Predicted} {m.Score:0.00}] {m.Utterance}"));
        }
        output.WriteLine();
        output.WriteLine("threshold  coverage  accepted-accuracy");
        foreach (var p in Sweep)
        {
            output.WriteLine(string.Create(c, $"{p.Threshold,9:0.00} {p.Coverage,9:0.000} {p.AcceptedAccuracy,18:0.000}"));
        }
        output.WriteLine();
        output.WriteLine(string.Create(c, $"examples={Total} correct={Correct}"));
        output.WriteLine(string.Create(c, $"accuracy={Accuracy:0.000}"));
    }
}
