using System.Globalization;

namespace HelpBot.Bench;

/// <summary>
/// <c>dotnet run -c Release --project bench/HelpBot.Bench -- enumeration [--pairs N]</c> and
/// <c>… -- load [--users N] [--seconds S]</c>. See docs/benchmarks.md.
/// </summary>
public static class BenchProgram
{
    public const string Usage = """
        usage: HelpBot.Bench enumeration [--pairs N] [--warmup W]             (defaults 200 pairs, 20 warm-up pairs)
               HelpBot.Bench load [--users N] [--seconds S] [--warmup W] [--rounds R] [--seed-conversations C] [--think-ms T]
                                  [--storage litedb|postgres|litedb,postgres] [--instances I]
                                                                  (defaults 20 users, 20 s, 15 s warm-up: JIT tiering done, 1 round, 0 stored conversations,
                                                                   no think time: at full speed, LiteDB, 1 instance; --instances 2 needs
                                                                   --storage postgres and adds a Redis; PostgreSQL and Redis are started here)
               HelpBot.Bench startup [--runs N] [--app DIR]          (time from process start to the first /api/messages reply; default 5 runs;
                                                                   --app: the HelpBot published to DIR, as deployed, instead of this program's build)
               HelpBot.Bench pageload [--runs N]                     (the chat page in Chromium: navigation to the welcome, cold and warm cache; default 5 runs)
               HelpBot.Bench budgets [--rounds R] [--seconds S] [--warmup W] [--stored C] [--startup-runs N] [--app DIR] [--crowd U]
                                                                  (issue 19's budgets in one run: the conversation mix, U users with 1 s think time,
                                                                   C stored conversations, the first reply, understanding a message; then a table;
                                                                   defaults 3 rounds, 20 s, 10 s warm-up, 500 users, 10000 stored, 5 start-up runs)
        """;

    public static Task<int> Main(string[] args) => RunAsync(args, Console.Out, CancellationToken.None);

    /// <summary>The whole program; the smoke test calls this in-process. Exit code 0 means no errors.</summary>
    public static async Task<int> RunAsync(string[] args, TextWriter output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        try
        {
            switch (args)
            {
                case ["enumeration", .. var rest]:
                    return await EnumerationCommand.RunAsync(Option(rest, "--pairs", 200, 1, 100_000), Option(rest, "--warmup", 20, 0, 1_000), output, cancellationToken).ConfigureAwait(false);
                case ["load", .. var rest]:
                    var seconds = Option(rest, "--seconds", 20, 1, 3_600);
                    return await LoadCommand.RunAsync(new LoadOptions(Option(rest, "--users", 20, 1, 1_000), seconds, Option(rest, "--warmup", 15, 0, 600),
                        Option(rest, "--rounds", 1, 1, 20), Option(rest, "--seed-conversations", 0, 0, 1_000_000), Option(rest, "--think-ms", 0, 0, 60_000),
                        Storages(rest), Option(rest, "--instances", 1, 1, 4)), output, cancellationToken).ConfigureAwait(false);
                case ["startup", .. var rest]:
                    return await StartupCommand.RunAsync(Option(rest, "--runs", 5, 1, 100), Text(rest, "--app"), output, cancellationToken).ConfigureAwait(false);
                case ["pageload", .. var rest]:
                    return await PageLoadCommand.RunAsync(Option(rest, "--runs", 5, 1, 100), output, cancellationToken).ConfigureAwait(false);
                case ["budgets", .. var rest]:
                    return await BudgetsCommand.RunAsync(new BudgetOptions(Option(rest, "--rounds", 3, 1, 20), Option(rest, "--seconds", 20, 1, 3_600),
                        Option(rest, "--warmup", 10, 0, 600), Option(rest, "--stored", 10_000, 0, 1_000_000), Option(rest, "--startup-runs", 5, 1, 100),
                        Text(rest, "--app"), Option(rest, "--crowd", 500, 1, 1_000)), output, cancellationToken).ConfigureAwait(false);
                case ["serve", var kind and ("helpbot" or "echo"), var data, .. var settings]:
                    return await ServeCommand.RunAsync(kind, data, settings).ConfigureAwait(false);
                default:
                    await output.WriteLineAsync(Usage).ConfigureAwait(false);
                    return 2;
            }
        }
        catch (ArgumentException ex)
        {
            await output.WriteLineAsync(ex.Message + Environment.NewLine + Usage).ConfigureAwait(false);
            return 2;
        }
    }

    /// <summary><c>--storage litedb|postgres|litedb,postgres</c>: HelpBot's store in each of its phases (LiteDB when not given).</summary>
    private static List<StorageKind> Storages(string[] args)
    {
        var at = Array.IndexOf(args, "--storage");
        if (at < 0)
        {
            return [StorageKind.LiteDb];
        }
        var names = at + 1 < args.Length ? args[at + 1].Split(',') : [];
        if (names.Length is 0 or > 2 || names.Distinct().Count() != names.Length || names.Any(n => n is not ("litedb" or "postgres")))
        {
            throw new ArgumentException("--storage needs litedb, postgres, or litedb,postgres (both, one after the other, in each round).");
        }
        return [.. names.Select(n => n == "postgres" ? StorageKind.Postgres : StorageKind.LiteDb)];
    }

    /// <summary>A text option (a folder), or null when not given.</summary>
    private static string? Text(string[] args, string name)
    {
        var at = Array.IndexOf(args, name);
        return at < 0 ? null
            : at + 1 < args.Length && !args[at + 1].StartsWith("--", StringComparison.Ordinal) ? args[at + 1]
            : throw new ArgumentException($"{name} needs a value.");
    }

    private static int Option(string[] args, string name, int fallback, int min, int max)
    {
        if (args.Where((a, i) => i % 2 == 0).FirstOrDefault(a => a is not ("--pairs" or "--users" or "--seconds" or "--warmup" or "--rounds" or "--seed-conversations" or "--think-ms" or "--runs" or "--storage" or "--instances" or "--app" or "--stored" or "--startup-runs" or "--crowd")) is { } unknown)
        {
            throw new ArgumentException($"Unknown option '{unknown}'.");
        }
        var at = Array.IndexOf(args, name);
        if (at < 0)
        {
            return fallback;
        }
        if (at + 1 >= args.Length || !int.TryParse(args[at + 1], NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value < min || value > max)
        {
            throw new ArgumentException($"{name} needs a whole number from {min} to {max}.");
        }
        return value;
    }
}
