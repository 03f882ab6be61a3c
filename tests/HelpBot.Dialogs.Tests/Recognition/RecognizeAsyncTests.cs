using HelpBot.Dialogs.Recognition;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Builder.Adapters;
using Microsoft.Bot.Schema;
using Microsoft.Extensions.DependencyInjection;

namespace HelpBot.Dialogs.Tests.Recognition;

[Collection(SharedRecognizer.Name)]
public sealed class RecognizeAsyncTests(RecognizerFixture fixture)
{
    private static TurnContext Turn(Activity activity) => new(new TestAdapter(), activity);

    [Fact]
    public async Task MessageTurnGivesTheTopIntentAndEveryScore()
    {
        var result = await fixture.BotFrameworkRecognizer.RecognizeAsync(Turn(MessageFactory.Text("I'm locked out of eCommons")), CancellationToken.None);

        var (intent, score) = result.GetTopScoringIntent();
        Assert.Equal(Intents.UnlockAccount, intent);
        Assert.True(score >= fixture.Recognizer.Threshold);
        Assert.Equal("I'm locked out of eCommons", result.Text);
        Assert.Equal("im locked out of ecommons", result.AlteredText);
        Assert.Equal(Intents.All.Count, result.Intents.Count);
        Assert.Equal(true, result.Properties[EmbeddedIntentRecognizer.IsConfidentProperty]);
        Assert.Equal(fixture.Recognizer.Threshold, result.Properties[EmbeddedIntentRecognizer.ThresholdProperty]);
    }

    [Fact]
    public async Task TeamsMentionIsIgnored()
    {
        var result = await fixture.Recognizer.RecognizeAsync(Turn(MessageFactory.Text("<at>HelpBot</at> talk to a human")), CancellationToken.None);

        Assert.Equal(Intents.TalkToAgent, result.GetTopScoringIntent().intent);
    }

    [Fact]
    public async Task ActivityWithoutTextIsNone()
    {
        var submit = (Activity)Activity.CreateMessageActivity();
        submit.Value = new { action = "unlock" };

        var result = await fixture.Recognizer.RecognizeAsync(Turn(submit), CancellationToken.None);

        Assert.Equal((Intents.None, 1.0), result.GetTopScoringIntent());
        Assert.Equal(true, result.Properties[EmbeddedIntentRecognizer.IsConfidentProperty]);
    }

    [Fact]
    public async Task TypedResultIsConvertedFromTheRecognizerResult()
    {
        var typed = await fixture.Recognizer.RecognizeAsync<TopIntentOnly>(Turn(MessageFactory.Text("cancel")), CancellationToken.None);

        Assert.Equal(Intents.Cancel, typed.Intent);
    }

    [Fact]
    public void DialogsSetupRegistersOneRecognizerWithTheDefaultThreshold()
    {
        using var provider = new ServiceCollection().AddLogging().AddHelpBotDialogs().BuildServiceProvider();

        var recognizer = provider.GetRequiredService<EmbeddedIntentRecognizer>();
        Assert.Same(recognizer, provider.GetRequiredService<EmbeddedIntentRecognizer>());
        Assert.Equal(RecognizerOptions.DefaultThreshold, recognizer.Threshold);
    }

    private sealed class TopIntentOnly : IRecognizerConvert
    {
        public string? Intent { get; private set; }

        public void Convert(dynamic result) => Intent = ((RecognizerResult)result).GetTopScoringIntent().intent;
    }
}
