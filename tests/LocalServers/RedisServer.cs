using System.Diagnostics;
using StackExchange.Redis;

namespace HelpBot.LocalServers;

/// <summary>
/// A throwaway Redis (Debian's redis-server) on 127.0.0.1 at a free port, in memory only (no snapshot, no append-only
/// file); killed on Dispose. Missing redis-server is a failure with a clear message, never a skip (./test.sh installs it).
/// Compiled into the tests and the load benchmark (<c>--instances 2</c>), internal to each.
/// </summary>
internal sealed class RedisServer : IDisposable
{
    private const string Program = "/usr/bin/redis-server";

    private readonly Process _process;

    private RedisServer(Process process, int port)
    {
        _process = process;
        Port = port;
    }

    public int Port { get; }

    /// <summary>The server's process id: the benchmark counts its CPU time.</summary>
    public int ProcessId => _process.Id;

    /// <summary>For <c>Scale:Redis</c> and StackExchange.Redis.</summary>
    public string Configuration => $"127.0.0.1:{Port}";

    public static RedisServer Start()
    {
        if (!File.Exists(Program))
        {
            throw new InvalidOperationException($"redis-server is not installed ({Program}). ./test.sh installs it: apt-get install redis-server.");
        }
        var port = ExternalProcess.FreeLoopbackPort();
        var process = ExternalProcess.StartServer(Program,
            ["--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--protected-mode", "yes"]);
        var server = new RedisServer(process, port);
        var waited = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                using var probe = ConnectionMultiplexer.Connect($"{server.Configuration},connectTimeout=500,abortConnect=true");
                return server;
            }
            catch (RedisConnectionException) when (waited.Elapsed < TimeSpan.FromSeconds(20) && !process.HasExited)
            {
                Thread.Sleep(100);
            }
        }
    }

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill();
                _process.WaitForExit(5_000);
            }
        }
        catch (InvalidOperationException)
        {
            // already gone
        }
        _process.Dispose();
    }
}
