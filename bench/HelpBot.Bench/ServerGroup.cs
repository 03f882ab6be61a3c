using System.Globalization;
using System.Security.Cryptography;
using HelpBot.LocalServers;

namespace HelpBot.Bench;

/// <summary>Where HelpBot keeps its state in a load run (<c>--storage</c>).</summary>
public enum StorageKind
{
    LiteDb,
    Postgres,
}

/// <summary>
/// What one phase of a load run drives: one or more servers of one kind, each a <see cref="ChildServer"/>, and for HelpBot
/// on PostgreSQL the servers they share, started here on 127.0.0.1 and stopped afterwards: a throwaway PostgreSQL
/// (initdb in a temporary folder, as the tests do) and, for several instances, a Redis (<c>Scale:Redis</c>). Several
/// instances get the settings that must be equal on all of them (the key settings); each has its own outbox file.
/// </summary>
public sealed class ServerGroup : IAsyncDisposable
{
    private readonly List<ChildServer> _members;
    private readonly PostgresServer? _postgres;
    private readonly RedisServer? _redis;

    private ServerGroup(ServerKind kind, List<ChildServer> members, PostgresServer? postgres, RedisServer? redis)
    {
        Kind = kind;
        _members = members;
        _postgres = postgres;
        _redis = redis;
        Outbox = kind == ServerKind.HelpBot ? new Outbox([.. members.Select(m => m.Outbox!.Paths[0])]) : null;
    }

    public ServerKind Kind { get; }

    /// <summary>Each instance's address; a user's turns go to them in turn.</summary>
    public IReadOnlyList<Uri> Addresses => [.. _members.Select(m => m.BaseAddress)];

    /// <summary>All the instances' outbox files (null for the echo bot).</summary>
    public Outbox? Outbox { get; }

    /// <summary>What was stored in the database before HelpBot started (<c>--seed-conversations</c>, LiteDB only), if anything.</summary>
    public string? Seeded => _members[0].Seeded;

    /// <summary>Starts <paramref name="instances"/> servers (together), after the PostgreSQL and Redis they need.</summary>
    public static async Task<ServerGroup> StartAsync(ServerKind kind, StorageKind storage, int instances, int seedConversations, CancellationToken cancellationToken)
    {
        PostgresServer? postgres = null;
        RedisServer? redis = null;
        var members = new List<ChildServer>();
        try
        {
            var settings = new List<string>();
            if (kind == ServerKind.HelpBot && storage == StorageKind.Postgres)
            {
                postgres = await Task.Run(PostgresServer.Start, cancellationToken).ConfigureAwait(false);
                settings.Add("--Storage:Provider=Postgres");
                // The server takes 200 connections (PostgresServer): each instance's pool (Npgsql's default, 100) is capped
                // so that all of them fit, as a deployment must; a turn then waits for a connection rather than failing.
                settings.Add("--Storage:Postgres=" + postgres.ConnectionString(postgres.NewDatabase()) +
                    string.Create(CultureInfo.InvariantCulture, $";Maximum Pool Size={Math.Min(100, 190 / instances)}"));
            }
            if (kind == ServerKind.HelpBot && instances > 1)
            {
                redis = await Task.Run(RedisServer.Start, cancellationToken).ConfigureAwait(false);
                settings.Add("--Scale:Redis=" + redis.Configuration);
                // Equal on every instance (README, "Running several instances"): a SafeCode sent by one is verified by
                // another, a Direct Line token made by one is accepted by the others. Otherwise each would make its own
                // key files in its own data folder.
                foreach (var key in new[] { "SafeCode:HashKey", "GuestKeys:HashKey", "DirectLine:TokenSigningKey", "Messaging:OutboxKey" })
                {
                    settings.Add($"--{key}={Convert.ToBase64String(RandomNumberGenerator.GetBytes(32))}");
                }
            }
            // Started together, as a deployment would: the schema migration must be safe with two instances starting at once.
            var starting = Enumerable.Range(0, instances)
                .Select(_ => ChildServer.StartAsync(kind, cancellationToken, seedConversations, settings)).ToList();
            try
            {
                await Task.WhenAll(starting).ConfigureAwait(false);
            }
            finally
            {
                members.AddRange(starting.Where(t => t.IsCompletedSuccessfully).Select(t => t.Result));
            }
            return new ServerGroup(kind, members, postgres, redis);
        }
        catch
        {
            foreach (var member in members)
            {
                await member.DisposeAsync().ConfigureAwait(false);
            }
            redis?.Dispose();
            postgres?.Dispose();
            throw;
        }
    }

    /// <summary>CPU time so far of the instances, and of PostgreSQL (postmaster and backends) and Redis when they run.</summary>
    public (TimeSpan Instances, TimeSpan Postgres, TimeSpan Redis) CpuTime() =>
        (_members.Aggregate(TimeSpan.Zero, (sum, m) => sum + m.CpuTime()),
         _postgres is null ? TimeSpan.Zero : ProcessTreeCpu(_postgres.ProcessId),
         _redis is null ? TimeSpan.Zero : ProcessTreeCpu(_redis.ProcessId));

    /// <summary>The instances' peak resident sets, added up (PostgreSQL's and Redis's memory not counted).</summary>
    public long PeakResidentBytes() => _members.Sum(m => m.PeakResidentBytes());

    public async ValueTask DisposeAsync()
    {
        foreach (var member in _members)
        {
            await member.DisposeAsync().ConfigureAwait(false);
        }
        _redis?.Dispose();
        _postgres?.Dispose();
    }

    /// <summary>
    /// The CPU time (user + system) of a process and its living descendants, plus what its children that have exited used
    /// (from /proc; Linux only, zero elsewhere). PostgreSQL does its work in one child process per connection.
    /// </summary>
    private static TimeSpan ProcessTreeCpu(int root)
    {
        if (!Directory.Exists("/proc"))
        {
            return TimeSpan.Zero;
        }
        var processes = new Dictionary<int, (int Parent, long Ticks, long ChildTicks)>();
        foreach (var folder in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(folder), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                continue;
            }
            try
            {
                // pid (comm) state ppid … utime(14) stime(15) cutime(16) cstime(17): comm may hold spaces, so split after ')'.
                var stat = File.ReadAllText(Path.Combine(folder, "stat"));
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                long Field(int n) => long.Parse(fields[n - 3], CultureInfo.InvariantCulture);
                processes[pid] = ((int)Field(4), Field(14) + Field(15), Field(16) + Field(17));
            }
            catch (IOException)
            {
                // gone meanwhile
            }
            catch (UnauthorizedAccessException)
            {
            }
        }
        if (!processes.TryGetValue(root, out var top))
        {
            return TimeSpan.Zero;
        }
        var ticks = top.Ticks + top.ChildTicks;
        var parents = new HashSet<int> { root };
        bool added;
        do
        {
            added = false;
            foreach (var (pid, p) in processes)
            {
                if (!parents.Contains(pid) && parents.Contains(p.Parent))
                {
                    parents.Add(pid);
                    ticks += p.Ticks;
                    added = true;
                }
            }
        }
        while (added);
        // USER_HZ, 100 on Linux.
        return TimeSpan.FromSeconds(ticks / 100.0);
    }
}
