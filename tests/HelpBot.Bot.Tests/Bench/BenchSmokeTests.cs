using HelpBot.Bench;

namespace HelpBot.Bot.Tests.Bench;

/// <summary>
/// The benchmark (bench/HelpBot.Bench, see docs/benchmarks.md) run with tiny settings so it never rots: it must finish with
/// no errors and print its summary lines. Nothing here looks at a timing.
/// </summary>
public class BenchSmokeTests
{
    [Fact]
    public async Task TheLoadDriverRunsBothServersWithoutErrorsAndPrintsItsSummary()
    {
        using var output = new StringWriter();

        // With a short think time, so the paced path (users who read and type) is run too.
        var exit = await BenchProgram.RunAsync(["load", "--users", "2", "--seconds", "2", "--warmup", "1", "--think-ms", "20"], output, CancellationToken.None);

        var text = output.ToString();
        Assert.True(exit == 0, text);
        Assert.Contains("20 ms think time", text, StringComparison.Ordinal);
        Assert.Contains("helpbot: ", text, StringComparison.Ordinal);
        Assert.Contains("echo   : ", text, StringComparison.Ordinal);
        Assert.Matches(@"helpbot: \d+ turns in .* errors=0;", text);
        Assert.Matches(@"echo   : \d+ turns in .* errors=0;", text);
        Assert.Contains("ratio HelpBot/echo: turns/s", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheEnumerationBenchmarkFindsIdenticalRepliesAndPrintsAVerdict()
    {
        using var output = new StringWriter();

        var exit = await BenchProgram.RunAsync(["enumeration", "--pairs", "10", "--warmup", "2"], output, CancellationToken.None);

        var text = output.ToString();
        Assert.True(exit == 0, text);
        Assert.Contains("errors: 0", text, StringComparison.Ordinal);
        Assert.Contains("reply texts: identical for known and unknown usernames", text, StringComparison.Ordinal);
        // The verdict itself depends on timing on a shared machine, so only its presence is checked.
        Assert.Matches(@"enumeration: (indistinguishable|DISTINGUISHABLE) .*KS D=", text);
    }

    [Fact]
    public async Task AnUnknownCommandPrintsTheUsage()
    {
        using var output = new StringWriter();

        var exit = await BenchProgram.RunAsync(["benchmark-everything"], output, CancellationToken.None);

        Assert.Equal(2, exit);
        Assert.Contains("usage: HelpBot.Bench", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AMisspelledOptionIsRefusedRatherThanIgnored()
    {
        using var output = new StringWriter();

        var exit = await BenchProgram.RunAsync(["load", "--user", "2"], output, CancellationToken.None);

        Assert.Equal(2, exit);
        Assert.Contains("Unknown option '--user'", output.ToString(), StringComparison.Ordinal);
    }
}
