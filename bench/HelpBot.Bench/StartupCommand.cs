using System.Diagnostics;
using HelpBot.Dialogs;
using static HelpBot.Bench.EnumerationCommand;

namespace HelpBot.Bench;

/// <summary>
/// <c>startup</c>: how long after its process starts HelpBot answers its first message. Each run starts the real host
/// in a fresh child process (this program's <c>serve helpbot</c>, a fresh LiteDB file) and POSTs "hello" to
/// <c>/api/messages</c> as soon as it listens; the clock runs from just before the process is started to the reply.
/// With <c>--app DIR</c> the process is HelpBot as published to DIR (<c>dotnet publish bot -c Release -o DIR</c>, ahead-of-time
/// compiled: ReadyToRun), which is how it is deployed.
/// </summary>
public static class StartupCommand
{
    public static async Task<int> RunAsync(int runs, string? publishedApp, TextWriter output, CancellationToken cancellationToken) =>
        (await MeasureAsync(runs, publishedApp, output, cancellationToken).ConfigureAwait(false)).Errors == 0 ? 0 : 1;

    /// <summary>The <c>startup</c> command, printing as it goes: the median and longest time to the first reply, in milliseconds.</summary>
    public static async Task<(double MedianMs, double MaxMs, int Errors)> MeasureAsync(int runs, string? publishedApp, TextWriter output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(output);
        if (publishedApp is not null && !File.Exists(Path.Combine(publishedApp, "HelpBot.dll")))
        {
            throw new ArgumentException($"--app: there is no HelpBot.dll in {publishedApp}; publish HelpBot there first: dotnet publish bot -c Release -o {publishedApp}");
        }
        var which = publishedApp is null ? "this program's build of HelpBot" : $"HelpBot as published to {publishedApp}";
        await output.WriteLineAsync(Invariant($"startup: {runs} run(s); each starts {which} in a fresh child process with a fresh database and times process start -> listening -> first /api/messages reply")).ConfigureAwait(false);
        var firstReplies = new List<double>();
        var errors = 0;
        for (var run = 1; run <= runs; run++)
        {
            var clock = Stopwatch.StartNew();
            await using var server = await ChildServer.StartAsync(ServerKind.HelpBot, cancellationToken, publishedApp: publishedApp).ConfigureAwait(false);
            var listening = clock.Elapsed.TotalMilliseconds;
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
            var turn = await new BotClient(http, server.BaseAddress).SendAsync("startup-" + Guid.NewGuid().ToString("N"), "startup-user", "hello", cancellationToken).ConfigureAwait(false);
            var replied = clock.Elapsed.TotalMilliseconds;
            var ok = turn.Ok && turn.Says(MainTexts.Greeting);
            errors += ok ? 0 : 1;
            firstReplies.Add(replied);
            await output.WriteLineAsync(Invariant($"run {run}: listening after {listening:F0} ms, first reply after {replied:F0} ms ({(ok ? "the greeting" : "ERROR: " + (turn.Error ?? turn.Status?.ToString()))})")).ConfigureAwait(false);
        }
        var sorted = firstReplies.Order().ToList();
        await output.WriteLineAsync(Invariant($"startup: first reply median {Stats.Percentile(sorted, 50):F0} ms, max {sorted[^1]:F0} ms; errors={errors}")).ConfigureAwait(false);
        return (Stats.Percentile(sorted, 50), sorted[^1], errors);
    }
}
