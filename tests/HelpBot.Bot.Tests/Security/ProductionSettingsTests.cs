using System.Collections.Concurrent;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace HelpBot.Bot.Tests.Security;

/// <summary>
/// Issue 15, finding 4: in Production HelpBot refuses to start on the demo settings (the seeded directory whose
/// passwords are in the README, SafeCodes written to a file, reset links to localhost), with one message naming every
/// setting to change; <c>Demo:AllowInProduction=true</c> starts anyway and says so loudly in the log.
/// </summary>
public sealed class ProductionSettingsTests
{
    private static readonly string[] DemoSettings =
        ["Directory:Provider", "Messaging:Email", "Messaging:Text", "PasswordReset:PublicBaseUrl"];

    [Fact]
    public void Finding4_ProductionOnTheDemoSettingsRefusesToStartWithOneMessageNamingEverySetting()
    {
        using var factory = new HelpBotFactory();
        using var app = factory.WithWebHostBuilder(b => b.UseEnvironment("Production"));

        var failure = Assert.ThrowsAny<Exception>(() => app.Server);

        // One message (not one per setting) names them all, and the way out for a demo deployment.
        var message = Messages(failure).FirstOrDefault(m => m.Contains("Directory:Provider", StringComparison.Ordinal)) ?? Flatten(failure);
        foreach (var setting in DemoSettings)
        {
            Assert.Contains(setting, message, StringComparison.Ordinal);
        }
        Assert.Contains("Demo:AllowInProduction", message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Directory:Provider", "Embedded")]
    [InlineData("Messaging:Email", "Outbox")]
    [InlineData("Messaging:Text", "Outbox")]
    [InlineData("PasswordReset:PublicBaseUrl", "http://localhost:3978")]
    [InlineData("PasswordReset:PublicBaseUrl", "http://127.0.0.1:8080")]
    public void Finding4_EachDemoSettingAloneStopsAProductionStart(string key, string demoValue)
    {
        var settings = RealSettings();
        settings[key] = demoValue;
        using var factory = new HelpBotFactory(settings);
        using var app = factory.WithWebHostBuilder(b => b.UseEnvironment("Production"));

        var failure = Flatten(Assert.ThrowsAny<Exception>(() => app.Server));

        Assert.Contains(key, failure, StringComparison.Ordinal);
        foreach (var other in DemoSettings.Where(s => s != key))
        {
            Assert.DoesNotContain(other + " is", failure, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Finding4_TheExplicitOptInStartsAndLogsAWarningNamingEverySetting()
    {
        var logs = new LevelledLogs();
        using var factory = new HelpBotFactory(new Dictionary<string, string?> { ["Demo:AllowInProduction"] = "true" });
        using var app = factory.WithWebHostBuilder(b => b
            .UseEnvironment("Production")
            .ConfigureServices(s => s.AddSingleton<ILoggerProvider>(logs)));
        using var client = app.CreateClient();

        using var health = await client.GetAsync(new Uri("/healthz", UriKind.Relative));

        Assert.True(health.IsSuccessStatusCode, $"/healthz answered {health.StatusCode}");
        var warning = Assert.Single(logs.Lines, l => l.Level >= LogLevel.Warning && l.Text.Contains("Demo:AllowInProduction", StringComparison.Ordinal));
        foreach (var setting in DemoSettings)
        {
            Assert.Contains(setting, warning.Text, StringComparison.Ordinal);
        }
    }

    /// <summary>Production-like values for every demo setting (nothing is contacted: the start stops at validation).</summary>
    private static Dictionary<string, string?> RealSettings() => new()
    {
        ["Directory:Provider"] = "Ldap",
        ["Directory:Ldap:Host"] = "ldap.example.edu",
        ["Directory:Ldap:BaseDn"] = "ou=people,dc=example,dc=edu",
        ["Directory:Ldap:BindDn"] = "cn=helpbot,dc=example,dc=edu",
        ["Directory:Ldap:BindPassword"] = "not-a-real-secret",
        ["Messaging:Email"] = "Smtp",
        ["Messaging:Smtp:Host"] = "smtp.example.edu",
        ["Messaging:Smtp:From"] = "HMS IT <no-reply@example.edu>",
        ["Messaging:Text"] = "Twilio",
        ["Messaging:Twilio:AccountSid"] = "AC00000000000000000000000000000000",
        ["Messaging:Twilio:AuthToken"] = "not-a-real-secret",
        ["Messaging:Twilio:From"] = "+16175550100",
        ["PasswordReset:PublicBaseUrl"] = "https://helpbot.example.edu",
    };

    private static IEnumerable<string> Messages(Exception e) =>
        e is AggregateException a ? a.Flatten().InnerExceptions.SelectMany(Messages) : [e.Message, .. e.InnerException is null ? [] : Messages(e.InnerException)];

    private static string Flatten(Exception e) => string.Join(" | ", Messages(e));

    private sealed class LevelledLogs : ILoggerProvider
    {
        private readonly ConcurrentQueue<(LogLevel Level, string Text)> _lines = new();

        public IReadOnlyCollection<(LogLevel Level, string Text)> Lines => _lines;

        public ILogger CreateLogger(string categoryName) => new Logger(_lines);

        public void Dispose()
        {
        }

        private sealed class Logger(ConcurrentQueue<(LogLevel Level, string Text)> lines) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                lines.Enqueue((logLevel, formatter(state, exception)));
        }
    }
}
