using System.Globalization;
using HelpBot.Dialogs.Accounts;

namespace HelpBot.Bench;

/// <summary>
/// R1 (no user enumeration): runs the unlock conversation up to the SafeCode prompt for known usernames and for unknown
/// ones, interleaved in random order, and compares the latency distributions of the two turns that could leak whether
/// an account exists — submitting the identifier, and choosing the channel (which sends the code, or doesn't) — and
/// the words of every reply.
/// </summary>
public static class EnumerationCommand
{
    private const string LockedOut = "I'm locked out of my account";

    /// <summary>Warm-up pairs discarded on each later host (a fresh database), after the first host's --warmup pairs.</summary>
    private const int WarmupPairsAfterRotation = 5;
    private const double Alpha = 0.01;

    public static async Task<int> RunAsync(int pairs, int warmupPairs, TextWriter output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(output);
        var random = new Random();
        var samples = new Dictionary<(string Turn, bool Known), List<double>>();
        var replies = new Dictionary<(string Turn, string Channel, bool Known), HashSet<string>>();
        var errors = 0;
        var hosts = 0;
        var measured = 0;

        await output.WriteLineAsync(Invariant($"enumeration: {pairs} pairs (known vs unknown username), after {warmupPairs} warm-up pairs; real host in-process, LiteDB, loopback")).ConfigureAwait(false);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        while (measured < pairs)
        {
            // A fresh host (fresh database) whenever the known accounts' SafeCode sends are spent: nothing is raised in config.
            await using var host = await InProcessHelpBot.StartAsync().ConfigureAwait(false);
            hosts++;
            var client = new BotClient(http, host.BaseAddress);
            var budget = new SendBudget();
            var warmup = hosts == 1 ? warmupPairs : Math.Min(warmupPairs, WarmupPairsAfterRotation);
            for (var i = 0; measured < pairs; i++)
            {
                var lease = budget.TryTake(preferEmail: random.Next(2) == 0);
                if (lease is null)
                {
                    break;
                }
                budget.Release(lease); // one conversation at a time here
                var unknown = RandomUsername(random);
                var knownFirst = random.Next(2) == 0;
                var a = await TrialAsync(client, knownFirst ? lease.Account.Username : unknown, lease.Channel, cancellationToken).ConfigureAwait(false);
                var b = await TrialAsync(client, knownFirst ? unknown : lease.Account.Username, lease.Channel, cancellationToken).ConfigureAwait(false);
                var (known, other) = knownFirst ? (a, b) : (b, a);
                if (known is null || other is null)
                {
                    errors++;
                    continue;
                }
                if (i < warmup)
                {
                    continue;
                }
                measured++;
                foreach (var (trial, isKnown) in new[] { (known, true), (other, false) })
                {
                    for (var t = 0; t < trial.Count; t++)
                    {
                        var (turn, result) = trial[t];
                        Get(samples, (turn, isKnown)).Add(result.Milliseconds);
                        Get(replies, (turn, lease.Channel, isKnown)).Add(string.Join(" / ", result.Replies));
                    }
                }
            }
        }

        await output.WriteLineAsync(Invariant($"hosts: {hosts} (a fresh database each time the known accounts' SafeCode sends ran out); errors: {errors}")).ConfigureAwait(false);
        var distinguishable = new List<string>();
        var summary = new List<string>();
        foreach (var turn in new[] { "identifier", "channel" })
        {
            var k = Get(samples, (turn, true)).Order().ToList();
            var u = Get(samples, (turn, false)).Order().ToList();
            await output.WriteLineAsync(Invariant($"turn {turn,-10} known   n={k.Count,4} p50={Stats.Percentile(k, 50),7:F2} ms p90={Stats.Percentile(k, 90),7:F2} ms p99={Stats.Percentile(k, 99),7:F2} ms mean={Mean(k),7:F2} ms")).ConfigureAwait(false);
            await output.WriteLineAsync(Invariant($"turn {turn,-10} unknown n={u.Count,4} p50={Stats.Percentile(u, 50),7:F2} ms p90={Stats.Percentile(u, 90),7:F2} ms p99={Stats.Percentile(u, 99),7:F2} ms mean={Mean(u),7:F2} ms")).ConfigureAwait(false);
            var (d, p) = Stats.KolmogorovSmirnov(k, u);
            await output.WriteLineAsync(Invariant($"turn {turn,-10} median difference (known - unknown) = {Stats.Percentile(k, 50) - Stats.Percentile(u, 50):+0.00;-0.00} ms; KS D={d:F3}, p={p:F3}")).ConfigureAwait(false);
            summary.Add(Invariant($"{turn}: KS D={d:F3}, p={p:F3}"));
            if (!(p >= Alpha))
            {
                distinguishable.Add(turn);
            }
        }

        var textsIdentical = true;
        foreach (var (turn, channel) in replies.Keys.Select(key => (key.Turn, key.Channel)).Distinct().Order())
        {
            var k = Get(replies, (turn, channel, true));
            var u = Get(replies, (turn, channel, false));
            var same = k.SetEquals(u);
            textsIdentical &= same;
            await output.WriteLineAsync(Invariant($"reply texts, turn {turn}, by {channel}: {(same ? "identical" : "DIFFERENT")} ({k.Count} distinct for known, {u.Count} for unknown)")).ConfigureAwait(false);
            if (!same)
            {
                foreach (var line in k.Except(u))
                {
                    await output.WriteLineAsync("  known only:   " + line).ConfigureAwait(false);
                }
                foreach (var line in u.Except(k))
                {
                    await output.WriteLineAsync("  unknown only: " + line).ConfigureAwait(false);
                }
            }
        }
        await output.WriteLineAsync($"reply texts: {(textsIdentical ? "identical" : "DIFFERENT")} for known and unknown usernames").ConfigureAwait(false);
        await output.WriteLineAsync(distinguishable.Count == 0
            ? $"enumeration: indistinguishable ({string.Join("; ", summary)}; alpha={Alpha.ToString(CultureInfo.InvariantCulture)})"
            : $"enumeration: DISTINGUISHABLE by {string.Join(" and ", distinguishable)} turn timing ({string.Join("; ", summary)}; alpha={Alpha.ToString(CultureInfo.InvariantCulture)})").ConfigureAwait(false);
        return errors == 0 && textsIdentical ? 0 : 1;
    }

