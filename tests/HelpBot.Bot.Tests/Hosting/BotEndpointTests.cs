using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace HelpBot.Bot.Tests.Hosting;

public class BotEndpointTests
{
    [Fact]
    public async Task HealthzAnswersHealthy()
    {
        using var factory = new HelpBotFactory();
        using var client = factory.CreateClient();

        var response = await client.GetAsync(new Uri("/healthz", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task ExpectRepliesReturnsTheBotsRepliesInTheResponseBody()
    {
        using var factory = new HelpBotFactory();
        using var client = factory.CreateClient();

        var response = await client.PostAsJsonAsync(new Uri("/api/messages", UriKind.Relative), Activities.Message("c-expect", "hello"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        var replies = body["activities"]!.AsArray();
        Assert.NotEmpty(replies);
        Assert.All(replies, r => Assert.Equal("c-expect", (string?)r!["conversation"]!["id"]));
    }
}

/// <summary>Bot Framework activities as a channel would post them, with deliveryMode expectReplies.</summary>
internal static class Activities
{
    public static JsonObject Message(string conversationId, string text, string userId = "u-test") => new()
    {
        ["type"] = "message",
        ["id"] = Guid.NewGuid().ToString("N"),
        ["channelId"] = "test",
        ["serviceUrl"] = "http://127.0.0.1:9/",
        ["conversation"] = new JsonObject { ["id"] = conversationId },
        ["from"] = new JsonObject { ["id"] = userId, ["name"] = "Test User" },
        ["recipient"] = new JsonObject { ["id"] = "helpbot" },
        ["text"] = text,
        ["deliveryMode"] = "expectReplies",
    };
}
