using System.Text.RegularExpressions;
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
        // With a short think time, so the paced path (users who read and type) is run too.
        var text = await LoadWithoutErrorsAsync(["--users", "2", "--seconds", "2", "--warmup", "1", "--think-ms", "20"], "helpbot", "echo   ");

        Assert.Contains("20 ms think time", text, StringComparison.Ordinal);
        Assert.Contains("ratio HelpBot/echo: turns/s", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheLoadDriverRunsTwoInstancesOnPostgresAndRedisWithoutErrors()
    {
        // A PostgreSQL and a Redis started by the driver; each user's turns alternate between the two instances, so a
        // conversation only goes on if its state is shared (and an unlock, when one comes up, reads its SafeCode from
        // whichever instance's outbox has it and verifies it on the other).
        var text = await LoadWithoutErrorsAsync(["--users", "3", "--seconds", "3", "--warmup", "1", "--storage", "postgres", "--instances", "2"],
            "helpbot on postgres + redis, 2 instances", "echo, 2 instances");

        Assert.Contains("ratio helpbot on postgres + redis, 2 instances/echo: turns/s", text, StringComparison.Ordinal);
    }

    /// <summary>Runs <c>load</c> with <paramref name="args"/>: exit 0, and each of <paramref name="phases"/> reported with no errors.</summary>
    private static async Task<string> LoadWithoutErrorsAsync(string[] args, params string[] phases)
    {
        using var output = new StringWriter();
        var exit = await BenchProgram.RunAsync(["load", .. args], output, CancellationToken.None);
        var text = output.ToString();
        Assert.True(exit == 0, text);
        foreach (var phase in phases)
        {
            Assert.Matches(Regex.Escape(phase) + @": \d+ turns in .* errors=0;", text);
        }
        return text;
    }

    [Fact]
    public async Task TheBudgetsRunMeasuresEveryBudgetAndPrintsATableWithAVerdictEach()
    {
        using var output = new StringWriter();

        var exit = await BenchProgram.RunAsync(["budgets", "--rounds", "1", "--seconds", "1", "--warmup", "1", "--crowd", "20", "--stored", "20", "--startup-runs", "1"],
            output, CancellationToken.None);

        var text = output.ToString();
        Assert.True(exit == 0, text);
        Assert.Contains("errors=0;", text, StringComparison.Ordinal);
        string[] budgets =
        [
            "conversation mix: CPU per turn <= 2.0x", "conversation mix: turns/s >= 0.6x", "20 users, 1 s think time: p99 <= 1.5x",
            "peak RSS at 20 users <= 1.5x", "peak RSS with 20 stored conversations <= 300 MiB", "first reply after process start < 1 s",
            "understanding a message <= 0.2 ms",
        ];
        foreach (var budget in budgets)
        {
            // One row each, with a measured figure and a verdict (which one depends on the machine, so it is not checked).
            Assert.Matches(@"\| " + Regex.Escape(budget) + @"[^|]*\| [^|]*\d[^|]*\| (met|not met) \|", text);
        }
        Assert.Contains("KilledHostTests", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TwoInstancesWithoutPostgresAreRefusedWithAReason()
    {
        using var output = new StringWriter();

        var exit = await BenchProgram.RunAsync(["load", "--instances", "2"], output, CancellationToken.None);

        Assert.Equal(2, exit);
        Assert.Contains("--instances 2 needs --storage postgres", output.ToString(), StringComparison.Ordinal);
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
    public async Task TheStartupBenchmarkTimesTheFirstReplyAndSaysHowToPublishWhenTheFolderHasNoHelpBot()
    {
        using var output = new StringWriter();
        var exit = await BenchProgram.RunAsync(["startup", "--runs", "1"], output, CancellationToken.None);
        var text = output.ToString();
        Assert.True(exit == 0, text);
        Assert.Matches(@"run 1: listening after \d+ ms, first reply after \d+ ms \(the greeting\)", text);

        using var refused = new StringWriter();
        var empty = Directory.CreateTempSubdirectory("helpbot-bench-empty-").FullName;
        try
        {
            exit = await BenchProgram.RunAsync(["startup", "--app", empty], refused, CancellationToken.None);
        }
        finally
        {
            Directory.Delete(empty);
        }
        Assert.Equal(2, exit);
        Assert.Contains($"dotnet publish bot -c Release -o {empty}", refused.ToString(), StringComparison.Ordinal);
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
