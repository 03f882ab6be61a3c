using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using HelpBot.Bot.Tests.Accounts;
using HelpBot.Bot.Tests.Hosting;
using HelpBot.Dialogs.Accounts;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace HelpBot.Bot.Tests.Telemetry;

/// <summary>
/// What an operator sees: the Prometheus scrape at /metrics and the health checks. HelpBot's metrics are process-wide,
/// so these tests run alone (a collection without parallel runs) and compare a scrape before and after.
/// </summary>
[Collection(TelemetryTestGroup.Name)]
public sealed partial class TelemetryTests
{
    [Fact]
    public async Task AnUnlockShowsInTheMetricsAsTurnsAFlowAndASafeCodeSent_WithNoAccountOrPhoneInThem()
    {
        using var factory = new HelpBotFactory();
        using var client = factory.CreateClient();
        var before = await ScrapeAsync(client);

        foreach (var text in new[] { "I'm locked out of eCommons", "jsmith", "text" })
        {
            using var reply = await client.PostAsJsonAsync(new Uri("/api/messages", UriKind.Relative), Activities.Message("c-metrics", text));
            Assert.Equal(HttpStatusCode.OK, reply.StatusCode);
        }
        var after = await ScrapeAsync(client);

        Assert.True(Sum(after, "helpbot_turns_total") - Sum(before, "helpbot_turns_total") >= 3, "three turns were counted");
        Assert.Equal(1, Sum(after, "helpbot_flows_started_total", "flow=\"UnlockDialog\"") - Sum(before, "helpbot_flows_started_total", "flow=\"UnlockDialog\""));
        Assert.Equal(1, Sum(after, "helpbot_audit_events_total", "action=\"safecode.sent\"", "outcome=\"success\"")
            - Sum(before, "helpbot_audit_events_total", "action=\"safecode.sent\"", "outcome=\"success\""));
        Assert.Contains("helpbot_turn_duration", after, StringComparison.Ordinal);
        Assert.Contains("helpbot_handoff_waiting", after, StringComparison.Ordinal);
        // Tags name flows and outcomes, never a person. Only names and labels are searched for the phone's digits: a
        // value such as a CPU time of 114.790101 s may hold any digits (a full run once failed on exactly that).
        Assert.DoesNotContain("jsmith", after, StringComparison.OrdinalIgnoreCase);
        var namesAndLabels = string.Join('\n', after.Split('\n').Select(line => line.LastIndexOf(' ') is var space and > 0 ? line[..space] : line));
        Assert.DoesNotContain("0101", namesAndLabels, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheMetricsAreNotServedToAnotherMachine()
    {
        using var factory = new HelpBotFactory();
        using var fromElsewhere = factory.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.AddSingleton<IStartupFilter>(new RemoteAddress(IPAddress.Parse("203.0.113.7")))));
        using var remote = fromElsewhere.CreateClient();
        using var local = factory.CreateClient();

        using var refused = await remote.GetAsync(new Uri("/metrics", UriKind.Relative));
        using var served = await local.GetAsync(new Uri("/metrics", UriKind.Relative));

        Assert.Equal(HttpStatusCode.NotFound, refused.StatusCode);
        Assert.Equal(HttpStatusCode.OK, served.StatusCode);
    }

    [Fact]
    public async Task WhenTheDirectoryDoesNotAnswerTheInstanceIsAliveButNotReady()
    {
        using var factory = new HelpBotFactory();
        using var broken = factory.WithWebHostBuilder(b => b.ConfigureTestServices(s =>
        {
            // Failure injection: the directory of this host does not answer.
            s.AddSingleton<IAccountDirectory, UnavailableDirectory>();
        }));
        using var client = broken.CreateClient();
        using var healthy = factory.CreateClient();

        using var live = await client.GetAsync(new Uri("/health/live", UriKind.Relative));
        using var ready = await client.GetAsync(new Uri("/health/ready", UriKind.Relative));
        using var readyWhenWell = await healthy.GetAsync(new Uri("/health/ready", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        Assert.Equal("Unhealthy", await ready.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, readyWhenWell.StatusCode);
    }

    private static async Task<string> ScrapeAsync(HttpClient client)
    {
        // The exporter caches a scrape briefly; ask past that cache.
        await Task.Delay(TimeSpan.FromMilliseconds(350));
        using var response = await client.GetAsync(new Uri("/metrics", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    /// <summary>The sum of every sample of <paramref name="metric"/> whose labels contain all of <paramref name="labels"/>.</summary>
    private static double Sum(string scrape, string metric, params string[] labels) =>
        scrape.Split('\n')
            .Select(line => Sample().Match(line))
            .Where(m => m.Success && m.Groups["name"].Value == metric && labels.All(l => m.Groups["labels"].Value.Contains(l, StringComparison.Ordinal)))
            .Sum(m => double.Parse(m.Groups["value"].Value, CultureInfo.InvariantCulture));

    [GeneratedRegex(@"^(?<name>[a-z_]+)(\{(?<labels>[^}]*)\})?\s+(?<value>[0-9.eE+-]+)")]
    private static partial Regex Sample();

    private sealed class RemoteAddress(IPAddress address) : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((http, nextMiddleware) =>
            {
                http.Connection.RemoteIpAddress = address;
                return nextMiddleware(http);
            });
            next(app);
        };
    }
}

/// <summary>Tests that read process-wide metrics run on their own.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TelemetryTestGroup
{
    public const string Name = "Telemetry";
}
