using System.Net;
using System.Text.Json.Nodes;
using HelpBot.Bot.DirectLine;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Schema;
using Microsoft.Extensions.DependencyInjection;

namespace HelpBot.Bot.Tests.DirectLine;

public class DirectLineConversationTests
{
    [Fact]
    public async Task StartingAConversationReturns201WithTokenAndStreamUrlAndTheBotGreets()
    {
        using var host = new DirectLineHost();
        var token = host.NewToken();

        var response = await host.SendAsync(HttpMethod.Post, "/conversations", token.Token, "{\"user\":{}}");

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await DirectLineHost.ReadObjectAsync(response);
        Assert.Equal(token.ConversationId, (string?)body["conversationId"]);
        Assert.False(string.IsNullOrEmpty((string?)body["token"]));
        Assert.True((int)body["expires_in"]! > 0);
        var streamUrl = (string)body["streamUrl"]!;
        Assert.StartsWith($"ws://localhost{DirectLineHost.Prefix}/conversations/{token.ConversationId}/stream?t=", streamUrl, StringComparison.Ordinal);

        var (activities, watermark) = await host.PollAsync(token.ConversationId, (string)body["token"]!);
        var greeting = Assert.Single(activities);
        Assert.True(DirectLineHost.IsBotMessage(greeting));
        Assert.Equal("application/vnd.microsoft.card.adaptive", (string?)greeting["attachments"]![0]!["contentType"]);
        Assert.Equal("directline", (string?)greeting["channelId"]);
        Assert.Equal(token.ConversationId, (string?)greeting["conversation"]!["id"]);
        Assert.NotNull(greeting["timestamp"]);
        // The conversationUpdate it answers is never shown to Web Chat, so the greeting must not point at it.
        Assert.Null(greeting["replyToId"]);
        Assert.Equal("1", watermark);
    }

    [Fact]
    public async Task StartingTheSameConversationAgainReturns200AndDoesNotGreetAgain()
    {
        using var host = new DirectLineHost();
        var token = host.NewToken();
        await host.StartAsync(token.Token);

        var again = await host.SendAsync(HttpMethod.Post, "/conversations", token.Token);
        var resumed = await host.SendAsync(HttpMethod.Get, $"/conversations/{token.ConversationId}?watermark=1", token.Token);

        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(HttpStatusCode.OK, resumed.StatusCode);
        var resumedBody = await DirectLineHost.ReadObjectAsync(resumed);
        Assert.Equal(token.ConversationId, (string?)resumedBody["conversationId"]);
        Assert.EndsWith("&watermark=1", (string)resumedBody["streamUrl"]!, StringComparison.Ordinal);
        var (activities, _) = await host.PollAsync(token.ConversationId, token.Token);
        Assert.Single(activities, DirectLineHost.IsBotMessage);
    }

    [Fact]
    public async Task PostedMessageIsEchoedWithItsIdAndClientActivityIdAndTheBotRepliesToThatId()
    {
        using var host = new DirectLineHost();
        var token = host.NewToken();
        await host.StartAsync(token.Token);
        var (_, afterGreeting) = await host.PollAsync(token.ConversationId, token.Token);

        var id = await host.PostAsync(token.ConversationId, token.Token, DirectLineHost.Message("hello", clientActivityId: "divst4or3h"));

        Assert.StartsWith(token.ConversationId + "|", id, StringComparison.Ordinal);
        var (activities, _) = await host.PollAsync(token.ConversationId, token.Token, afterGreeting);
        var echo = activities[0];
        Assert.Equal(id, (string?)echo["id"]);
        Assert.Equal("divst4or3h", (string?)echo["channelData"]!["clientActivityID"]);
        Assert.Equal("user", (string?)echo["from"]!["role"]);
        Assert.Equal("directline", (string?)echo["channelId"]);
        Assert.Equal("hello", (string?)echo["text"]);
        Assert.NotNull(echo["timestamp"]);
        var reply = Assert.Single(activities.Skip(1));
        Assert.True(DirectLineHost.IsBotMessage(reply));
        Assert.Equal(id, (string?)reply["replyToId"]);
        Assert.Equal(DirectLineAdapter.BotId, (string?)reply["from"]!["id"]);
        Assert.False(string.IsNullOrEmpty((string?)reply["id"]));
        Assert.NotEqual(id, (string?)reply["id"]);
        Assert.NotNull(reply["timestamp"]);
    }

