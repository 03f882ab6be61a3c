using System.Text.Json;

namespace HelpBot.Dialogs.Recognition;

/// <summary>The model, its metadata and its training data as embedded in this assembly (see the .csproj).</summary>
public static class EmbeddedModel
{
    private const string Prefix = "HelpBot.Recognition.";

    public static Stream OpenModel() => Open(IntentModelTrainer.ModelFileName);

    public static string ReadTrainingData()
    {
        using var reader = new StreamReader(Open("train.tsv"));
        return reader.ReadToEnd();
    }

    public static ModelMetadata ReadMetadata()
    {
        using var stream = Open(IntentModelTrainer.MetadataFileName);
        return JsonSerializer.Deserialize<ModelMetadata>(stream, IntentModelTrainer.JsonOptions)
            ?? throw new InvalidDataException($"{IntentModelTrainer.MetadataFileName} is empty.");
    }

    /// <summary>True when the embedded model was trained from the embedded train.tsv with the current pipeline.</summary>
    public static bool IsCurrent(out string expectedFingerprint, out string modelFingerprint)
    {
        expectedFingerprint = IntentModelTrainer.Fingerprint(ReadTrainingData());
        modelFingerprint = ReadMetadata().TrainFingerprint;
        return string.Equals(expectedFingerprint, modelFingerprint, StringComparison.Ordinal);
    }

    private static Stream Open(string name) =>
        typeof(EmbeddedModel).Assembly.GetManifestResourceStream(Prefix + name)
        ?? throw new FileNotFoundException(
            $"The embedded resource {Prefix + name} is missing. Train the model: dotnet run --project bot -- intents train");
}
