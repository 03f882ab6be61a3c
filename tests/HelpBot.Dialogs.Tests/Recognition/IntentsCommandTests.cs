using System.Text.RegularExpressions;
using HelpBot.Bot.Cli;

namespace HelpBot.Dialogs.Tests.Recognition;

public sealed partial class IntentsCommandTests
{
    [Fact]
    public void EvalPrintsPrecisionRecallConfusionsAndEndsWithTheAccuracyLine()
    {
        var path = Path.Combine(Path.GetTempPath(), $"intents-{Guid.NewGuid():N}.tsv");
        File.WriteAllText(path, "I forgot my password\tforgot_password\nhello\tgreeting\nmy account is locked\tcancel\n");
        try
        {
            var output = new StringWriter();
            var error = new StringWriter();

            var code = IntentsCommand.Run(["eval", path], output, error);

            Assert.Equal(0, code);
            var lines = output.ToString().TrimEnd().Split('\n').Select(l => l.TrimEnd('\r')).ToList();
            Assert.Matches(@"^intent\s+precision\s+recall\s+support$", lines[0]);
            Assert.Contains(lines, l => IntentRow().IsMatch(l) && l.StartsWith("forgot_password ", StringComparison.Ordinal));
            Assert.Contains("most confused (expected -> predicted):", lines);
            Assert.Contains("  cancel -> unlock_account: 1", lines);
            Assert.Equal("accuracy=0.667", lines[^1]);
            Assert.Empty(error.ToString());
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void PredictPrintsTheIntentAndItsScoreFirst()
    {
        var output = new StringWriter();

        var code = IntentsCommand.Run(["predict", "I'm locked out of eCommons"], output, new StringWriter());

        Assert.Equal(0, code);
        Assert.Matches(@"^unlock_account (0|1)\.\d{3}\r?$", output.ToString().Split('\n')[0]);
        Assert.Contains("confident=yes", output.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData]
    [InlineData("eval")]
    [InlineData("frobnicate", "x")]
    public void WrongArgumentsPrintUsageAndExitTwo(params string[] args)
    {
        var error = new StringWriter();

        Assert.Equal(2, IntentsCommand.Run(args, new StringWriter(), error));
        Assert.Contains("usage: intents eval FILE", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void MissingFileIsAnErrorNotACrash()
    {
        var error = new StringWriter();

        Assert.Equal(1, IntentsCommand.Run(["eval", "/nonexistent/eval.tsv"], new StringWriter(), error));
        Assert.StartsWith("intents: ", error.ToString(), StringComparison.Ordinal);
    }

    [GeneratedRegex(@"^\S+\s+\d\.\d{3}\s+\d\.\d{3}\s+\d+$")]
    private static partial Regex IntentRow();
}
