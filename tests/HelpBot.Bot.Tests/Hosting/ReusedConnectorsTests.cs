using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using HelpBot.Bot.Adapters;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Bot.Builder.Integration.AspNet.Core;
using Microsoft.Bot.Connector.Authentication;
using Microsoft.Extensions.DependencyInjection;

namespace HelpBot.Bot.Tests.Hosting;

/// <summary>
/// Replies that go back through the channel's Connector service (Teams, Azure Bot Service: no expectReplies) keep
/// arriving turn after turn although the Connector client is made once and reused (ReusedConnectorsAuthentication).
/// The channel is a stand-in Connector service on 127.0.0.1 that records what the bot posts to it.
/// </summary>
public sealed class ReusedConnectorsTests
{
    [Fact]
    public async Task RepliesOfSeveralTurnsAllReachTheChannel_ThroughOneConnectorClient()
    {
        await using var channel = await ConnectorStandIn.StartAsync();
        using var factory = new HelpBotFactory();
        using var client = factory.CreateClient();

        foreach (var (conversation, text) in new[] { ("c-reuse-1", "hello"), ("c-reuse-1", "what is a safecode"), ("c-reuse-2", "hello") })
        {
            var turn = Activities.Message(conversation, text);
            turn.Remove("deliveryMode");
            turn["serviceUrl"] = channel.Url;
            var response = await client.PostAsJsonAsync(new Uri("/api/messages", UriKind.Relative), turn);
            Assert.True(response.IsSuccessStatusCode, $"{text}: {response.StatusCode}");
        }

        // Every turn's replies were posted to the channel, in each conversation, after the first turn had ended.
        Assert.Equal(2, channel.Posted.Where(p => p.Conversation == "c-reuse-1").Select(p => p.Turn).Distinct().Count());
        Assert.Contains(channel.Posted, p => p.Conversation == "c-reuse-2");
        var auth = Assert.IsType<ReusedConnectorsAuthentication>(factory.Services.GetRequiredService<BotFrameworkAuthentication>());
        Assert.Equal(1, auth.ReusedCount);
    }

    [Fact]
    public async Task EachServiceUrlHasItsOwnClient_AndOneDisposedAtTheEndOfATurnStillSends()
    {
        await using var channel = await ConnectorStandIn.StartAsync();
        var auth = new ReusedConnectorsAuthentication(new ConfigurationBotFrameworkAuthentication(new Microsoft.Extensions.Configuration.ConfigurationBuilder().Build()));
        var identity = new System.Security.Claims.ClaimsIdentity();

        var first = await auth.CreateConnectorFactory(identity).CreateAsync(channel.Url, null, default);
        first.Dispose(); // what the SDK does at the end of every turn
        var again = await auth.CreateConnectorFactory(identity).CreateAsync(channel.Url, null, default);
        var other = await auth.CreateConnectorFactory(identity).CreateAsync(channel.Url + "other/", null, default);
        var otherAudience = await auth.CreateConnectorFactory(identity).CreateAsync(channel.Url, "https://api.botframework.us", default);

        Assert.Same(first, again);
        Assert.NotSame(first, other);
        Assert.NotSame(first, otherAudience);
        Assert.Equal(3, auth.ReusedCount);
        await Microsoft.Bot.Connector.ConversationsExtensions.SendToConversationAsync(again.Conversations, "c-after-dispose",
            new Microsoft.Bot.Schema.Activity(Microsoft.Bot.Schema.ActivityTypes.Message) { Text = "still here", Conversation = new() { Id = "c-after-dispose" } });
        Assert.Contains(channel.Posted, p => p.Conversation == "c-after-dispose" && p.Text == "still here");
    }

    /// <summary>The channel's side of the Connector API that replies use: POST v3/conversations/{id}/activities[/{replyTo}].</summary>
    private sealed class ConnectorStandIn : IAsyncDisposable
    {
        private readonly WebApplication _app;

        private ConnectorStandIn(WebApplication app, string url)
        {
            _app = app;
            Url = url;
        }

        public string Url { get; }

        public ConcurrentQueue<(string Conversation, string Text, string? Turn)> Posted { get; } = new();

        public static async Task<ConnectorStandIn> StartAsync()
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            var app = builder.Build();
            ConnectorStandIn? self = null;
            async Task<IResult> Record(HttpContext http, string conversationId)
            {
                var activity = await JsonNode.ParseAsync(http.Request.Body);
                self!.Posted.Enqueue((Uri.UnescapeDataString(conversationId), (string?)activity?["text"] ?? "", (string?)activity?["replyToId"]));
                return Results.Json(new { id = Guid.NewGuid().ToString("N") });
            }
            app.MapPost("/v3/conversations/{conversationId}/activities", Record);
            app.MapPost("/v3/conversations/{conversationId}/activities/{replyTo}", Record);
            await app.StartAsync();
            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            self = new ConnectorStandIn(app, address + "/");
            return self;
        }

        public async ValueTask DisposeAsync()
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }
}