    [Fact]
    public async Task PollingWithWatermarksReturnsEveryActivityOnceInOrder()
    {
        using var host = new DirectLineHost();
        var token = host.NewToken();
        await host.StartAsync(token.Token);
        var seen = new List<JsonObject>();
        var (first, watermark) = await host.PollAsync(token.ConversationId, token.Token);
        seen.AddRange(first);

        var posted = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            posted.Add(await host.PostAsync(token.ConversationId, token.Token, DirectLineHost.Message($"message {i}")));
            var (next, nextWatermark) = await host.PollAsync(token.ConversationId, token.Token, watermark);
            seen.AddRange(next);
            watermark = nextWatermark;
        }
        var (nothingNew, unchanged) = await host.PollAsync(token.ConversationId, token.Token, watermark);

        var ids = seen.Select(a => (string)a["id"]!).ToList();
        Assert.Equal(ids.Distinct().Count(), ids.Count);
        Assert.All(posted, id => Assert.Contains(id, ids));
        Assert.All(posted, id => Assert.Contains(seen, a => (string?)a["replyToId"] == id));
        // Each echo comes before the reply to it.
        Assert.All(posted, id => Assert.True(ids.IndexOf(id) < seen.FindIndex(a => (string?)a["replyToId"] == id)));
        Assert.Empty(nothingNew);
        Assert.Equal(watermark, unchanged);
        Assert.Equal(7, seen.Count);
    }

    [Fact]
    public async Task UserIdAndNameComeFromTheTokenNotFromThePostedActivity_C3()
    {
        using var host = new DirectLineHost();
        var token = host.NewToken("u-alice", "Alice");
        await host.StartAsync(token.Token);
        var message = DirectLineHost.Message("Please unlock my account");
        message["from"] = new JsonObject { ["id"] = "u-mallory", ["name"] = "Mallory", ["role"] = "user" };
        message["recipient"] = new JsonObject { ["id"] = "someone-else" };
        message["conversation"] = new JsonObject { ["id"] = "another-conversation" };

        var id = await host.PostAsync(token.ConversationId, token.Token, message);

        var (activities, _) = await host.PollAsync(token.ConversationId, token.Token);
        var echo = activities.Single(a => (string?)a["id"] == id);
        Assert.Equal("u-alice", (string?)echo["from"]!["id"]);
        Assert.Equal("Alice", (string?)echo["from"]!["name"]);
        Assert.Equal(token.ConversationId, (string?)echo["conversation"]!["id"]);
        Assert.Equal(DirectLineAdapter.BotId, (string?)echo["recipient"]!["id"]);
        // The bot answers whoever it saw as the sender: the token's user.
        var reply = activities.Single(a => (string?)a["replyToId"] == id);
        Assert.Equal("u-alice", (string?)reply["recipient"]!["id"]);
    }

    [Fact]
    public async Task TurnsOfOneConversationRunOneAtATime()
    {
        var probe = new ConcurrencyProbe();
        using var host = new DirectLineHost(services: s => s.AddSingleton<Microsoft.Bot.Builder.IMiddleware>(probe));
        var token = host.NewToken();
        await host.StartAsync(token.Token);

        var posts = Enumerable.Range(0, 5).Select(i => host.PostAsync(token.ConversationId, token.Token, DirectLineHost.Message($"at once {i}")));
        var ids = await Task.WhenAll(posts);

        Assert.Equal(1, probe.MaxConcurrent);
        var (activities, _) = await host.PollAsync(token.ConversationId, token.Token);
        Assert.All(ids, id => Assert.Contains(activities, a => (string?)a["replyToId"] == id));
    }

    [Fact]
    public async Task TypingIsPassedToTheBotButGetsNoWatermarkPosition()
    {
        using var host = new DirectLineHost();
        var token = host.NewToken();
        await host.StartAsync(token.Token);
        var (_, before) = await host.PollAsync(token.ConversationId, token.Token);

        await host.PostAsync(token.ConversationId, token.Token, new JsonObject { ["type"] = "typing" });

        var (activities, after) = await host.PollAsync(token.ConversationId, token.Token, before);
        Assert.Empty(activities);
        Assert.Equal(before, after);
    }

    [Fact]
    public async Task ProactiveMessagesThroughTheAdapterReachTheConversation()
    {
        using var host = new DirectLineHost();
        var token = host.NewToken("u-alice");
        await host.StartAsync(token.Token);
        var (_, before) = await host.PollAsync(token.ConversationId, token.Token);
        var adapter = host.Services.GetRequiredService<DirectLineAdapter>();
        var reference = new ConversationReference
        {
            ServiceUrl = DirectLineAdapter.ServiceUrl,
            ChannelId = DirectLineAdapter.ChannelId,
            Conversation = new ConversationAccount(id: token.ConversationId),
            Bot = new ChannelAccount(DirectLineAdapter.BotId),
            User = new ChannelAccount("u-alice"),
        };

        await ((BotAdapter)adapter).ContinueConversationAsync("helpbot", reference,
            (turn, ct) => turn.SendActivityAsync("An agent has joined the conversation.", cancellationToken: ct), CancellationToken.None);

        var (activities, _) = await host.PollAsync(token.ConversationId, token.Token, before);
        var relayed = Assert.Single(activities);
        Assert.Equal("An agent has joined the conversation.", (string?)relayed["text"]);
        Assert.Equal("bot", (string?)relayed["from"]!["role"]);
        Assert.Null(relayed["replyToId"]);
    }

    [Fact]
    public async Task TheBotSeesDirectLineChannelAndARoutableServiceUrl()
    {
        var probe = new ConcurrencyProbe();
        using var host = new DirectLineHost(services: s => s.AddSingleton<Microsoft.Bot.Builder.IMiddleware>(probe));
        var token = host.NewToken("u-alice");
        await host.StartAsync(token.Token);

        await host.PostAsync(token.ConversationId, token.Token, DirectLineHost.Message("hi"));

        var reference = probe.LastReference!;
        Assert.Equal("directline", reference.ChannelId);
        Assert.Equal(DirectLineAdapter.ServiceUrl, reference.ServiceUrl);
        Assert.Equal(token.ConversationId, reference.Conversation.Id);
        Assert.Equal("u-alice", reference.User.Id);
        Assert.Equal(DirectLineAdapter.BotId, reference.Bot.Id);
    }

    /// <summary>Middleware that records how many turns run at once and the last turn's conversation reference.</summary>
    private sealed class ConcurrencyProbe : Microsoft.Bot.Builder.IMiddleware
    {
        private int _running;
        private int _max;

        public int MaxConcurrent => Volatile.Read(ref _max);

        public ConversationReference? LastReference { get; private set; }

        public async Task OnTurnAsync(ITurnContext turnContext, NextDelegate next, CancellationToken cancellationToken = default)
        {
            var now = Interlocked.Increment(ref _running);
            InterlockedMax(ref _max, now);
            try
            {
                LastReference = turnContext.Activity.GetConversationReference();
                // Widen the window in which a second turn would overlap if turns were not serialised.
                await Task.Delay(20, cancellationToken);
                await next(cancellationToken);
            }
            finally
            {
                Interlocked.Decrement(ref _running);
            }
        }

        private static void InterlockedMax(ref int target, int value)
        {
            int current;
            while ((current = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, current) != current)
            {
            }
        }
    }
}
