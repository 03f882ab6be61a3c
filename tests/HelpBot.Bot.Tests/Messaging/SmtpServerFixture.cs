using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace HelpBot.Bot.Tests.Messaging;

/// <summary>
/// A real SMTP server for the tests: Debian's aiosmtpd on 127.0.0.1 at a free port, writing every message it receives
/// into a Maildir. Started once for the test class and stopped after it. Missing aiosmtpd is a failure, not a skip.
/// </summary>
public sealed class SmtpServerFixture : IAsyncLifetime
{
    private const string Python = "/usr/bin/python3";
    private Process? _server;

    private readonly string _root = Directory.CreateTempSubdirectory("helpbot-smtp-").FullName;

    /// <summary>Not created here: Python's Maildir makes its tmp/new/cur folders only when it creates the folder itself.</summary>
    public string Maildir => Path.Combine(_root, "maildir");

    public int Port { get; private set; }

    public async Task InitializeAsync()
    {
        if (!File.Exists(Python) || await RunAsync(Python, "-c \"import aiosmtpd\"") != 0)
        {
            throw new InvalidOperationException(
                "The SMTP tests need Debian's python3-aiosmtpd (a real local SMTP server). Run ./test.sh, which installs it, or: apt-get install -y python3-aiosmtpd");
        }
        Port = LocalServers.ExternalProcess.FreeLoopbackPort();
        _server = Process.Start(new ProcessStartInfo(Python)
        {
            ArgumentList = { "-m", "aiosmtpd", "-n", "-l", $"127.0.0.1:{Port}", "-c", "aiosmtpd.handlers.Mailbox", Maildir },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        })!;
        var stopwatch = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync(IPAddress.Loopback, Port);
                return;
            }
            catch (SocketException) when (stopwatch.Elapsed < TimeSpan.FromSeconds(15) && !_server.HasExited)
            {
                await Task.Delay(100);
            }
            catch (SocketException)
            {
                var error = _server.HasExited ? await _server.StandardError.ReadToEndAsync() : "(still running)";
                throw new InvalidOperationException($"aiosmtpd did not start listening on 127.0.0.1:{Port}: {error}");
            }
        }
    }

    /// <summary>The raw messages received so far (Maildir "new" folder).</summary>
    public IReadOnlyList<string> Received()
    {
        var folder = Path.Combine(Maildir, "new");
        return Directory.Exists(folder) ? Directory.EnumerateFiles(folder).Select(File.ReadAllText).ToList() : [];
    }

    public Task DisposeAsync()
    {
        if (_server is { HasExited: false })
        {
            _server.Kill(entireProcessTree: true);
            _server.WaitForExit(5000);
        }
        _server?.Dispose();
        try { Directory.Delete(_root, recursive: true); } catch (IOException) { }
        return Task.CompletedTask;
    }

    private static async Task<int> RunAsync(string file, string arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(file, arguments) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false })!;
        await process.WaitForExitAsync();
        return process.ExitCode;
    }
}
