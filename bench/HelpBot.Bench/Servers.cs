using System.Diagnostics;
using System.Globalization;
using HelpBot.Bot.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace HelpBot.Bench;

/// <summary>Which server a phase drives.</summary>
public enum ServerKind
{
    HelpBot,
    Echo,
}

/// <summary>A server the driver talks to over loopback HTTP, with the data folder it owns.</summary>
public interface IBenchServer : IAsyncDisposable
{
    ServerKind Kind { get; }

    Uri BaseAddress { get; }

    /// <summary>HelpBot's outbox (null for the echo bot).</summary>
    Outbox? Outbox { get; }
}

/// <summary>How the real host is started for a benchmark: loopback, a fresh LiteDB file and outbox in a temp folder.</summary>
public static class HelpBotArgs
{
    /// <param name="settings">More settings (<c>--Key=Value</c>), after the defaults so they win: another store, Redis, shared keys.</param>
    public static string[] For(string dataDirectory, bool quietLogs, IEnumerable<string>? settings = null) =>
    [
        "--urls", "http://127.0.0.1:0",
        "--environment", "Benchmark",
        $"--Storage:Path={Path.Combine(dataDirectory, "helpbot.db")}",
        $"--Messaging:OutboxPath={Path.Combine(dataDirectory, "outbox.jsonl")}",
        // In-process, the host's per-request Information logs would interleave with the bench's own output.
        .. quietLogs ? (string[])["--Serilog:MinimumLevel:Default=Warning", "--Serilog:MinimumLevel:Override:Microsoft.Hosting.Lifetime=Warning"] : [],
        .. settings ?? [],
    ];

    public static Uri Address(WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new Uri(address.Replace("localhost", "127.0.0.1", StringComparison.Ordinal));
    }
}

/// <summary>The real HelpBot host in this process (LiteDB store, embedded directory and outbox), on an ephemeral loopback port.</summary>
public sealed class InProcessHelpBot : IBenchServer
{
    private readonly WebApplication _app;
    private readonly string _data;

    private InProcessHelpBot(WebApplication app, string data)
    {
        _app = app;
        _data = data;
        BaseAddress = HelpBotArgs.Address(app);
        Outbox = new Outbox(Path.Combine(data, "outbox.jsonl"));
    }

    public ServerKind Kind => ServerKind.HelpBot;

    public Uri BaseAddress { get; }

    public Outbox? Outbox { get; }

    public static async Task<InProcessHelpBot> StartAsync()
    {
        var data = Directory.CreateTempSubdirectory("helpbot-bench-").FullName;
        var app = HelpBotHost.Build(HelpBotArgs.For(data, quietLogs: true));
        await app.StartAsync().ConfigureAwait(false);
        return new InProcessHelpBot(app, data);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
        TryDelete(_data);
    }

    internal static void TryDelete(string directory)
    {
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}

/// <summary>
/// A server in a child process (this program's <c>serve</c> command), so its memory is its own: the peak resident set
/// (VmHWM in /proc/&lt;pid&gt;/status) is read just before it is stopped. It prints its address, then serves until its
/// standard input closes; its log goes to server.log in its data folder.
/// </summary>
public sealed class ChildServer : IBenchServer
{
    private readonly Process _process;
    private readonly string _data;
    private readonly StreamWriter _log;
    private readonly Task _drain;
    private readonly bool _published;

    private ChildServer(ServerKind kind, Process process, string data, StreamWriter log, Uri address, Task drain, bool published)
    {
        _published = published;
        Kind = kind;
        _process = process;
        _data = data;
        _log = log;
        _drain = drain;
        BaseAddress = address;
        Outbox = kind == ServerKind.HelpBot ? new Outbox(Path.Combine(data, "outbox.jsonl")) : null;
    }

    public ServerKind Kind { get; }

    public Uri BaseAddress { get; }

    public Outbox? Outbox { get; }

    public int ProcessId => _process.Id;

    /// <summary>What was stored in its database before it started (<c>--seed-conversations</c>), if anything.</summary>
    public string? Seeded { get; private init; }

