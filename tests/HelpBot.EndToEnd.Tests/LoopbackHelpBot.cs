using System.Net;
using System.Net.Sockets;
using HelpBot.Bot.Hosting;
using HelpBot.EndToEnd.Tests.WebChat;
using HelpBot.Tests.Shared;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace HelpBot.EndToEnd.Tests;

/// <summary>
/// The real HelpBot host, as <c>dotnet run --project bot</c> runs it (bot/ as content root: wwwroot, appsettings),
/// on Kestrel at a free 127.0.0.1 port, with its LiteDB file and outbox in the caller's folder and its log captured.
/// Shared by the browser fixture and the Teams Playground fixture.
/// </summary>
public sealed class LoopbackHelpBot : IAsyncDisposable
{
    private readonly WebApplication _app;

    private LoopbackHelpBot(WebApplication app, Uri url, string outboxPath, LogCapture logs)
    {
        _app = app;
        Url = url;
        OutboxPath = outboxPath;
        Logs = logs;
    }

    public Uri Url { get; }

    public IServiceProvider Services => _app.Services;

    /// <summary>Where SafeCodes and notices go (Messaging:OutboxPath), one JSON line each.</summary>
    public string OutboxPath { get; }

    /// <summary>Everything the host logged since it started.</summary>
    public LogCapture Logs { get; }

    public static Task<LoopbackHelpBot> StartAsync(string dataDirectory, params string[] extraArgs) =>
        StartAsync(dataDirectory, null, extraArgs);

    /// <param name="configureServices">Runs after HelpBot's own registrations: a test replaces a port (e.g. a slow directory) here.</param>
    public static async Task<LoopbackHelpBot> StartAsync(string dataDirectory, Action<IServiceCollection>? configureServices, params string[] extraArgs)
    {
        // The port is chosen first because reset links are built from PasswordReset:PublicBaseUrl, bound at start-up
        // (a port taken by someone else in between would fail the start loudly, not silently).
        var url = new Uri($"http://127.0.0.1:{FreeLoopbackPort()}");
        var outbox = Path.Combine(dataDirectory, "outbox.jsonl");
        string[] args =
        [
            "--urls", url.ToString().TrimEnd('/'),
            "--environment", "Testing",
            "--contentRoot", RepoPaths.Of("bot"),
            "--Storage:Path", Path.Combine(dataDirectory, "helpbot.db"),
            "--Messaging:OutboxPath", outbox,
            "--PasswordReset:PublicBaseUrl", url.ToString().TrimEnd('/'),
            // The desk always open: the wall clock must not decide what a test sees.
            "--Handoff:ServiceHours", "24/7",
            .. extraArgs,
        ];
        // HelpBotHost.Build, with the log capture registered after HelpBot's logging setup (which clears providers);
        // Serilog writes every event to the registered providers too.
        var logs = new LogCapture();
        var builder = WebApplication.CreateBuilder(args);
        builder.AddHelpBot();
        builder.Services.AddSingleton<ILoggerProvider>(logs);
        configureServices?.Invoke(builder.Services);
        var app = builder.Build();
        app.UseHelpBot();
        await app.StartAsync();
        return new LoopbackHelpBot(app, url, outbox, logs);
    }

    public static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>
    /// Removes a fixture's folder (it holds the outbox's SafeCodes and the database). Processes that just stopped
    /// (Chromium, Node) may still write for a moment, so it tries a few times; the OS cleans temp eventually.
    /// </summary>
    public static async Task DeleteFolderAsync(string folder)
    {
        for (var attempt = 1; Directory.Exists(folder); attempt++)
        {
            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (IOException) when (attempt < 20)
            {
                await Task.Delay(250);
            }
            catch (IOException)
            {
                return;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
