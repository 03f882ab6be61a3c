using System.Net;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;

namespace HelpBot.Bot.Tests.DirectLine;

public class DirectLineStreamTests
{
    [Fact]
    public async Task WebSocketGetsTheBacklogThenLiveEchoesAndReplies()
    {
        using var host = new DirectLineHost();
        var token = host.NewToken();
        var started = await host.StartAsync(token.Token);
        using var socket = await host.ConnectAsync((string)started["streamUrl"]!);

        var backlog = await DirectLineHost.ReceiveFrameAsync(socket);
        Assert.True(DirectLineHost.IsBotMessage(backlog["activities"]![0]!.AsObject()));
        Assert.Equal("1", (string?)backlog["watermark"]);

        var id = await host.PostAsync(token.ConversationId, token.Token, DirectLineHost.Message("live", clientActivityId: "c-live"));
        var watermarks = new List<string?>();
        var live = await DirectLineHost.ReceiveUntilAsync(socket, got => got.Exists(a => (string?)a["replyToId"] == id), watermarks);

        Assert.Equal(id, (string?)live[0]["id"]);
        Assert.Equal("c-live", (string?)live[0]["channelData"]!["clientActivityID"]);
        Assert.True(DirectLineHost.IsBotMessage(live[^1]));
        Assert.Equal(["2", "3"], watermarks);
        await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
    }

    [Fact]
    public async Task ReconnectingWithTheLastWatermarkGetsOnlyWhatWasMissedWithoutDuplicates()
    {
        using var host = new DirectLineHost();
        var token = host.NewToken();
        var started = await host.StartAsync(token.Token);
        var seenIds = new List<string>();
        string? watermark;
        using (var first = await host.ConnectAsync((string)started["streamUrl"]!))
        {
            var frame = await DirectLineHost.ReceiveFrameAsync(first);
            watermark = (string?)frame["watermark"];
            seenIds.AddRange(frame["activities"]!.AsArray().Select(a => (string)a!["id"]!));
            await first.CloseAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
        }

        // Sent while the socket was down.
        var missed = await host.PostAsync(token.ConversationId, token.Token, DirectLineHost.Message("while away"));
        var resumed = await host.SendAsync(HttpMethod.Get, $"/conversations/{token.ConversationId}?watermark={watermark}", token.Token);
        Assert.Equal(HttpStatusCode.OK, resumed.StatusCode);
        var streamUrl = (string)(await DirectLineHost.ReadObjectAsync(resumed))["streamUrl"]!;
        using var second = await host.ConnectAsync(streamUrl);
        var caughtUp = await DirectLineHost.ReceiveUntilAsync(second, got => got.Exists(a => (string?)a["replyToId"] == missed));
        var after = await host.PostAsync(token.ConversationId, token.Token, DirectLineHost.Message("back again"));
        var live = await DirectLineHost.ReceiveUntilAsync(second, got => got.Exists(a => (string?)a["replyToId"] == after));

        var ids = seenIds.Concat(caughtUp.Concat(live).Select(a => (string)a["id"]!)).ToList();
        Assert.Equal(ids.Distinct().Count(), ids.Count);
        Assert.Equal(missed, (string?)caughtUp[0]["id"]);
        Assert.Equal(2, caughtUp.Count);
        Assert.Equal(after, (string?)live[0]["id"]);
        await second.CloseAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
    }

    [Fact]
    public async Task TypingIsPushedOnTheSocketWithoutAWatermark()
    {
        using var host = new DirectLineHost();
        var token = host.NewToken();
        var started = await host.StartAsync(token.Token);
        using var socket = await host.ConnectAsync((string)started["streamUrl"]!);
        await DirectLineHost.ReceiveFrameAsync(socket);

        await host.PostAsync(token.ConversationId, token.Token, new JsonObject { ["type"] = "typing" });
        var frame = await DirectLineHost.ReceiveFrameAsync(socket);

        Assert.Equal("typing", (string?)frame["activities"]![0]!["type"]);
        Assert.Null(frame["watermark"]);
        await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
    }

    [Fact]
    public async Task ClientFramesAreIgnoredAndTheStreamKeepsWorking()
    {
        using var host = new DirectLineHost();
        var token = host.NewToken();
        var started = await host.StartAsync(token.Token);
        using var socket = await host.ConnectAsync((string)started["streamUrl"]!);
        await DirectLineHost.ReceiveFrameAsync(socket);

        // Web Chat's keep-alive, and some junk.
        await socket.SendAsync(Array.Empty<byte>(), WebSocketMessageType.Text, true, CancellationToken.None);
        await socket.SendAsync(Encoding.UTF8.GetBytes("{not json"), WebSocketMessageType.Text, true, CancellationToken.None);
        var id = await host.PostAsync(token.ConversationId, token.Token, DirectLineHost.Message("still there?"));
        var live = await DirectLineHost.ReceiveUntilAsync(socket, got => got.Exists(a => (string?)a["replyToId"] == id));

        Assert.Equal(id, (string?)live[0]["id"]);
        await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
    }

    [Fact]
    public async Task TheStreamRefusesAMissingOrWrongToken()
    {
        using var host = new DirectLineHost();
        var token = host.NewToken();
        await host.StartAsync(token.Token);
        var client = new Uri($"ws://localhost{DirectLineHost.Prefix}/conversations/{token.ConversationId}/stream?t=garbage");

        var failure = await Record.ExceptionAsync(() => host.ConnectAsync(client.ToString()));

        Assert.NotNull(failure);
    }
}
