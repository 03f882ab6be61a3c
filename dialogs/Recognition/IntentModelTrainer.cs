using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.ML;
using Microsoft.ML.Transforms.Text;

namespace HelpBot.Dialogs.Recognition;

/// <summary>
/// Trains the intent model from train.tsv and writes <c>intents.model.zip</c> plus <c>intents.model.json</c> (the
/// fingerprint of the data and pipeline it came from). Run by <c>dotnet run --project bot -- intents train</c>; the
/// bot itself never trains, it loads the committed model (see <see cref="IntentModel"/>).
/// </summary>
public static class IntentModelTrainer
{
    /// <summary>Bump when the pipeline below changes, so the staleness test asks for a retrain.</summary>
    public const int PipelineVersion = 2;

    public const string ModelFileName = "intents.model.zip";
    public const string MetadataFileName = "intents.model.json";

    /// <summary>Trains on <paramref name="examples"/> and returns the model (a fixed seed: the same data gives the same model).</summary>
    public static ITransformer Train(MLContext ml, IEnumerable<IntentExample> examples)
    {
        var rows = examples.Select(e => new IntentModel.TrainingRow { Text = TextNormalizer.Normalize(e.Utterance), Label = e.Intent });
        var data = ml.Data.LoadFromEnumerable(rows);
        return BuildPipeline(ml).Fit(data);
    }

    /// <summary>
    /// Word unigrams and bigrams carry the meaning; character 1–4-grams (within and across words) carry typos
    /// ("pasword", "acount", "ecomons") and unseen inflections. Both are L2-normalised and fed to a maximum-entropy
    /// (softmax) linear model, whose scores are probabilities, which is what the confidence threshold needs.
    /// </summary>
    public static IEstimator<ITransformer> BuildPipeline(MLContext ml)
    {
        var featurizer = new TextFeaturizingEstimator.Options
        {
            CaseMode = TextNormalizingEstimator.CaseMode.None, // TextNormalizer already did it
            KeepDiacritics = false,
            KeepPunctuations = false,
            KeepNumbers = true,
            StopWordsRemoverOptions = null, // "not", "my", "can" matter here ("I can not log in")
            WordFeatureExtractor = new WordBagEstimator.Options { NgramLength = 2, UseAllLengths = true },
            CharFeatureExtractor = new WordBagEstimator.Options { NgramLength = 4, UseAllLengths = true },
            Norm = TextFeaturizingEstimator.NormFunction.L2,
        };
        return ml.Transforms.Conversion.MapValueToKey(IntentModel.LabelKey, nameof(IntentModel.TrainingRow.Label))
            .Append(ml.Transforms.Text.FeaturizeText(IntentModel.Features, featurizer, nameof(IntentModel.TrainingRow.Text)))
            .Append(ml.MulticlassClassification.Trainers.SdcaMaximumEntropy(IntentModel.LabelKey, IntentModel.Features));
    }

    /// <summary>Trains from <paramref name="trainTsvPath"/> and writes the model and its metadata into <paramref name="outputDirectory"/>.</summary>
    public static ModelMetadata TrainToDirectory(string trainTsvPath, string outputDirectory)
    {
        var trainText = File.ReadAllText(trainTsvPath);
        var examples = IntentExample.ReadTsv(new StringReader(trainText), trainTsvPath);
        var ml = new MLContext(seed: 1);
        var model = Train(ml, examples);
        var schema = ml.Data.LoadFromEnumerable(Array.Empty<IntentModel.TrainingRow>()).Schema;
        Directory.CreateDirectory(outputDirectory);
        using (var zip = File.Create(Path.Combine(outputDirectory, ModelFileName)))
        {
            ml.Model.Save(model, schema, zip);
        }
        var metadata = new ModelMetadata(Fingerprint(trainText), PipelineVersion, examples.Count);
        File.WriteAllText(Path.Combine(outputDirectory, MetadataFileName), JsonSerializer.Serialize(metadata, JsonOptions) + "\n");
        return metadata;
    }

    /// <summary>
    /// SHA-256 of the training data's examples (line endings, blank lines and comments ignored) and the pipeline
    /// version: what the committed model must match.
    /// </summary>
    public static string Fingerprint(string trainTsvText)
    {
        var examples = IntentExample.ReadTsv(new StringReader(trainTsvText), "train.tsv");
        var canonical = new StringBuilder().Append("pipeline=").Append(PipelineVersion).Append('\n');
        foreach (var e in examples)
        {
            canonical.Append(e.Utterance).Append('\t').Append(e.Intent).Append('\n');
        }
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical.ToString())));
    }

    internal static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase };
}

/// <summary>What <c>intents.model.json</c> records about the committed model.</summary>
public sealed record ModelMetadata(string TrainFingerprint, int PipelineVersion, int ExampleCount);
