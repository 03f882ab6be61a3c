using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;

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
        _settings = new Dictionary<string, string?>
        {
            ["Storage:Path"] = Path.Combine(DataDirectory, "helpbot.db"),
            // The embedded message sender writes here, not under the bot project's content root.
            ["Messaging:OutboxPath"] = Path.Combine(DataDirectory, "outbox.jsonl"),
            // The desk is always open, so the wall clock never decides a test's outcome; the service-hours tests set
            // their own hours and a fake clock.
            ["Handoff:ServiceHours"] = "24/7",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            _settings[key] = value;
        }
    }

    public string DataDirectory { get; }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.ConfigureAppConfiguration(config => config.AddInMemoryCollection(_settings));
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            try { Directory.Delete(DataDirectory, recursive: true); } catch (IOException) { }
        }
    }
}
