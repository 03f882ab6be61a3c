// Library choice: ML.NET (Microsoft.ML 5.0.1), FeaturizeText (word 1–2-grams + character 1–4-grams) feeding
// SdcaMaximumEntropy. Why: it is served here and restores on net10.0, trains this data set in seconds, predicts in
// about a tenth of a millisecond, its softmax scores are probabilities (so one threshold means something across
// intents), char n-grams absorb typos without a spelling list, and a trained model is one zip that loads without
// retraining. Not chosen: ONNX Runtime needs a model made elsewhere; TorchSharp needs native Torch and pretrained
// weights this network cannot fetch; ML.NET's tree learners (FastTree, LightGBM) were not tried, as a linear model is
// the usual fit for ~1,000 short utterances of sparse n-gram features and already clears the accuracy bar.
//
// Start-up: the bot never trains. `dotnet run --project bot -- intents train` writes Data/intents.model.zip and
// Data/intents.model.json (a fingerprint of train.tsv); both are committed and embedded in this assembly, and
// ModelFreshnessTests fails when train.tsv changed without a retrain. The model loads on a background thread while
// the host starts (RecognizerWarmup); a message that arrives before it is ready waits for it.
using Microsoft.Bot.Builder;
using Microsoft.Extensions.Options;

namespace HelpBot.Dialogs.Recognition;

/// <summary>
/// The embedded intent recognizer: Bot Framework's <see cref="IRecognizer"/> over the committed ML.NET model, plus
/// <c>Recognize</c> for callers without a turn (the CLI, benchmarks, tests). Thread-safe; register as a
/// singleton.
/// </summary>
public sealed class EmbeddedIntentRecognizer : IRecognizer
{
    /// <summary>Keys this recognizer adds to <see cref="RecognizerResult.Properties"/>.</summary>
    public const string ThresholdProperty = "threshold";
    public const string IsConfidentProperty = "isConfident";

    private readonly Lazy<Task<IntentModel>> _model;

    public EmbeddedIntentRecognizer(IOptions<RecognizerOptions> options)
        : this(() => EmbeddedModel.Model, options.Value.Threshold)
    {
    }

    /// <summary>Over a model already in memory (tests, a model trained in-process).</summary>
    public EmbeddedIntentRecognizer(IntentModel model, double threshold = RecognizerOptions.DefaultThreshold)
        : this(() => model, threshold)
    {
    }

    private EmbeddedIntentRecognizer(Func<IntentModel> load, double threshold)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(threshold);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(threshold, 1.0);
        Threshold = threshold;
        _model = new Lazy<Task<IntentModel>>(() => Task.Run(load), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>The probability the top intent must reach to be acted on (configuration <c>Recognizer:Threshold</c>).</summary>
    public double Threshold { get; }

    /// <summary>Starts loading the model if nothing has yet, and completes when it is loaded.</summary>
    public Task WarmUpAsync() => _model.Value;

    /// <summary>Recognises <paramref name="text"/> synchronously (loads the model first if needed).</summary>
    public IntentPrediction Recognize(string? text) => Recognize(text, _model.Value.GetAwaiter().GetResult());

    /// <summary>The <paramref name="count"/> most likely intents, best first, for a "Did you mean …?" prompt.</summary>
    public IReadOnlyList<IntentCandidate> TopCandidates(string? text, int count = 3) => Recognize(text).Top(count);

    public async Task<RecognizerResult> RecognizeAsync(ITurnContext turnContext, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(turnContext);
        var loaded = await _model.Value.WaitAsync(cancellationToken).ConfigureAwait(false);
        var text = turnContext.Activity?.Text;
        var prediction = Recognize(text, loaded);
        var result = new RecognizerResult
        {
            Text = text,
            AlteredText = prediction.NormalizedText,
            Intents = prediction.Ranked.ToDictionary(c => c.Intent, c => new IntentScore { Score = c.Score }),
            Entities = [],
        };
        result.Properties[ThresholdProperty] = Threshold;
        result.Properties[IsConfidentProperty] = prediction.IsConfident;
        return result;
    }

    public async Task<T> RecognizeAsync<T>(ITurnContext turnContext, CancellationToken cancellationToken)
        where T : IRecognizerConvert, new()
    {
        var result = new T();
        result.Convert(await RecognizeAsync(turnContext, cancellationToken).ConfigureAwait(false));
        return result;
    }

    private IntentPrediction Recognize(string? text, IntentModel loaded)
    {
        var normalized = TextNormalizer.Normalize(text);
        if (normalized.Length == 0)
        {
            // Nothing to read (a card submit, an attachment, only punctuation): certainly no intent.
            return new IntentPrediction(normalized, [new IntentCandidate(Intents.None, 1.0)], Threshold);
        }
        var scores = loaded.Score(normalized);
        var ranked = new IntentCandidate[scores.Length];
        for (var i = 0; i < scores.Length; i++)
        {
            ranked[i] = new IntentCandidate(loaded.Labels[i], scores[i]);
        }
        Array.Sort(ranked, static (a, b) => b.Score.CompareTo(a.Score));
        return new IntentPrediction(normalized, ranked, Threshold);
    }
}
