using System.Collections.Concurrent;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace HelpBot.Dialogs.Recognition;

/// <summary>
/// A trained intent model ready to score text: the ML.NET transformer, its intent labels in score order, and a pool
/// of prediction engines. <see cref="PredictionEngine{TSrc,TDst}"/> keeps per-call buffers and is not thread-safe,
/// so each call rents one from the pool and returns it (the pool grows to the number of concurrent callers).
/// </summary>
public sealed class IntentModel
{
    internal const string LabelKey = "LabelKey";
    internal const string Features = "Features";

    private readonly MLContext _ml;
    private readonly ITransformer _transformer;
    private readonly ConcurrentBag<PredictionEngine<TrainingRow, ScoreRow>> _pool = [];

    private IntentModel(MLContext ml, ITransformer transformer)
    {
        _ml = ml;
        _transformer = transformer;
        var engine = ml.Model.CreatePredictionEngine<TrainingRow, ScoreRow>(transformer);
        Labels = ReadLabels(engine.OutputSchema);
        _pool.Add(engine);
    }

    /// <summary>The intent each position of <see cref="Score"/>'s result stands for.</summary>
    public IReadOnlyList<string> Labels { get; }

    /// <summary>Loads a model saved by <see cref="IntentModelTrainer"/>.</summary>
    public static IntentModel Load(Stream modelZip)
    {
        var ml = new MLContext(seed: 1);
        var transformer = ml.Model.Load(modelZip, out _);
        return new IntentModel(ml, transformer);
    }

    /// <summary>Probabilities (summing to 1) for each of <see cref="Labels"/>, for text already normalised.</summary>
    public float[] Score(string normalizedText)
    {
        if (!_pool.TryTake(out var engine))
        {
            engine = _ml.Model.CreatePredictionEngine<TrainingRow, ScoreRow>(_transformer);
        }
        try
        {
            // Fresh objects per call: the engine reuses nothing the caller keeps.
            var output = new ScoreRow();
            engine.Predict(new TrainingRow { Text = normalizedText, Label = string.Empty }, ref output);
            return output.Score ?? [];
        }
        finally
        {
            _pool.Add(engine);
        }
    }

    private static string[] ReadLabels(DataViewSchema schema)
    {
        VBuffer<ReadOnlyMemory<char>> names = default;
        schema[nameof(ScoreRow.Score)].GetSlotNames(ref names);
        return names.DenseValues().Select(n => n.ToString()).ToArray();
    }

    /// <summary>The model's input: the training rows and the prediction input have the same shape.</summary>
    public sealed class TrainingRow
    {
        public string Text { get; set; } = string.Empty;
        public string Label { get; set; } = string.Empty;
    }

    /// <summary>The model's output: one probability per label.</summary>
    public sealed class ScoreRow
    {
        public float[]? Score { get; set; }
    }
}
