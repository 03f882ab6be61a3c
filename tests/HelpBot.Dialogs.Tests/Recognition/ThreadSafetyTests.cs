using HelpBot.Dialogs.Recognition;

namespace HelpBot.Dialogs.Tests.Recognition;

[Collection(SharedRecognizer.Name)]
public sealed class ThreadSafetyTests(RecognizerFixture fixture)
{
    [Fact]
    public void ParallelPredictionsEqualSequentialOnes()
    {
        var utterances = RecognizerFixture.Eval.Select(e => e.Utterance).ToArray();
        var sequential = utterances.Select(u => fixture.Recognizer.Recognize(u).Ranked).ToArray();

        // Several rounds so many engines are rented at once and reused across threads.
        for (var round = 0; round < 4; round++)
        {
            var parallel = new IReadOnlyList<IntentCandidate>[utterances.Length];
            Parallel.For(0, utterances.Length, new ParallelOptions { MaxDegreeOfParallelism = 8 },
                i => parallel[i] = fixture.Recognizer.Recognize(utterances[i]).Ranked);

            for (var i = 0; i < utterances.Length; i++)
            {
                Assert.Equal(sequential[i], parallel[i]);
            }
        }
    }

    [Fact]
    public async Task ConcurrentFirstUseLoadsTheModelOnce()
    {
        var cold = new EmbeddedIntentRecognizer(Microsoft.Extensions.Options.Options.Create(new RecognizerOptions()));

        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => cold.Recognize("forgot my password").TopIntent)));

        Assert.All(results, r => Assert.Equal(Intents.ForgotPassword, r));
    }
}
