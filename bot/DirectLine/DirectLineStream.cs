using System.Net.WebSockets;
using System.Text;
using System.Threading.Channels;

namespace HelpBot.Bot.DirectLine;

/// <summary>
/// The receive-only WebSocket of a conversation: the backlog after the client's watermark, then every new activity,
/// as text frames of ActivitySet JSON. One send at a time (a queue per socket); whatever the client sends is ignored.
/// </summary>
internal static class DirectLineStream
{
    private static readonly TimeSpan CloseTimeout = TimeSpan.FromSeconds(2);

    public static async Task RunAsync(HttpContext http, DirectLineConversation conversation, long watermark, CancellationToken stopping)
    {
        using var socket = await http.WebSockets.AcceptWebSocketAsync().ConfigureAwait(false);
        var frames = conversation.Subscribe(watermark);
        using var connection = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted, stopping);
        using var sending = CancellationTokenSource.CreateLinkedTokenSource(connection.Token);
        try
        {
            var receive = ReceiveUntilClosedAsync(socket, connection.Token);
            var send = SendAsync(socket, frames, sending.Token);
            if (await Task.WhenAny(receive, send).ConfigureAwait(false) == receive)
            {
                // The client closed (or the connection broke): stop sending before answering its close.
                await sending.CancelAsync().ConfigureAwait(false);
            }
            await send.ConfigureAwait(false);
            await CloseAsync(socket, clientClosed: receive.IsCompleted).ConfigureAwait(false);
            // Wait briefly for the client's close frame; then the socket is disposed whatever it does.
            connection.CancelAfter(CloseTimeout);
            await receive.ConfigureAwait(false);
        }
        finally
        {
            conversation.Unsubscribe(frames);
        }
    }

    private static async Task SendAsync(WebSocket socket, ChannelReader<string> frames, CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var frame in frames.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                await socket.SendAsync(Encoding.UTF8.GetBytes(frame), WebSocketMessageType.Text, endOfMessage: true, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (WebSocketException)
        {
        }
    }

    private static async Task ReceiveUntilClosedAsync(WebSocket socket, CancellationToken cancellationToken)
    {
        var buffer = new byte[1024];
        try
        {
            while (socket.State == WebSocketState.Open)
            {
                // Web Chat sends "" every 20 s as a keep-alive; nothing a client sends means anything here.
                var result = await socket.ReceiveAsync(buffer, cancellationToken).ConfigureAwait(false);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    return;
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (WebSocketException)
        {
        }
    }

    /// <param name="clientClosed">False when the server ends the stream (the socket's queue overflowed, or shutdown): the client reconnects from its watermark.</param>
    private static async Task CloseAsync(WebSocket socket, bool clientClosed)
    {
        if (socket.State is not (WebSocketState.Open or WebSocketState.CloseReceived))
        {
            return;
        }
        using var timeout = new CancellationTokenSource(CloseTimeout);
        try
        {
            await socket.CloseOutputAsync(clientClosed ? WebSocketCloseStatus.NormalClosure : WebSocketCloseStatus.EndpointUnavailable,
                clientClosed ? null : "reconnect", timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }
        catch (WebSocketException)
        {
        }
    }
}
