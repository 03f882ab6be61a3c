using HelpBot.Dialogs.Recognition;

namespace HelpBot.Dialogs.Tests.Recognition;

[Collection(SharedRecognizer.Name)]
public sealed class RecognizerAccuracyTests(RecognizerFixture fixture)
{
    [Fact]
    public void HeldOutEvalAccuracyIsAtLeastNinetyPercent()
    {
        var evaluation = IntentEvaluation.Run(RecognizerFixture.Eval, fixture.Recognizer.Recognize);

        var report = new StringWriter();
        evaluation.Write(report);
        Assert.True(evaluation.Accuracy >= 0.90, $"accuracy {evaluation.Accuracy:0.000} < 0.90\n{report}");
    }

    [Theory]
    [InlineData("My account is locked", Intents.UnlockAccount)]
    [InlineData("please unlock my eCommons account", Intents.UnlockAccount)]
    [InlineData("I forgot my password", Intents.ForgotPassword)]
    [InlineData("my password expired and I can't log in", Intents.ForgotPassword)]
    [InlineData("how do I change my password", Intents.ChangePassword)]
    [InlineData("my password is expiring soon", Intents.PasswordExpiring)]
    [InlineData("what is my Harvard ID number", Intents.HuidLookup)]
    [InlineData("where do I find my HUID", Intents.HuidLookup)]
    [InlineData("how do I sponsor a guest key for a consultant", Intents.GuestKeySponsor)]
    [InlineData("I have a guest key, how do I register", Intents.GuestKeyRegister)]
    [InlineData("how do I register for eCommons", Intents.ECommonsRegister)]
    [InlineData("change my email address in whitepages", Intents.UpdateProfile)]
    [InlineData("our departmental email account is locked", Intents.DepartmentalAccount)]
    [InlineData("I want to talk to a person", Intents.TalkToAgent)]
    [InlineData("I forgot my HarvardKey password", Intents.HarvardKeyHelp)]
    [InlineData("reset my Harvard PIN", Intents.HuidPinHelp)]
    [InlineData("I didn't get my SafeCode", Intents.SafeCodeHelp)]
    [InlineData("what's the registrar's phone number", Intents.ContactOffice)]
    [InlineData("I keep getting locked out after changing my password", Intents.DeviceLockouts)]
    [InlineData("hello", Intents.Greeting)]
    [InlineData("what can you do", Intents.Help)]
    [InlineData("cancel", Intents.Cancel)]
    [InlineData("my printer is jammed", Intents.None)]
    public void CanonicalPhrasesAreRecognisedConfidently(string text, string intent)
    {
        var prediction = fixture.Recognizer.Recognize(text);

        Assert.Equal(intent, prediction.TopIntent);
        Assert.True(prediction.IsConfident, $"'{text}' -> {prediction.TopIntent} {prediction.TopScore:0.000}, below {prediction.Threshold}");
    }

    [Theory]
    [InlineData("<at>HelpBot</at> MY ACCOUNT IS LOCKED!!!", Intents.UnlockAccount)]
    [InlineData("i forgott my pasword", Intents.ForgotPassword)]
    [InlineData("@helpbot   unlock   my acount pleeeease", Intents.UnlockAccount)]
    public void MentionsCasingRepeatsAndTyposDoNotMatter(string text, string intent) =>
        Assert.Equal(intent, fixture.Recognizer.Recognize(text).TopIntent);

    [Theory]
    [InlineData("qzxv blorp wibble")]
    [InlineData("zzzzzzzz")]
    [InlineData("what's your favourite colour")]
    [InlineData("the microscope in room 301 needs calibrating")]
    public void GibberishAndOffTopicGoToNoneOrBelowThreshold(string text)
    {
        var prediction = fixture.Recognizer.Recognize(text);

        Assert.True(prediction.TopIntent == Intents.None || !prediction.IsConfident,
            $"'{text}' -> {prediction.TopIntent} {prediction.TopScore:0.000}");
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("?!...")]
    public void NothingToReadIsNoneWithCertainty(string text)
    {
        var prediction = fixture.Recognizer.Recognize(text);

        Assert.Equal(Intents.None, prediction.TopIntent);
        Assert.Equal(1.0, prediction.TopScore);
    }

    [Fact]
    public void TopCandidatesAreTheBestFewInDescendingOrder()
    {
        var candidates = fixture.Recognizer.TopCandidates("password problem", 3);

        Assert.Equal(3, candidates.Count);
        Assert.Equal(candidates.OrderByDescending(c => c.Score), candidates);
        Assert.Equal(3, candidates.Select(c => c.Intent).Distinct().Count());
        Assert.All(candidates, c => Assert.InRange(c.Score, 0.0, 1.0));
    }

    [Fact]
    public void EveryIntentIsAModelLabelAndScoresSumToOne()
    {
        var prediction = fixture.Recognizer.Recognize("my account is locked");

        Assert.Equal(Intents.All.Order(StringComparer.Ordinal), prediction.Ranked.Select(c => c.Intent).Order(StringComparer.Ordinal));
        Assert.Equal(1.0, prediction.Ranked.Sum(c => c.Score), 3);
    }

    [Fact]
    public void ThresholdComesFromOptions()
    {
        var strict = new EmbeddedIntentRecognizer(Microsoft.Extensions.Options.Options.Create(new RecognizerOptions { Threshold = 0.99 }));

        Assert.Equal(0.99, strict.Threshold);
        Assert.Equal(RecognizerOptions.DefaultThreshold, fixture.Recognizer.Threshold);
    }
}
