using HelpBot.Dialogs.Recognition;
using Microsoft.Bot.Builder;
using Microsoft.Extensions.Options;

namespace HelpBot.Dialogs.Tests.Recognition;

/// <summary>One recognizer over the committed, embedded model, shared by the recognition tests (loading takes ~0.5 s).</summary>
public sealed class RecognizerFixture
{
    public EmbeddedIntentRecognizer Recognizer { get; } = new(Options.Create(new RecognizerOptions()));

    /// <summary>The same recognizer as the dialogs hold it: Bot Framework's interface.</summary>
    public IRecognizer BotFrameworkRecognizer => Recognizer;

    public static string DataFile(string name) => Path.Combine(AppContext.BaseDirectory, "Recognition", "Data", name);

    public static IReadOnlyList<IntentExample> Eval => IntentExample.ReadTsvFile(DataFile("eval.tsv"));

    public static IReadOnlyList<IntentExample> Train => IntentExample.ReadTsvFile(DataFile("train.tsv"));
}

[CollectionDefinition(Name)]
public sealed class SharedRecognizer : ICollectionFixture<RecognizerFixture>
{
    public const string Name = "Recognition";
}
