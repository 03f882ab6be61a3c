using HelpBot.Dialogs.Recognition;

namespace HelpBot.Dialogs.Tests.Recognition;

/// <summary>The data is part of the product: these keep it honest.</summary>
public sealed class TrainingDataTests
{
    [Fact]
    public void NoEvalUtteranceAppearsInTrainingOnceNormalised()
    {
        var train = RecognizerFixture.Train.Select(e => TextNormalizer.Normalize(e.Utterance)).ToHashSet(StringComparer.Ordinal);

        var leaked = RecognizerFixture.Eval.Where(e => train.Contains(TextNormalizer.Normalize(e.Utterance))).Select(e => e.Utterance).ToList();

        Assert.True(leaked.Count == 0, "eval.tsv utterances also in train.tsv: " + string.Join(" | ", leaked));
    }

    [Fact]
    public void TrainingHasAtLeastFortyExamplesOfEveryIntent()
    {
        var counts = RecognizerFixture.Train.CountBy(e => e.Intent).ToDictionary();

        Assert.All(Intents.All, intent => Assert.True(counts.GetValueOrDefault(intent) >= 40, $"{intent}: {counts.GetValueOrDefault(intent)} examples"));
    }

    [Fact]
    public void EvalHasAtLeastTwelveExamplesOfEveryIntent()
    {
        var counts = RecognizerFixture.Eval.CountBy(e => e.Intent).ToDictionary();

        Assert.All(Intents.All, intent => Assert.True(counts.GetValueOrDefault(intent) >= 12, $"{intent}: {counts.GetValueOrDefault(intent)} examples"));
    }

    [Fact]
    public void TrainingHasNoContradictoryDuplicates()
    {
        var contradictions = RecognizerFixture.Train
            .GroupBy(e => TextNormalizer.Normalize(e.Utterance), StringComparer.Ordinal)
            .Where(g => g.Select(e => e.Intent).Distinct().Count() > 1)
            .Select(g => g.Key)
            .ToList();

        Assert.Empty(contradictions);
    }

    [Fact]
    public void AnUnknownIntentIsReportedWithItsLine()
    {
        var ex = Assert.Throws<FormatException>(() => IntentExample.ReadTsv(new StringReader("hi\tgreeting\nunlock me\tunlock\n"), "x.tsv"));

        Assert.StartsWith("x.tsv:2:", ex.Message, StringComparison.Ordinal);
    }
}
