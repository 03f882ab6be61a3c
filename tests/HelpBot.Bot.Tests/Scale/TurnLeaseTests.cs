using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using HelpBot.Bot.Scale;
using HelpBot.Bot.Tests.Hosting;
using HelpBot.Bot.Tests.Storage;
using StackExchange.Redis;

namespace HelpBot.Bot.Tests.Scale;

/// <summary>A conversation's turns run one at a time across instances (<c>Scale:Redis</c>), and a dead holder does not block it for good.</summary>
public sealed class TurnLeaseTests(RedisServerFixture redis, PostgresServerFixture postgres) : IClassFixture<RedisServerFixture>, IClassFixture<PostgresServerFixture>
{
    [Fact]
    public async Task TheSecondInstanceWaitsUntilTheFirstReleases_AndALeaseLeftByACrashEndsByItself()
    {
        using var a = await ConnectionMultiplexer.ConnectAsync(redis.Server.Configuration);
        using var b = await ConnectionMultiplexer.ConnectAsync(redis.Server.Configuration);
        var onA = new RedisTurnLease(a, TimeSpan.FromSeconds(30));
        var onB = new RedisTurnLease(b, TimeSpan.FromSeconds(30));

        var first = await onA.AcquireAsync("msteams/c-1", TimeSpan.FromSeconds(1), CancellationToken.None);
        Assert.NotNull(first);
        Assert.Null(await onB.AcquireAsync("msteams/c-1", TimeSpan.FromMilliseconds(200), CancellationToken.None));
        Assert.NotNull(await onB.AcquireAsync("msteams/another", TimeSpan.FromMilliseconds(200), CancellationToken.None));
        var waiting = onB.AcquireAsync("msteams/c-1", TimeSpan.FromSeconds(5), CancellationToken.None);
        await first!.DisposeAsync();
        Assert.NotNull(await waiting);

        // An instance that dies mid-turn (its connection to Redis gone, so it renews nothing): the next one gets the
        // conversation once the lease runs out.
        var dying = await ConnectionMultiplexer.ConnectAsync(redis.Server.Configuration);
        var crashed = new RedisTurnLease(dying, TimeSpan.FromSeconds(1));
        Assert.NotNull(await crashed.AcquireAsync("directline/c-2", TimeSpan.FromSeconds(1), CancellationToken.None));
        await dying.CloseAsync(allowCommandsToComplete: false);
        dying.Dispose();
        var clock = Stopwatch.StartNew();
        Assert.NotNull(await onB.AcquireAsync("directline/c-2", TimeSpan.FromSeconds(5), CancellationToken.None));
        Assert.InRange(clock.Elapsed, TimeSpan.FromMilliseconds(300), TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task ATurnThatRunsLongerThanTheLeaseKeepsItUntilItEnds()
    {
        using var a = await ConnectionMultiplexer.ConnectAsync(redis.Server.Configuration);
        using var b = await ConnectionMultiplexer.ConnectAsync(redis.Server.Configuration);
        var onA = new RedisTurnLease(a, TimeSpan.FromSeconds(1));
        var onB = new RedisTurnLease(b, TimeSpan.FromSeconds(1));

        // A's turn waits on a slow directory for three lease lengths: B's message for the same conversation waits too.
        var slow = await onA.AcquireAsync("msteams/slow", TimeSpan.FromSeconds(1), CancellationToken.None);
        Assert.NotNull(slow);
        Assert.Null(await onB.AcquireAsync("msteams/slow", TimeSpan.FromSeconds(3), CancellationToken.None));

        // When A's turn ends, B's next try gets it at once (no waiting for a lease to run out).
        await slow!.DisposeAsync();
        Assert.NotNull(await onB.AcquireAsync("msteams/slow", TimeSpan.Zero, CancellationToken.None));
    }

    [Fact]
    public async Task TwoInstancesTakingMessagesOfOneConversationAtOnceNeverFailATurn()
    {
        var settings = new Dictionary<string, string?>
        {
            ["Storage:Provider"] = "Postgres",
            ["Storage:Postgres"] = postgres.Server.ConnectionString(postgres.Server.NewDatabase()),
            ["Scale:Redis"] = redis.Server.Configuration,
        };
        using var hostA = new HelpBotFactory(settings);
        using var hostB = new HelpBotFactory(settings);
        using var clientA = hostA.CreateClient();
        using var clientB = hostB.CreateClient();

        var replies = new List<string>();
        for (var round = 0; round < 8; round++)
        {
            var both = await Task.WhenAll(SayAsync(clientA, "what is SafeCode?"), SayAsync(clientB, "how do I find my Harvard ID?"));
            replies.AddRange(both);
        }

        // Without the lease, a turn that lost the race to save would answer with the error message instead.
        Assert.DoesNotContain(replies, r => r.Contains("went wrong", StringComparison.OrdinalIgnoreCase));
        Assert.All(replies, r => Assert.False(string.IsNullOrWhiteSpace(r)));
    }

    private static async Task<string> SayAsync(HttpClient client, string text)
    {
        using var response = await client.PostAsJsonAsync(new Uri("/api/messages", UriKind.Relative), Activities.Message("c-concurrent", text));
        response.EnsureSuccessStatusCode();
        var replies = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["activities"]!.AsArray();
        return string.Join("\n", replies.Select(r => (string?)r!["text"] ?? r!.ToJsonString()));
    }
}
