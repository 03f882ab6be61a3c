using System.Diagnostics;
using Npgsql;

using static HelpBot.LocalServers.ExternalProcess;

namespace HelpBot.LocalServers;

/// <summary>
/// A throwaway PostgreSQL server (Debian's postgresql package) on 127.0.0.1 at a free port: a cluster made with initdb in
/// a temporary folder (trust authentication, reachable from this machine only, its time zone America/New_York), started, and on Dispose stopped and its
/// folder removed. Run as the <c>postgres</c> system user when the tests run as root (PostgreSQL refuses root). Missing
/// PostgreSQL is a failure with a clear message, never a skip (./test.sh installs it). Compiled into the tests and the load
/// benchmark (<c>--storage postgres</c>), internal to each.
/// </summary>
internal sealed class PostgresServer : IDisposable
{
    private const string User = "helpbot";

    private readonly string _folder;
    private readonly Process _process;

    private PostgresServer(string folder, Process process, int port)
    {
        _folder = folder;
        _process = process;
        Port = port;
    }

    public int Port { get; }

    /// <summary>The postmaster's process id (its backends are its children): the benchmark counts their CPU time.</summary>
    public int ProcessId => _process.Id;

    /// <summary>A connection string to a database of its own: each test (or class) gets a fresh one from <see cref="NewDatabase"/>.</summary>
    public string ConnectionString(string database) =>
        $"Host=127.0.0.1;Port={Port};Username={User};Database={database};Pooling=true;Timeout=15";

    public static PostgresServer Start()
    {
        var bin = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin")).Where(d => File.Exists(Path.Combine(d, "initdb"))).OrderDescending().FirstOrDefault()
            : null;
        if (bin is null)
        {
            throw new InvalidOperationException("PostgreSQL is not installed (no /usr/lib/postgresql/*/bin/initdb). ./test.sh installs it: apt-get install postgresql.");
        }
        var folder = Directory.CreateTempSubdirectory("helpbot-pg-").FullName;
        var asRoot = Environment.UserName == "root";
        if (asRoot)
        {
            Check(Run("chown", "-R", "postgres:postgres", folder), "chown");
        }
        var data = Path.Combine(folder, "data");
        Check(Run(asRoot ? "setpriv" : Path.Combine(bin, "initdb"), AsPostgres(asRoot, Path.Combine(bin, "initdb"),
            "-D", data, "-U", User, "--auth=trust", "-E", "UTF8", "--locale=C", "--no-sync")), "initdb");
        var port = FreeLoopbackPort();
        var process = StartServer(asRoot ? "setpriv" : Path.Combine(bin, "postgres"), AsPostgres(asRoot, Path.Combine(bin, "postgres"), "-D", data,
            "-p", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-k", folder, "-c", "listen_addresses=127.0.0.1", "-c", "fsync=off", "-c", "max_connections=200",
            // A server in the school's own time zone, not UTC: instants must come back as they were stored whatever the zone.
            "-c", "timezone=America/New_York"));
        var server = new PostgresServer(folder, process, port);
        server.WaitUntilReady();
        return server;
    }

    /// <summary>Creates an empty database and returns its name.</summary>
    public string NewDatabase()
    {
        var name = "t" + Guid.NewGuid().ToString("N")[..16];
        using var connection = new NpgsqlConnection(ConnectionString("postgres"));
        connection.Open();
        using var command = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
        command.ExecuteNonQuery();
        return name;
    }

    /// <summary>A fresh database with HelpBot's schema, as an instance would find it after its start-up migration.</summary>
    public NpgsqlDataSource NewMigratedDataSource()
    {
        var dataSource = NpgsqlDataSource.Create(ConnectionString(NewDatabase()));
        HelpBot.Bot.Storage.Postgres.PostgresSchema.MigrateAsync(dataSource).GetAwaiter().GetResult();
        return dataSource;
    }

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(10_000);
            }
        }
        catch (InvalidOperationException)
        {
            // already gone
        }
        _process.Dispose();
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    private void WaitUntilReady()
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                using var connection = new NpgsqlConnection(ConnectionString("postgres") + ";Pooling=false");
                connection.Open();
                return;
            }
            catch (NpgsqlException) when (deadline.Elapsed < TimeSpan.FromSeconds(30) && !_process.HasExited)
            {
                Thread.Sleep(100);
            }
        }
    }

    private static string[] AsPostgres(bool asRoot, string program, params string[] args) =>
        asRoot ? ["--reuid=postgres", "--regid=postgres", "--init-groups", "--", program, .. args] : [.. args];

    private static void Check((int Code, string Output) result, string what)
    {
        if (result.Code != 0)
        {
            throw new InvalidOperationException($"{what} failed ({result.Code}): {result.Output}");
        }
    }
}
