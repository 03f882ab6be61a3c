using System.Net.Http.Json;
using System.Threading.Channels;
using HelpBot.Bot.AgentConsole;
using HelpBot.Bot.Tests.AgentConsole;
using HelpBot.Bot.Tests.Hosting;
using HelpBot.Bot.Tests.Storage;
using Microsoft.AspNetCore.SignalR.Client;

namespace HelpBot.Bot.Tests.Scale;

/// <summary>
/// Two instances on one PostgreSQL and one Redis (<c>Scale:Redis</c>): an agent whose console is connected to one instance
/// hears about a user who asked for a person on the other, takes the ticket and reads what the user types there (the SignalR
/// backplane and the shared escalation store).
/// </summary>
public sealed class DeskAcrossInstancesTests(RedisServerFixture redis, PostgresServerFixture postgres) : IClassFixture<RedisServerFixture>, IClassFixture<PostgresServerFixture>
{
    [Fact]
    public async Task AnAgentSignedInOnOneInstanceStaysSignedInOnTheOther()
    {
        // Without sticky sessions an agent's requests land on any instance: the sign-in cookie and the console's
        // antiforgery token must be readable by all of them (data-protection keys shared through Redis).
        var settings = new Dictionary<string, string?>
        {
            ["Storage:Provider"] = "Postgres",
            ["Storage:Postgres"] = postgres.Server.ConnectionString(postgres.Server.NewDatabase()),
            ["Scale:Redis"] = redis.Server.Configuration,
        };
        await using var instanceA = new ConsoleHost(settings);
        await using var instanceB = new ConsoleHost(settings);
        var signedInOnA = await instanceA.SignInAsync();

        var onB = signedInOnA with { Host = instanceB };
        using var client = instanceB.Client();
        using var queue = await client.SendAsync(onB.Request(HttpMethod.Get, "/agent/api/queue"));
        Assert.Equal(System.Net.HttpStatusCode.OK, queue.StatusCode);
        await using var console = await onB.ConnectAsync();
        Assert.Equal(HubConnectionState.Connected, console.State);
    }

    [Fact]
    public async Task AnAgentConnectedToOneInstanceHearsOfAUserQueuedOnTheOther()
    {
        var settings = new Dictionary<string, string?>
        {
            ["Storage:Provider"] = "Postgres",
            ["Storage:Postgres"] = postgres.Server.ConnectionString(postgres.Server.NewDatabase()),
            ["Scale:Redis"] = redis.Server.Configuration,
            ["Handoff:ServiceHours"] = "24/7",
        };
        await using var instanceA = new ConsoleHost(settings);
        await using var instanceB = new ConsoleHost(settings);
        var agentOnB = await instanceB.SignInAsync();
        await using var console = await agentOnB.ConnectAsync();
        var queueChanged = Channel.CreateUnbounded<bool>();
        var ticketChanged = Channel.CreateUnbounded<string>();
        console.On("QueueChanged", () => { queueChanged.Writer.TryWrite(true); });
        console.On<string>("TicketChanged", ticket => { ticketChanged.Writer.TryWrite(ticket); });

        using var userOnA = instanceA.Client();
        using var asked = await userOnA.PostAsJsonAsync(new Uri("/api/messages", UriKind.Relative), Activities.Message("across-1", "I'd like to talk to a person please"));
        asked.EnsureSuccessStatusCode();

        using var waited = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        Assert.True(await queueChanged.Reader.ReadAsync(waited.Token), "the console on B was told that the queue changed");
        Assert.Equal("HD-000001", await ticketChanged.Reader.ReadAsync(waited.Token));

        // The agent on B takes the ticket made on A (one escalation store), and what the user then types on A reaches them.
        var lines = Channel.CreateUnbounded<LineView>();
        console.On<string, LineView>("Line", (_, line) => { lines.Writer.TryWrite(line); });
        await console.InvokeAsync("Watch", "HD-000001");
        Assert.True((await console.InvokeAsync<DeskResult>("Take", "HD-000001")).Ok);
        using var typed = await userOnA.PostAsJsonAsync(new Uri("/api/messages", UriKind.Relative), Activities.Message("across-1", "thanks, it's about my lab's shared mailbox"));
        typed.EnsureSuccessStatusCode();
        Assert.Equal("thanks, it's about my lab's shared mailbox", (await lines.Reader.ReadAsync(waited.Token)).Text);
    }
}
