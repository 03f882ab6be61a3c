using System.Collections.Concurrent;
using System.Diagnostics;
using HelpBot.Dialogs;
using HelpBot.Dialogs.Accounts;
using HelpBot.Dialogs.Knowledge;
using HelpBot.Dialogs.Registration;
using HelpBot.Dialogs.SafeCode;
using static HelpBot.Bench.EnumerationCommand;

namespace HelpBot.Bench;

/// <summary>What a load run does (the <c>load</c> command's options; see <see cref="BenchProgram.Usage"/>).</summary>
/// <param name="Storages">HelpBot's store in each of its phases, in this order within a round; the echo bot's phase follows.</param>
/// <param name="Instances">How many HelpBot (and echo) processes a phase runs; a user's turns go to them in turn.</param>
public sealed record LoadOptions(int Users, int Seconds, int WarmupSeconds, int Rounds = 1, int SeedConversations = 0, int ThinkMilliseconds = 0,
    IReadOnlyList<StorageKind>? Storages = null, int Instances = 1)
{
    public IReadOnlyList<StorageKind> StoragesOrDefault => Storages is { Count: > 0 } ? Storages : [StorageKind.LiteDb];
}

/// <summary>What a load run measured: each round's phases (HelpBot's, in the order of its stores, then the echo bot's) and the errors.</summary>
public sealed record LoadReport(IReadOnlyList<IReadOnlyList<PhaseResult>> Rounds, int Errors);

/// <summary>What one phase measured.</summary>
/// <param name="StoreCpu">Of <paramref name="ServerCpu"/>, what PostgreSQL and Redis used (zero on LiteDB).</param>
public sealed record PhaseResult(ServerKind Kind, int Turns, double Seconds, IReadOnlyList<double> SortedLatencies, int Errors,
    IReadOnlyDictionary<string, int> ErrorKinds, IReadOnlyDictionary<string, string> UnexpectedReplies, int Conversations, int UnlocksVerified, int UnlocksStoppedAtCodePrompt, long PeakResidentBytes, TimeSpan ServerCpu,
    StorageKind Storage = StorageKind.LiteDb, int Instances = 1, TimeSpan StoreCpu = default)
{
    public double TurnsPerSecond => Turns / Seconds;

    public double P(double percentile) => Stats.Percentile(SortedLatencies, percentile);

    /// <summary>The server's CPU milliseconds per turn: what a turn costs, which contention for the cores barely changes.</summary>
    public double CpuMsPerTurn => Turns == 0 ? 0 : ServerCpu.TotalMilliseconds / Turns;

    /// <summary>How the phase is named in the report: "helpbot" and "echo" for one instance on LiteDB, as before.</summary>
    public string Name => (Kind == ServerKind.HelpBot ? "helpbot" : "echo") +
        (Kind == ServerKind.HelpBot && Storage == StorageKind.Postgres ? " on postgres" : "") +
        (Instances > 1 ? Invariant($"{(Kind == ServerKind.HelpBot ? " + redis" : "")}, {Instances} instances") : "");
}

/// <summary>
/// N simulated users, each running realistic conversations back to back (no think time: a closed loop at full speed)
/// for S seconds, against the real host and then against the echo baseline, each in its own child process (or several:
/// <c>--instances</c>, HelpBot on PostgreSQL and Redis).
/// </summary>
public static class LoadCommand
{
    private static readonly string[] Questions = ["what is a safecode", "how do I register for eCommons?", "who do I contact about my harvard id"];

    public static async Task<int> RunAsync(int users, int seconds, int warmupSeconds, TextWriter output, CancellationToken cancellationToken) =>
        await RunAsync(users, seconds, warmupSeconds, 1, 0, 0, output, cancellationToken).ConfigureAwait(false);

