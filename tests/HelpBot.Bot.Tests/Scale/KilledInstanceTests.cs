using System.Net.WebSockets;
using System.Text.Json.Nodes;
using HelpBot.Bot.Tests.DirectLine;
using HelpBot.Bot.Tests.Storage;
using HelpBot.Tests.Shared;

namespace HelpBot.Bot.Tests.Scale;

/// <summary>
/// Issue 16: two HelpBot processes on one PostgreSQL and one Redis, behind no sticky load balancer. One is killed with
/// SIGKILL in the middle of a Web Chat user's unlock; the user's page reconnects through the other and goes on.
/// </summary>
public sealed class KilledInstanceTests(RedisServerFixture redis, PostgresServerFixture postgres) : IClassFixture<RedisServerFixture>, IClassFixture<PostgresServerFixture>, IDisposable
{
    private readonly string _keys = Directory.CreateTempSubdirectory("helpbot-shared-keys-").FullName;

    [Fact]
    public async Task AnInstanceKilledMidUnlockLosesNothing_AndTheUserFinishesThroughTheOther()
    {
        var settings = new Dictionary<string, string?>
        {
            ["Storage:Provider"] = "Postgres",
            ["Storage:Postgres"] = postgres.Server.ConnectionString(postgres.Server.NewDatabase()),
            // One key folder for both: tokens, SafeCodes and guest keys made by one instance are good on the other.
            ["Storage:KeysPath"] = _keys,
            ["Scale:Redis"] = redis.Server.Configuration,
            ["Handoff:ServiceHours"] = "24/7",
        };
        using var a = await HelpBotProcess.StartAsync(settings);
        using var b = await HelpBotProcess.StartAsync(settings);
        var (bearer, user) = await a.MintWebChatTokenAsync();

        var started = await a.SendAsync(HttpMethod.Post, "/v3/directline/conversations", bearer, "{\"user\":{}}");
        var conversation = (string)started["conversationId"]!;
        var socket = new ClientWebSocket();
        await socket.ConnectAsync(new Uri((string)started["streamUrl"]!), CancellationToken.None);
        var watermarks = new List<string?>();
        var seen = await DirectLineHost.ReceiveUntilAsync(socket, got => got.Exists(DirectLineHost.IsBotMessage), watermarks);

        // The unlock's first three answers, spread over both instances as a load balancer would; the code goes by e-mail.
        string[] answers = ["I'm locked out of my eCommons account", "jsmith", "e-mail me the code please"];
        var posted = new List<string>();
        for (var i = 0; i < answers.Length; i++)
        {
            var id = await (i % 2 == 0 ? a : b).PostMessageAsync(conversation, bearer, user, answers[i]);
            posted.Add(id);
            seen.AddRange(await DirectLineHost.ReceiveUntilAsync(socket, got => got.Exists(r => DirectLineHost.IsBotMessage(r) && (string?)r["replyToId"] == id), watermarks));
        }
        // The channel was chosen through A, so A sent the code.
        var code = await new OutboxFile(a.OutboxPath).WaitForSafeCodeAsync("jane.smith@example.org");

        // kill -9 the instance the page is streaming from: its socket dies with it.
        a.Kill();
        await Assert.ThrowsAnyAsync<Exception>(async () =>
        {
            using var dead = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await socket.ReceiveAsync(new byte[4096], dead.Token);
            await socket.ReceiveAsync(new byte[4096], dead.Token);
        });
        socket.Dispose();

        // Web Chat reconnects from the last watermark it had; only B is left to answer.
        var resumed = await b.SendAsync(HttpMethod.Get, $"/v3/directline/conversations/{conversation}?watermark={watermarks.Last(w => w is not null)}", bearer);
        using var again = new ClientWebSocket();
        await again.ConnectAsync(new Uri((string)resumed["streamUrl"]!), CancellationToken.None);
        var codeId = await b.PostMessageAsync(conversation, bearer, user, code);
        posted.Add(codeId);
        // The code made on A is good on B, and the account is unlocked (a frame that never comes fails the wait).
        var after = await DirectLineHost.ReceiveUntilAsync(again, got => got.Exists(r => DirectLineHost.IsBotMessage(r)
            && (string?)r["replyToId"] == codeId && Says(r, "is unlocked")));
        seen.AddRange(after);
        Assert.DoesNotContain(seen, r => DirectLineHost.IsBotMessage(r) && Says(r, code));

        // B holds the whole conversation, each activity once, with every message of the user answered.
        var history = await b.SendAsync(HttpMethod.Get, $"/v3/directline/conversations/{conversation}/activities", bearer);
        var activities = history["activities"]!.AsArray().Select(x => x!.AsObject()).ToList();
        var ids = activities.Select(x => (string)x["id"]!).ToList();
        Assert.Equal(ids.Distinct().Count(), ids.Count);
        Assert.Equal(posted, activities.Where(x => (string?)x["from"]?["role"] == "user").Select(x => (string)x["id"]!));
        Assert.All(posted, id => Assert.Contains(activities, x => DirectLineHost.IsBotMessage(x) && (string?)x["replyToId"] == id));
        Assert.All(seen.Where(DirectLineHost.IsBotMessage), x => Assert.Contains((string)x["id"]!, ids));
    }

    /// <summary>Whether an activity says <paramref name="words"/>, in its text or its card.</summary>
    private static bool Says(JsonObject activity, string words) =>
        activity.ToJsonString().Contains(words, StringComparison.OrdinalIgnoreCase);

    public void Dispose() => Directory.Delete(_keys, recursive: true);
}
