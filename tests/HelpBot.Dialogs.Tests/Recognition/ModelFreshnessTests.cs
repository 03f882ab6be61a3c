using HelpBot.Dialogs.Recognition;

namespace HelpBot.Dialogs.Tests.Recognition;

/// <summary>
/// The bot loads a committed model instead of training at start-up; these fail when train.tsv (or the pipeline
/// version) changed and nobody ran <c>dotnet run --project bot -- intents train</c>.
/// </summary>
public sealed class ModelFreshnessTests
{
    private const string Retrain = "The committed intent model is stale: run `dotnet run --project bot -- intents train` and commit dialogs/Recognition/Data.";

    [Fact]
    public void EmbeddedModelWasTrainedFromTheEmbeddedTrainingData()
    {
        Assert.True(EmbeddedModel.IsCurrent(out var expected, out var actual), $"{Retrain} (train.tsv {expected}, model {actual})");
    }

    [Fact]
    public void RepositoryTrainingDataMatchesTheCommittedModelMetadata()
    {
        var expected = IntentModelTrainer.Fingerprint(File.ReadAllText(RecognizerFixture.DataFile("train.tsv")));
        var metadataJson = File.ReadAllText(RecognizerFixture.DataFile(IntentModelTrainer.MetadataFileName));

        Assert.True(metadataJson.Contains(expected, StringComparison.Ordinal), Retrain);
        Assert.Equal(IntentModelTrainer.PipelineVersion, EmbeddedModel.ReadMetadata().PipelineVersion);
    }
}