    /// <param name="rounds">HelpBot then echo, this many times: on a shared machine the ratio of each pair is compared, and their median reported.</param>
    /// <param name="seedConversations">Conversations' state stored in HelpBot's database before it starts (memory with many stored conversations).</param>
    /// <param name="thinkMilliseconds">Each user's pause after every reply (uniform within ±50% of this), as a person reads and types; 0: none, the servers' capacity.</param>
    public static async Task<int> RunAsync(int users, int seconds, int warmupSeconds, int rounds, int seedConversations, int thinkMilliseconds, TextWriter output, CancellationToken cancellationToken) =>
        await RunAsync(new LoadOptions(users, seconds, warmupSeconds, rounds, seedConversations, thinkMilliseconds), output, cancellationToken).ConfigureAwait(false);

    public static async Task<int> RunAsync(LoadOptions options, TextWriter output, CancellationToken cancellationToken) =>
        (await MeasureAsync(options, output, cancellationToken).ConfigureAwait(false)).Errors == 0 ? 0 : 1;

    /// <summary>The <c>load</c> command, printing as it goes, with what each round measured (for <c>budgets</c>).</summary>
    public static async Task<LoadReport> MeasureAsync(LoadOptions options, TextWriter output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(output);
        var (users, seconds, rounds, seedConversations, thinkMilliseconds, instances) = (options.Users, options.Seconds, options.Rounds, options.SeedConversations, options.ThinkMilliseconds, options.Instances);
        var storages = options.StoragesOrDefault;
        if (instances > 1 && storages.Any(s => s != StorageKind.Postgres))
        {
            throw new ArgumentException(Invariant($"--instances {instances} needs --storage postgres: several instances share their state through one PostgreSQL database (and Redis); a LiteDB file belongs to one process."));
        }
        if (seedConversations > 0 && storages.Any(s => s != StorageKind.LiteDb))
        {
            throw new ArgumentException("--seed-conversations seeds a LiteDB file; it does not work with --storage postgres.");
        }
        var warmupSeconds = options.WarmupSeconds;
        var warmup = TimeSpan.FromSeconds(warmupSeconds);
        await output.WriteLineAsync(Invariant($"load: {users} users x {seconds} s per server, after {warmup.TotalSeconds:F0} s of warm-up; {(thinkMilliseconds == 0 ? "closed loop, no think time" : $"closed loop, {thinkMilliseconds} ms think time (±50%) after each reply")}; loopback HTTP, deliveryMode expectReplies; {rounds} round(s) of HelpBot then echo")).ConfigureAwait(false);
        await output.WriteLineAsync("load: each server runs in its own child process (this program's `serve` command), one after the other; memory is the child's peak resident set (VmHWM)").ConfigureAwait(false);
        if (storages.Contains(StorageKind.Postgres))
        {
            await output.WriteLineAsync(Invariant($"load: HelpBot on PostgreSQL: a throwaway server on 127.0.0.1 (initdb in a temporary folder, fsync off) for each phase; its CPU (postmaster and backends) counts as the server's{(instances > 1 ? "; with Redis (Scale:Redis), whose CPU counts too" : "")}")).ConfigureAwait(false);
        }
        if (instances > 1)
        {
            await output.WriteLineAsync(Invariant($"load: {instances} instances of each server, started together; each user's turns go to the instances in turn (no sticky sessions), and the echo bot runs as {instances} instances too; memory is the instances' peak RSS added up")).ConfigureAwait(false);
        }
        if (seedConversations > 0)
        {
            await output.WriteLineAsync(Invariant($"load: HelpBot's database holds {seedConversations} stored conversations (their state as left mid-unlock) before it starts")).ConfigureAwait(false);
        }
        var errors = 0;
        // Each HelpBot phase against the echo bot, and (with two stores) the second store against the first.
        var ratios = storages.Select(_ => new List<(double TurnsPerSecond, double P99, double Cpu)>()).Append([]).ToList();
        var measured = new List<IReadOnlyList<PhaseResult>>();
        for (var round = 1; round <= rounds; round++)
        {
            var results = new List<PhaseResult>();
            measured.Add(results);
            foreach (var (kind, storage) in storages.Select(s => (ServerKind.HelpBot, s)).Append((ServerKind.Echo, StorageKind.LiteDb)))
            {
                var result = await PhaseAsync(kind, storage, instances, users, TimeSpan.FromSeconds(seconds), warmup, kind == ServerKind.HelpBot ? seedConversations : 0, thinkMilliseconds, output, cancellationToken).ConfigureAwait(false);
                results.Add(result);
                errors += result.Errors;
                await output.WriteLineAsync(Line(result)).ConfigureAwait(false);
                if (result.ErrorKinds.Count > 0)
                {
                    await output.WriteLineAsync("  errors: " + string.Join(", ", result.ErrorKinds.Select(e => $"{e.Key} x{e.Value}"))).ConfigureAwait(false);
                    foreach (var (step, reply) in result.UnexpectedReplies)
                    {
                        await output.WriteLineAsync($"  first unexpected reply at {step}: {reply}").ConfigureAwait(false);
                    }
                }
            }
            var e = results[^1];
            for (var i = 0; i < storages.Count; i++)
            {
                var h = results[i];
                ratios[i].Add((h.TurnsPerSecond / e.TurnsPerSecond, h.P(99) / e.P(99), h.CpuMsPerTurn / e.CpuMsPerTurn));
                await output.WriteLineAsync(Invariant($"ratio {RatioName(h)}/echo: turns/s {h.TurnsPerSecond / e.TurnsPerSecond:F2}x, p50 {h.P(50) / e.P(50):F2}x, p95 {h.P(95) / e.P(95):F2}x, p99 {h.P(99) / e.P(99):F2}x, server CPU per turn {h.CpuMsPerTurn / e.CpuMsPerTurn:F2}x, peak RSS {(double)h.PeakResidentBytes / e.PeakResidentBytes:F2}x")).ConfigureAwait(false);
            }
            if (storages.Count > 1)
            {
                var (l, p) = (results[0], results[1]);
                ratios[^1].Add((p.TurnsPerSecond / l.TurnsPerSecond, p.P(99) / l.P(99), p.CpuMsPerTurn / l.CpuMsPerTurn));
                await output.WriteLineAsync(Invariant($"ratio {RatioName(p)}/{RatioName(l)}: turns/s {p.TurnsPerSecond / l.TurnsPerSecond:F2}x, p99 {p.P(99) / l.P(99):F2}x, server CPU per turn {p.CpuMsPerTurn / l.CpuMsPerTurn:F2}x")).ConfigureAwait(false);
            }
        }
        if (rounds > 1)
        {
            var names = storages.Select(s => s == StorageKind.LiteDb ? "HelpBot" : "HelpBot on postgres").ToList();
            for (var i = 0; i < ratios.Count; i++)
            {
                if (ratios[i].Count == 0)
                {
                    continue;
                }
                var name = i < storages.Count ? names[i] + "/echo" : $"{names[1]}/{names[0]}";
                await output.WriteLineAsync(Invariant($"median over {rounds} rounds, {name}: turns/s {Stats.Median(ratios[i].Select(r => r.TurnsPerSecond)):F2}x, p99 {Stats.Median(ratios[i].Select(r => r.P99)):F2}x, server CPU per turn {Stats.Median(ratios[i].Select(r => r.Cpu)):F2}x")).ConfigureAwait(false);
            }
        }
        return new LoadReport(measured, errors);
    }