    /// <param name="settings">HelpBot's settings beyond a benchmark's defaults (<see cref="HelpBotArgs.For"/>), as <c>--Key=Value</c>.</param>
    /// <param name="publishedApp">A folder HelpBot was published to (<c>dotnet publish bot</c>): that build is started, as a
    /// deployment starts it, instead of this program's <c>serve helpbot</c>.</param>
    public static async Task<ChildServer> StartAsync(ServerKind kind, CancellationToken cancellationToken, int seedConversations = 0, IReadOnlyList<string>? settings = null,
        string? publishedApp = null)
    {
        var data = Directory.CreateTempSubdirectory($"helpbot-bench-{kind.ToString().ToLowerInvariant()}-").FullName;
        var seeded = seedConversations > 0 ? await StateSeeder.SeedAsync(data, seedConversations, cancellationToken).ConfigureAwait(false) : null;
        var start = publishedApp is null
            ? SelfCommand(["serve", kind == ServerKind.HelpBot ? "helpbot" : "echo", data, .. settings ?? []])
            : PublishedCommand(publishedApp, HelpBotArgs.For(data, quietLogs: false, settings));
        start.RedirectStandardInput = true;
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.UseShellExecute = false;
        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start the server process.");
        var log = new StreamWriter(Path.Combine(data, "server.log")) { AutoFlush = false };
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(60));
            Uri? address = null;
            while (address is null)
            {
                var line = await process.StandardOutput.ReadLineAsync(timeout.Token).ConfigureAwait(false)
                    ?? throw new InvalidOperationException($"The {kind} server exited before listening: {await process.StandardError.ReadToEndAsync(cancellationToken).ConfigureAwait(false)}");
                await log.WriteLineAsync(line).ConfigureAwait(false);
                if (line.StartsWith(ServeCommand.ListeningPrefix, StringComparison.Ordinal))
                {
                    address = new Uri(line[ServeCommand.ListeningPrefix.Length..].Trim());
                }
                else if (publishedApp is not null && line.IndexOf(HostListeningText, StringComparison.Ordinal) is >= 0 and var at)
                {
                    // The published host's own start-up log line (Microsoft.Hosting.Lifetime).
                    address = new Uri(line[(at + HostListeningText.Length)..].Trim());
                }
            }
            var shared = TextWriter.Synchronized(log);
            var drain = Task.WhenAll(Copy(process.StandardOutput, shared), Copy(process.StandardError, shared));
            return new ChildServer(kind, process, data, log, address, drain, publishedApp is not null) { Seeded = seeded };
        }
        catch
        {
            process.Kill(entireProcessTree: true);
            process.Dispose();
            await log.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>The server process's CPU time so far (user + system, all threads).</summary>
    public TimeSpan CpuTime()
    {
        _process.Refresh();
        return _process.TotalProcessorTime;
    }

    /// <summary>The peak resident set size of the server process so far, in bytes (VmHWM; elsewhere the runtime's peak working set).</summary>
    public long PeakResidentBytes()
    {
        var status = $"/proc/{_process.Id}/status";
        if (File.Exists(status))
        {
            var line = File.ReadLines(status).FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
            if (line is not null)
            {
                return long.Parse(line["VmHWM:".Length..].Replace("kB", "", StringComparison.Ordinal).Trim(), CultureInfo.InvariantCulture) * 1024;
            }
        }
        _process.Refresh();
        return _process.PeakWorkingSet64;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            // Closing its standard input is the child's signal to stop its host gracefully; a published HelpBot stops on
            // SIGTERM, as under systemd or in a container.
            _process.StandardInput.Close();
            if (_published)
            {
                using var term = Process.Start(new ProcessStartInfo("kill", ["-TERM", _process.Id.ToString(CultureInfo.InvariantCulture)]) { UseShellExecute = false });
                await term!.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
            }
            using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(15));
            try
            {
                await _process.WaitForExitAsync(wait.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
            }
            await _drain.ConfigureAwait(false);
        }
        finally
        {
            _process.Dispose();
            await _log.DisposeAsync().ConfigureAwait(false);
            // HELPBOT_BENCH_KEEP_DATA=1 keeps the folder, with the server's log (server.log), to see why turns failed.
            if (Environment.GetEnvironmentVariable("HELPBOT_BENCH_KEEP_DATA") != "1")
            {
                InProcessHelpBot.TryDelete(_data);
            }
        }
    }

    private static async Task Copy(StreamReader reader, TextWriter log)
    {
        while (await reader.ReadLineAsync().ConfigureAwait(false) is { } line)
        {
            await log.WriteLineAsync(line).ConfigureAwait(false);
        }
    }

    private const string HostListeningText = "Now listening on: ";

    /// <summary><c>dotnet HelpBot.dll</c> in a published folder, with the given arguments.</summary>
    private static ProcessStartInfo PublishedCommand(string folder, IEnumerable<string> args)
    {
        var app = Path.Combine(Path.GetFullPath(folder), "HelpBot.dll");
        var processPath = Environment.ProcessPath ?? "dotnet";
        var start = new ProcessStartInfo(Path.GetFileNameWithoutExtension(processPath) == "dotnet"
            ? processPath
            : Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            WorkingDirectory = Path.GetDirectoryName(app),
        };
        start.ArgumentList.Add(app);
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }
        return start;
    }

    /// <summary>This program again, with other arguments: the apphost directly, or `dotnet exec` on this assembly.</summary>
    private static ProcessStartInfo SelfCommand(IEnumerable<string> args)
    {
        var self = typeof(ChildServer).Assembly.Location;
        var processPath = Environment.ProcessPath ?? "dotnet";
        var start = new ProcessStartInfo();
        if (Path.GetFileNameWithoutExtension(processPath) == Path.GetFileNameWithoutExtension(self))
        {
            start.FileName = processPath;
        }
        else
        {
            start.FileName = Path.GetFileNameWithoutExtension(processPath) == "dotnet"
                ? processPath
                : Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet";
            start.ArgumentList.Add("exec");
            start.ArgumentList.Add(self);
        }
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }
        return start;
    }
}

/// <summary>The hidden <c>serve helpbot|echo &lt;data-folder&gt; [--Key=Value …]</c> command that <see cref="ChildServer"/> runs.</summary>
public static class ServeCommand
{
    public const string ListeningPrefix = "LISTENING ";

    public static async Task<int> RunAsync(string kind, string data, IReadOnlyList<string>? settings = null)
    {
        var app = kind == "helpbot"
            ? HelpBotHost.Build(HelpBotArgs.For(data, quietLogs: false, settings))
            : EchoServer.Build(["--urls", "http://127.0.0.1:0", "--environment", "Benchmark"]);
        await app.StartAsync().ConfigureAwait(false);
        await Console.Out.WriteLineAsync(ListeningPrefix + HelpBotArgs.Address(app)).ConfigureAwait(false);
        await Console.Out.FlushAsync().ConfigureAwait(false);
        while (await Console.In.ReadLineAsync().ConfigureAwait(false) is not null)
        {
        }
        await app.StopAsync().ConfigureAwait(false);
        await app.DisposeAsync().ConfigureAwait(false);
        return 0;
    }
}