    /// <summary>"I'm locked out" → the username (timed) → the channel (timed). Null when a turn failed or said something unexpected.</summary>
    private static async Task<List<(string Turn, TurnResult Result)>?> TrialAsync(BotClient client, string username, string channel, CancellationToken cancellationToken)
    {
        var conversation = "enum-" + Guid.NewGuid().ToString("N");
        var user = "u-" + Guid.NewGuid().ToString("N");
        var start = await client.SendAsync(conversation, user, LockedOut, cancellationToken).ConfigureAwait(false);
        if (!start.Ok || !start.Says(AccountTexts.AskIdentifier))
        {
            return null;
        }
        var identifier = await client.SendAsync(conversation, user, username, cancellationToken).ConfigureAwait(false);
        var chosen = await client.SendAsync(conversation, user, channel, cancellationToken).ConfigureAwait(false);
        return identifier.Ok && chosen.Ok ? [("identifier", identifier), ("channel", chosen)] : null;
    }

    /// <summary>A plausible username nobody has: two initials and a surname-like tail, never one of the cast.</summary>
    private static string RandomUsername(Random random)
    {
        const string letters = "abcdefghijklmnopqrstuvwxyz";
        while (true)
        {
            var length = random.Next(5, 9);
            var name = string.Concat(Enumerable.Range(0, length).Select(_ => letters[random.Next(letters.Length)]));
            if (Cast.PersonalAccounts.All(a => a.Username != name) && name != "radiology")
            {
                return name;
            }
        }
    }

    private static double Mean(List<double> values) => values.Count == 0 ? double.NaN : values.Average();

    private static TValue Get<TKey, TValue>(Dictionary<TKey, TValue> map, TKey key)
        where TKey : notnull
        where TValue : new()
    {
        if (!map.TryGetValue(key, out var value))
        {
            map[key] = value = new TValue();
        }
        return value;
    }

    internal static string Invariant(FormattableString s) => FormattableString.Invariant(s);
}