    /// <summary>"HelpBot" for one instance on LiteDB, as the report always said; otherwise the phase's name.</summary>
    private static string RatioName(PhaseResult r) => r.Storage == StorageKind.LiteDb && r.Instances == 1 ? "HelpBot" : r.Name;

    private static string Line(PhaseResult r) =>
        Invariant($"{(r.Name == "echo" ? "echo   " : r.Name)}: {r.Turns} turns in {r.Seconds:F1} s = {r.TurnsPerSecond:F1} turns/s; latency p50={r.P(50):F2} ms p95={r.P(95):F2} ms p99={r.P(99):F2} ms max={r.P(100):F2} ms; errors={r.Errors}; conversations={r.Conversations}") +
        (r.Kind == ServerKind.HelpBot ? Invariant($" (unlocks verified with the outbox code: {r.UnlocksVerified}; stopped at the code prompt: {r.UnlocksStoppedAtCodePrompt})") : "") +
        Invariant($"; server CPU {r.CpuMsPerTurn:F2} ms/turn") +
        (r.StoreCpu > TimeSpan.Zero ? Invariant($" (of which PostgreSQL{(r.Instances > 1 ? " and Redis" : "")} {r.StoreCpu.TotalMilliseconds / r.Turns:F2})") : "") +
        Invariant($"; peak RSS {r.PeakResidentBytes / 1048576.0:F0} MiB{(r.Instances > 1 ? Invariant($" (sum of {r.Instances} instances)") : "")}");

