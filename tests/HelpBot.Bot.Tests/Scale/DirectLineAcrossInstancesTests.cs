using System.Net.WebSockets;
using System.Security.Cryptography;
using HelpBot.Bot.AgentConsole;
using HelpBot.Bot.DirectLine;
using HelpBot.Bot.Storage;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using HelpBot.Bot.Tests.AgentConsole;
using HelpBot.Bot.Tests.DirectLine;
using HelpBot.Bot.Tests.Storage;

namespace HelpBot.Bot.Tests.Scale;

/// <summary>
/// Web Chat on two instances sharing one PostgreSQL and one Redis, without sticky sessions: a user's socket stays open on
/// one instance while their messages, the bot's replies and an agent's messages are produced on the other (issue 16).
/// </summary>
public sealed class DirectLineAcrossInstancesTests(RedisServerFixture redis, PostgresServerFixture postgres) : IClassFixture<RedisServerFixture>, IClassFixture<PostgresServerFixture>
{
    private Dictionary<string, string?> SharedSettings() => new()
    {
        ["Storage:Provider"] = "Postgres",
        ["Storage:Postgres"] = postgres.Server.ConnectionString(postgres.Server.NewDatabase()),
        ["Scale:Redis"] = redis.Server.Configuration,
        // Every instance must accept the tokens any of them issued.
        ["DirectLine:TokenSigningKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
        ["Handoff:ServiceHours"] = "24/7",
    };

    [Fact]
    public async Task AUserStreamingFromOneInstanceGetsEveryReplyOnce_WhileTheirMessagesGoThroughBoth()
    {
        var settings = SharedSettings();
        using var a = new DirectLineHost(settings);
        using var b = new DirectLineHost(settings);
        var token = a.NewToken();
        var started = await a.StartAsync(token.Token);
        using var socket = await a.ConnectAsync((string)started["streamUrl"]!);
        var received = await DirectLineHost.ReceiveUntilAsync(socket, got => got.Exists(DirectLineHost.IsBotMessage));

        var watermarks = new List<string?>();
        string[] questions = ["what is SafeCode?", "how do I find my Harvard ID?", "who can sponsor a guest?", "what's the service desk phone number?"];
        var posted = new List<string>();
        for (var i = 0; i < questions.Length; i++)
        {
            // Alternating, as a load balancer without sticky sessions would send them.
            var through = i % 2 == 0 ? b : a;
            var id = await through.PostAsync(token.ConversationId, token.Token, DirectLineHost.Message(questions[i]));
            posted.Add(id);
            received.AddRange(await DirectLineHost.ReceiveUntilAsync(socket, got => got.Exists(r => (string?)r["replyToId"] == id), watermarks));
        }

        // A turn may send more after its first reply: read until the socket has had as much as the store holds.
        var (fromB, _) = await b.PollAsync(token.ConversationId, token.Token);
        var before = received.Count;
        received.AddRange(await DirectLineHost.ReceiveUntilAsync(socket, got => before + got.Count >= fromB.Count, watermarks));

        // Every message and reply arrived on A's socket, each once, in the order of the conversation.
        var ids = received.Select(r => (string)r["id"]!).ToList();
        Assert.Equal(ids.Distinct().Count(), ids.Count);
        Assert.Equal(questions, received.Where(r => (string?)r["from"]?["role"] == "user").Select(r => (string?)r["text"]));
        Assert.All(posted, id => Assert.Contains(received, r => DirectLineHost.IsBotMessage(r) && (string?)r["replyToId"] == id));
        Assert.Contains(received, r => ((string?)r["text"] ?? "").Contains("617-432-2000", StringComparison.Ordinal));

        // Either instance holds the same history, and reading on from the socket's last watermark misses nothing.
        var (fromA, _) = await a.PollAsync(token.ConversationId, token.Token);
        Assert.Equal(ids, fromA.Select(r => (string)r["id"]!));
        Assert.Equal(ids, fromB.Select(r => (string)r["id"]!));
        var (rest, _) = await b.PollAsync(token.ConversationId, token.Token, watermarks[^1]);
        Assert.Empty(rest);
        await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
    }

    [Fact]
    public async Task AWebChatUserOnOneInstanceChatsLiveWithAnAgentWhoseConsoleIsOnTheOther()
    {
        var settings = SharedSettings();
        using var userSide = new DirectLineHost(settings);
        await using var deskSide = new ConsoleHost(settings);
        var agent = await deskSide.SignInAsync();
        await using var console = await agent.ConnectAsync();

        var token = userSide.NewToken();
        var started = await userSide.StartAsync(token.Token);
        using var socket = await userSide.ConnectAsync((string)started["streamUrl"]!);
        await DirectLineHost.ReceiveUntilAsync(socket, got => got.Exists(DirectLineHost.IsBotMessage));
        var asked = await userSide.PostAsync(token.ConversationId, token.Token, DirectLineHost.Message("I'd like to talk to a person please"));
        await DirectLineHost.ReceiveUntilAsync(socket, got => got.Exists(r => (string?)r["replyToId"] == asked));

        var ticket = Assert.Single(await deskSide.Store.ListOpenAsync(default)).Ticket;
        Assert.True((await console.InvokeAsync<DeskResult>("Take", ticket)).Ok);
        Assert.True((await console.InvokeAsync<DeskResult>("Send", ticket, "Hi, this is the Service Desk. How can I help?")).Ok);

        var live = await DirectLineHost.ReceiveUntilAsync(socket, got => got.Exists(r => (string?)r["text"] == "Hi, this is the Service Desk. How can I help?"));
        var fromAgent = live.Single(r => (string?)r["text"] == "Hi, this is the Service Desk. How can I help?");
        Assert.Equal("bot", (string?)fromAgent["from"]!["role"]);
        Assert.StartsWith(HelpBot.Bot.DirectLine.DirectLineAdapter.AgentIdPrefix, (string?)fromAgent["from"]!["id"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task AConversationTheRetentionPurgeRemovesOnOneInstanceIsGoneFromTheOthersMemoryToo()
    {
        var settings = SharedSettings();
        using var a = new DirectLineHost(settings);
        using var b = new DirectLineHost(settings);
        var token = a.NewToken();
        await a.StartAsync(token.Token);
        // Posted through B: the conversation is now live in both instances' memory.
        await b.PostAsync(token.ConversationId, token.Token, DirectLineHost.Message("what is SafeCode?"));
        Assert.Contains((await b.PollAsync(token.ConversationId, token.Token)).Activities, IsTheQuestion);

        // The purge runs on one instance only (a lease), long after the conversation went quiet.
        var purge = a.Services.GetServices<IRetainedData>().OfType<DirectLineRetention>().Single();
        Assert.Equal(1, await purge.PurgeAsync(DateTimeOffset.UtcNow.AddYears(5), new RetentionOptions(), CancellationToken.None));

        // B must not serve the purged history from memory: the same token now finds a conversation without it.
        var deadline = DateTime.UtcNow.AddSeconds(10);
        List<System.Text.Json.Nodes.JsonObject> onB;
        do
        {
            await Task.Delay(100);
            onB = (await b.PollAsync(token.ConversationId, token.Token)).Activities;
        }
        while (onB.Exists(IsTheQuestion) && DateTime.UtcNow < deadline);
        Assert.DoesNotContain(onB, IsTheQuestion);

        static bool IsTheQuestion(System.Text.Json.Nodes.JsonObject activity) => (string?)activity["text"] == "what is SafeCode?";
    }
}
