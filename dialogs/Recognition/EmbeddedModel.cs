using System.Text.Json;

namespace HelpBot.Dialogs.Recognition;

/// <summary>The model, its metadata and its training data as embedded in this assembly (see the .csproj).</summary>
public static class EmbeddedModel
{
    private const string Prefix = "HelpBot.Recognition.";

    // The embedded model never changes while the process runs, and an IntentModel is thread-safe: load it once per
    // process, not once per host (the conversation runner and the tests start a host per conversation).
    private static readonly Lazy<IntentModel> Loaded = new(() => IntentModel.Load(OpenModel()), LazyThreadSafetyMode.ExecutionAndPublication);

    private static readonly Lazy<bool> Current = new(() => IsCurrent(out _, out _), LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>The embedded model, loaded on first use and shared by every recognizer in this process.</summary>
    public static IntentModel Model => Loaded.Value;

    /// <summary>
    /// Starts loading the model on the thread pool and returns at once: the process's entry point calls it before it
    /// builds the web host, so the slowest part of start-up (ML.NET reading the model) runs beside the rest.
    /// </summary>
    public static void StartLoading() => _ = Task.Run(() => Loaded.Value);

    /// <summary><see cref="IsCurrent"/>, worked out once per process.</summary>
    public static bool ModelIsCurrent => Current.Value;

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
