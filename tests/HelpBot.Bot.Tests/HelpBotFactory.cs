using HelpBot.Bot.Storage;
using HelpBot.Dialogs.Messaging;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace HelpBot.Bot.Tests;

/// <summary>
/// The real host in memory (TestServer), with its own LiteDB file in a temporary folder that is deleted afterwards.
/// Extra configuration is applied on top of appsettings.json.
/// </summary>
public sealed class HelpBotFactory : WebApplicationFactory<Program>
{
    private readonly Dictionary<string, string?> _settings;

    public HelpBotFactory(IDictionary<string, string?>? settings = null)
    {
        DataDirectory = Directory.CreateTempSubdirectory("helpbot-test-").FullName;
        _settings = Settings(DataDirectory, settings);
    }

    /// <summary>The tests' settings over appsettings.json: the data in <paramref name="dataDirectory"/>, the desk open, then <paramref name="extra"/>.</summary>
    public static Dictionary<string, string?> Settings(string dataDirectory, IDictionary<string, string?>? extra = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Storage:Path"] = Path.Combine(dataDirectory, "helpbot.db"),
            // The embedded message sender writes here, not under the bot project's content root.
            ["Messaging:OutboxPath"] = Path.Combine(dataDirectory, "outbox.jsonl"),
            // The desk is always open, so the wall clock never decides a test's outcome; the service-hours tests set
            // their own hours and a fake clock.
            ["Handoff:ServiceHours"] = "24/7",
        };
        foreach (var (key, value) in extra ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }
        return settings;
    }

    public string DataDirectory { get; }

    /// <summary>
    /// This host as one that dies before its delivery service ever runs: what it queues stays in the outbox, unsent
    /// (for the tests of what a crash leaves behind).
    /// </summary>
    public WebApplicationFactory<Program> WithoutDelivery() => WithWebHostBuilder(builder => builder.ConfigureServices(services =>
    {
        foreach (var delivery in services.Where(d => d.ServiceType == typeof(IHostedService) && d.ImplementationType == typeof(OutboundDeliveryService)).ToList())
        {
            services.Remove(delivery);
        }
    }));

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.ConfigureAppConfiguration(config => config.AddInMemoryCollection(_settings));
    }

    /// <summary>Every host this factory (or one derived from it) built, with its database, to wait for its file to close.</summary>
    private readonly System.Collections.Concurrent.ConcurrentBag<HelpBotDatabase> _databases = [];

    protected override IHost CreateHost(IHostBuilder builder)
    {
        var host = base.CreateHost(builder);
        if (host.Services.GetService<HelpBotDatabase>() is { } database)
        {
            _databases.Add(database);
        }
        return host;
    }

    /// <summary>
    /// Stops every host and returns once each database file is closed: the app's own run loop disposes the host too,
    /// and whichever disposal comes second returns while the first may still be checkpointing. A test that reads the
    /// file next (or deletes the folder) would otherwise meet a half-written page.
    /// </summary>
    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            foreach (var database in _databases)
            {
                if (!database.Closed.Wait(TimeSpan.FromSeconds(60)))
                {
                    throw new TimeoutException($"The database {database.Path} was not closed within 60 s of the host stopping.");
                }
            }
            try { Directory.Delete(DataDirectory, recursive: true); } catch (IOException) { }
        }
    }
}
