using System.Net;
using System.Net.WebSockets;
using System.Text.Json.Nodes;

namespace HelpBot.Bot.Tests.DirectLine;

public class DirectLineRobustnessTests
{
    public static TheoryData<string, string, HttpStatusCode> BadBodies => new()
    {
        { "malformed JSON", "{\"type\":\"message\",\"text\":", HttpStatusCode.BadRequest },
        { "no type", "{\"text\":\"hello\"}", HttpStatusCode.BadRequest },
        { "not an object", "[1,2,3]", HttpStatusCode.BadRequest },
        { "empty body", "", HttpStatusCode.BadRequest },
        { "a type only the channel sends", "{\"type\":\"conversationUpdate\",\"membersAdded\":[{\"id\":\"x\"}]}", HttpStatusCode.BadRequest },
        { "nested too deep", new string('[', 500) + new string(']', 500), HttpStatusCode.BadRequest },
        { "huge text", new JsonObject { ["type"] = "message", ["text"] = new string('x', 300 * 1024) }.ToJsonString(), HttpStatusCode.RequestEntityTooLarge },
    };

    [Theory]
    [MemberData(nameof(BadBodies))]
    public async Task BadPostsGetA4xxWithAnErrorBodyAndTheConversationStillWorks_C7(string why, string body, HttpStatusCode expected)
    {
        using var host = new DirectLineHost();
        var token = host.NewToken();
        await host.StartAsync(token.Token);

        var response = await host.SendAsync(HttpMethod.Post, $"/conversations/{token.ConversationId}/activities", token.Token, body);

        Assert.True(expected == response.StatusCode, $"{why}: {(int)response.StatusCode}");
        var error = (await DirectLineHost.ReadObjectAsync(response))["error"]!;
        Assert.Equal("BadArgument", (string?)error["code"]);
        Assert.False(string.IsNullOrEmpty((string?)error["message"]));
        var id = await host.PostAsync(token.ConversationId, token.Token, DirectLineHost.Message("after the bad one"));
        var (activities, _) = await host.PollAsync(token.ConversationId, token.Token);
        Assert.Contains(activities, a => (string?)a["replyToId"] == id);
    }

    [Fact]
    public async Task AGarbageWatermarkIsABadRequest()
    {
        using var host = new DirectLineHost();
        var token = host.NewToken();
        await host.StartAsync(token.Token);

        var response = await host.SendAsync(HttpMethod.Get, $"/conversations/{token.ConversationId}/activities?watermark=abc", token.Token);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task CorsPreflightAllowsAConfiguredOriginAndWebChatsHeaders()
    {
        using var host = new DirectLineHost(new Dictionary<string, string?> { ["WebChat:AllowedOrigins:0"] = "https://it.example.edu" });

        var allowed = await PreflightAsync(host, "https://it.example.edu");
        var other = await PreflightAsync(host, "https://evil.example.com");

        Assert.True(allowed.IsSuccessStatusCode);
        Assert.Equal("https://it.example.edu", Assert.Single(allowed.Headers.GetValues("Access-Control-Allow-Origin")));
        var headers = string.Join(",", allowed.Headers.GetValues("Access-Control-Allow-Headers")).ToUpperInvariant();
        foreach (var header in new[] { "AUTHORIZATION", "CONTENT-TYPE", "X-REQUESTED-WITH", "X-MS-BOT-AGENT" })
        {
            Assert.Contains(header, headers, StringComparison.Ordinal);
        }
        Assert.Contains("POST", string.Join(",", allowed.Headers.GetValues("Access-Control-Allow-Methods")), StringComparison.Ordinal);
        Assert.False(other.Headers.Contains("Access-Control-Allow-Origin"));
    }

    [Fact]
    public async Task CrossOriginResponsesCarryTheAllowedOriginOnly()
    {
        using var host = new DirectLineHost(new Dictionary<string, string?> { ["WebChat:AllowedOrigins:0"] = "https://it.example.edu" });
        var token = host.NewToken();

        using var allowedRequest = new HttpRequestMessage(HttpMethod.Post, new Uri(DirectLineHost.Prefix + "/conversations", UriKind.Relative));
        allowedRequest.Headers.Authorization = new("Bearer", token.Token);
        allowedRequest.Headers.Add("Origin", "https://it.example.edu");
        var allowed = await host.Client.SendAsync(allowedRequest);
        using var otherRequest = new HttpRequestMessage(HttpMethod.Get, new Uri($"{DirectLineHost.Prefix}/conversations/{token.ConversationId}", UriKind.Relative));
        otherRequest.Headers.Authorization = new("Bearer", token.Token);
        otherRequest.Headers.Add("Origin", "https://evil.example.com");
        var other = await host.Client.SendAsync(otherRequest);

        Assert.Equal("https://it.example.edu", Assert.Single(allowed.Headers.GetValues("Access-Control-Allow-Origin")));
        Assert.False(other.Headers.Contains("Access-Control-Allow-Origin"));
    }

    [Fact]
    public async Task TokensNeverAppearInTheLogs()
    {
        var logs = new CapturingLoggerProvider();
        using var host = new DirectLineHost(new Dictionary<string, string?> { ["Serilog:MinimumLevel:Default"] = "Verbose" }, logs: logs);
        var token = host.NewToken("u-alice", "Alice");
        var other = host.NewToken();
        var tokens = new List<string> { token.Token, other.Token };

        var started = await host.StartAsync(token.Token);
        tokens.Add((string)started["token"]!);
        using (var socket = await host.ConnectAsync((string)started["streamUrl"]!))
        {
            await DirectLineHost.ReceiveFrameAsync(socket);
            var id = await host.PostAsync(token.ConversationId, token.Token, DirectLineHost.Message("hello"));
            await DirectLineHost.ReceiveUntilAsync(socket, got => got.Exists(a => (string?)a["replyToId"] == id));
            await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
        }
        await host.PollAsync(token.ConversationId, token.Token);
        var refreshed = await host.SendAsync(HttpMethod.Post, "/tokens/refresh", token.Token);
        tokens.Add((string)(await DirectLineHost.ReadObjectAsync(refreshed))["token"]!);
        await host.SendAsync(HttpMethod.Get, $"/conversations/{token.ConversationId}/activities", other.Token);
        await host.SendAsync(HttpMethod.Get, $"/conversations/{token.ConversationId}/stream?t={Uri.EscapeDataString(other.Token)}", null);
        await host.SendAsync(HttpMethod.Post, $"/conversations/{token.ConversationId}/activities", token.Token, "{broken");

        var captured = logs.Messages.ToList();
        Assert.True(captured.Exists(m => m.Contains("Direct Line", StringComparison.Ordinal)), $"{captured.Count} messages: " + string.Join("\n", captured.Take(20)));
        foreach (var t in tokens)
        {
            // A JWT's signature part alone would be enough to leak it.
            var signature = t.Split('.')[2];
            Assert.DoesNotContain(captured, m => m.Contains(signature, StringComparison.Ordinal));
        }
    }

    private static async Task<HttpResponseMessage> PreflightAsync(DirectLineHost host, string origin)
    {
        using var request = new HttpRequestMessage(HttpMethod.Options, new Uri(DirectLineHost.Prefix + "/conversations", UriKind.Relative));
        request.Headers.Add("Origin", origin);
        request.Headers.Add("Access-Control-Request-Method", "POST");
        request.Headers.Add("Access-Control-Request-Headers", "authorization,content-type,x-ms-bot-agent,x-requested-with");
        return await host.Client.SendAsync(request);
    }
}