    private static async Task<PhaseResult> PhaseAsync(ServerKind kind, StorageKind storage, int instances, int users, TimeSpan duration, TimeSpan warmup, int seedConversations, int thinkMilliseconds, TextWriter output, CancellationToken cancellationToken)
    {
        await using var server = await ServerGroup.StartAsync(kind, storage, instances, seedConversations, cancellationToken).ConfigureAwait(false);
        if (server.Seeded is { } seeded)
        {
            await output.WriteLineAsync("load: seeded before HelpBot started: " + seeded).ConfigureAwait(false);
        }
        using var handler = new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5), MaxConnectionsPerServer = users + 1 };
        using var http = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(30) };
        var client = server.Addresses.Select(a => new BotClient(http, a)).ToList();
        var budget = new SendBudget();

        // One continuous run: the warm-up (JIT, the model, LiteDB pages, connections; not counted, no real SafeCodes spent),
        // then the measured part, with the same users going on where they are. Starting the measured part with every user
        // at once would put one synchronised burst of greetings (with 500 users, one turn in twenty) into the figures.
        var tally = new Tally { MeasureFrom = Stopwatch.GetTimestamp() + (long)(warmup.TotalSeconds * Stopwatch.Frequency) };
        var drive = DriveAsync(server, client, budget, users, warmup + duration, thinkMilliseconds, tally, cancellationToken);
        var untilMeasured = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), tally.MeasureFrom);
        await Task.WhenAny(drive, Task.Delay(untilMeasured > TimeSpan.Zero ? untilMeasured : TimeSpan.Zero, cancellationToken)).ConfigureAwait(false);
        var cpuBefore = server.CpuTime();
        var watch = Stopwatch.StartNew();
        await drive.ConfigureAwait(false);
        watch.Stop();
        var cpuAfter = server.CpuTime();
        var storeCpu = cpuAfter.Postgres - cpuBefore.Postgres + (cpuAfter.Redis - cpuBefore.Redis);
        var cpu = cpuAfter.Instances - cpuBefore.Instances + storeCpu;
        var peak = server.PeakResidentBytes();
        var latencies = tally.Latencies.Order().ToList();
        return new PhaseResult(kind, latencies.Count, watch.Elapsed.TotalSeconds, latencies, tally.Errors.Values.Sum(),
            new Dictionary<string, int>(tally.Errors), new Dictionary<string, string>(tally.Examples), tally.Conversations, tally.UnlocksVerified, tally.UnlocksStopped, peak, cpu, storage, instances, storeCpu);
    }

    private sealed class Tally
    {
        public ConcurrentBag<double> Latencies { get; } = [];

        public ConcurrentDictionary<string, int> Errors { get; } = new();

        /// <summary>The first unexpected reply at each step, to say what went wrong.</summary>
        public ConcurrentDictionary<string, string> Examples { get; } = new();

        /// <summary>The <see cref="Stopwatch"/> timestamp the measured part starts at: only what starts from then on counts.</summary>
        public long MeasureFrom;

        public bool Measuring => Stopwatch.GetTimestamp() >= MeasureFrom;

        public int Conversations;
        public int UnlocksVerified;
        public int UnlocksStopped;

        public void Error(string what) => Errors.AddOrUpdate(what, 1, (_, n) => n + 1);
    }

    private static async Task DriveAsync(ServerGroup server, IReadOnlyList<BotClient> clients, SendBudget? budget, int users, TimeSpan duration, int thinkMilliseconds, Tally tally, CancellationToken cancellationToken)
    {
        var stopAt = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        // A safety net: a run always ends, even if a server hangs (each request also times out after 30 s).
        using var bound = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bound.CancelAfter(duration + TimeSpan.FromSeconds(60));
        var tasks = Enumerable.Range(0, users).Select(i => Task.Run(async () =>
        {
            var random = new Random(unchecked(Environment.TickCount * 31 + i));
            var user = new SimulatedUser(server, clients, i, budget, tally, random, thinkMilliseconds);
            if (thinkMilliseconds > 0)
            {
                // Users arrive spread over one think time, as people do, not all in the same millisecond.
                await Task.Delay(TimeSpan.FromMilliseconds(thinkMilliseconds * random.NextDouble()), bound.Token).ConfigureAwait(false);
            }
            while (Stopwatch.GetTimestamp() < stopAt && !bound.IsCancellationRequested)
            {
                await user.ConversationAsync(stopAt, bound.Token).ConfigureAwait(false);
            }
        }, bound.Token));
        await Task.WhenAll(tasks).ConfigureAwait(false);
    }

    /// <summary>
    /// One user's conversation: a greeting, two or three knowledge questions, and sometimes an unlock. With several
    /// instances each turn goes to the next one (user <paramref name="index"/> starts at its own), as a load balancer
    /// without sticky sessions would send them: a conversation's state, SafeCodes and limits must hold across instances.
    /// </summary>
    private sealed class SimulatedUser(ServerGroup server, IReadOnlyList<BotClient> clients, int index, SendBudget? budget, Tally tally, Random random, int thinkMilliseconds)
    {
        private readonly bool _helpBot = server.Kind == ServerKind.HelpBot;
        private int _turns = index;
        private string _conversation = "";
        private string _user = "";
        private long _stopAt;

        public async Task ConversationAsync(long stopAt, CancellationToken cancellationToken)
        {
            _conversation = "load-" + Guid.NewGuid().ToString("N");
            _user = "u-" + Guid.NewGuid().ToString("N");
            _stopAt = stopAt;
            if (tally.Measuring)
            {
                Interlocked.Increment(ref tally.Conversations);
            }

            if (!await TurnAsync("hello", "greeting", r => r.Says(MainTexts.Greeting), cancellationToken).ConfigureAwait(false))
            {
                return;
            }
            var questions = Questions.OrderBy(_ => random.Next()).Take(random.Next(2, 4)).ToList();
            var unlockAt = random.Next(4) == 0 ? random.Next(questions.Count + 1) : -1;
            for (var i = 0; i <= questions.Count; i++)
            {
                if (i == unlockAt && !await UnlockAsync(cancellationToken).ConfigureAwait(false))
                {
                    return;
                }
                if (i < questions.Count && !await AskAsync(questions[i], cancellationToken).ConfigureAwait(false))
                {
                    return;
                }
            }
        }

        private async Task<bool> AskAsync(string question, CancellationToken cancellationToken)
        {
            if (question.StartsWith("who do I contact", StringComparison.Ordinal))
            {
                return await TurnAsync(question, "contact: school?", r => r.Says(ContactOfficeTexts.AskSchool), cancellationToken).ConfigureAwait(false)
                    && await TurnAsync("HMS", "contact: role?", r => r.Says(ContactOfficeTexts.AskRole), cancellationToken).ConfigureAwait(false)
                    && await TurnAsync("Student", "contact: card", r => r.Replies.Any(x => x.Contains("<application/vnd.microsoft.card.adaptive>", StringComparison.Ordinal)), cancellationToken).ConfigureAwait(false);
            }
            if (question.StartsWith("how do I register", StringComparison.Ordinal))
            {
                // The answer is the how-to card and the offer to register here, which this user declines.
                return await TurnAsync(question, "registration: kind?", r => r.Says(RegistrationTexts.AskKind), cancellationToken).ConfigureAwait(false)
                    && await TurnAsync("cancel", "registration: cancelled", r => r.Says(FlowTexts.Cancelled), cancellationToken).ConfigureAwait(false);
            }
            return await TurnAsync(question, "knowledge answer", r => !r.Says(MainTexts.NotSure) && !r.Says(MainTexts.DidNotUnderstand), cancellationToken).ConfigureAwait(false);
        }

        /// <summary>With a SafeCode send left on some account: the whole unlock, with the code read from the outbox. Otherwise up to the code prompt, for a username nobody has (no real send).</summary>
        private async Task<bool> UnlockAsync(CancellationToken cancellationToken)
        {
            var measured = tally.Measuring;
            var lease = measured ? budget?.TryTake(preferEmail: random.Next(2) == 0) : null;
            try
            {
                var channel = lease?.Channel ?? (random.Next(2) == 0 ? "text" : "email");
                var username = lease?.Account.Username ?? "nobody" + random.Next(100_000, 999_999).ToString(System.Globalization.CultureInfo.InvariantCulture);
                IReadOnlyList<int> before = lease is null || server.Outbox is null ? [] : server.Outbox.CountTo(lease.Destination);
                if (!(await TurnAsync("I'm locked out of my account", "unlock: username?", r => r.Says(AccountTexts.AskIdentifier), cancellationToken).ConfigureAwait(false)
                    && await TurnAsync(username, "unlock: channel?", r => r.Says(SafeCodeDialogTexts.ChooseChannel), cancellationToken).ConfigureAwait(false)
                    && await TurnAsync(channel, "unlock: sent", r => r.Says("If that account has"), cancellationToken).ConfigureAwait(false)))
                {
                    return false;
                }
                if (lease is null || server.Outbox is null)
                {
                    // No code will come: the user gives up at the code prompt and cancels, as a person would.
                    if (_helpBot && measured)
                    {
                        Interlocked.Increment(ref tally.UnlocksStopped);
                    }
                    return await TurnAsync("cancel", "unlock: cancelled", r => r.Says(FlowTexts.Cancelled), cancellationToken).ConfigureAwait(false);
                }
                var code = await server.Outbox.WaitForCodeAsync(lease.Destination, before, TimeSpan.FromSeconds(10), cancellationToken).ConfigureAwait(false);
                if (code is null)
                {
                    tally.Error("unlock: no code in the outbox");
                    return false;
                }
                var ok = await TurnAsync(code, "unlock: verified", r => r.Says(SafeCodeDialogTexts.Verified), cancellationToken).ConfigureAwait(false);
                if (ok)
                {
                    Interlocked.Increment(ref tally.UnlocksVerified);
                }
                return ok;
            }
            finally
            {
                if (lease is not null)
                {
                    budget!.Release(lease);
                }
            }
        }

        /// <summary>One timed turn. A failure or an unexpected reply (HelpBot only; the echo bot just echoes) is an error and ends the conversation.</summary>
        private async Task<bool> TurnAsync(string text, string step, Func<TurnResult, bool> expected, CancellationToken cancellationToken)
        {
            if (Stopwatch.GetTimestamp() >= _stopAt || cancellationToken.IsCancellationRequested)
            {
                return false;
            }
            var client = clients[_turns++ % clients.Count];
            var counted = tally.Measuring;
            var result = await client.SendAsync(_conversation, _user, text, cancellationToken).ConfigureAwait(false);
            if (cancellationToken.IsCancellationRequested)
            {
                return false;
            }
            if (counted)
            {
                tally.Latencies.Add(result.Milliseconds);
            }
            if (!result.Ok)
            {
                if (counted)
                {
                    tally.Error(result.Error ?? "no reply");
                }
                return false;
            }
            if (_helpBot && !expected(result))
            {
                if (counted)
                {
                    tally.Error($"unexpected reply at {step}");
                    tally.Examples.TryAdd(step, string.Join(" / ", result.Replies));
                }
                return false;
            }
            if (thinkMilliseconds > 0)
            {
                // Reading the reply and typing the next message; never past the end of the phase.
                var think = TimeSpan.FromMilliseconds(thinkMilliseconds * (0.5 + random.NextDouble()));
                var left = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), _stopAt);
                try
                {
                    await Task.Delay(think < left ? think : left > TimeSpan.Zero ? left : TimeSpan.Zero, cancellationToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    // Stopped (Ctrl+C or the safety net): the conversation ends here and the report is still printed.
                    return false;
                }
            }
            return true;
        }
    }
}
