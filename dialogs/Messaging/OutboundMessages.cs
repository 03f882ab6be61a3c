using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace HelpBot.Dialogs.Messaging;

/// <summary>
/// Messages waiting for delivery. A turn only enqueues (docs/security.md, C6): a slow SMTP relay or SMS gateway never delays
/// the reply, and the time a SafeCode request takes does not depend on whether a message is actually sent (R1).
/// </summary>
public interface IOutboundMessages
{
    ValueTask EnqueueAsync(OutboundMessage message, CancellationToken cancellationToken = default);
}

/// <summary>An in-process queue (System.Threading.Channels) drained by <see cref="OutboundDeliveryService"/>.</summary>
public sealed class OutboundMessages : IOutboundMessages
{
    // Bounded so a flood cannot grow memory without limit; sending is throttled long before this fills.
    private readonly Channel<OutboundMessage> _channel = Channel.CreateBounded<OutboundMessage>(
        new BoundedChannelOptions(10_000) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });

    public ValueTask EnqueueAsync(OutboundMessage message, CancellationToken cancellationToken = default) =>
        _channel.Writer.WriteAsync(message, cancellationToken);

    internal ChannelReader<OutboundMessage> Reader => _channel.Reader;

    /// <summary>Messages queued and not yet taken for delivery (the conversation test runner waits for none, as a person waits for their phone).</summary>
    public int Pending => _channel.Reader.Count;

    internal void Complete() => _channel.Writer.TryComplete();
}

/// <summary>Delivers queued messages one by one through <see cref="IMessageSender"/>; a failed delivery is logged (without the text) and the next goes on.</summary>
public sealed class OutboundDeliveryService(OutboundMessages queue, IMessageSender sender, ILogger<OutboundDeliveryService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Reading ends when StopAsync completes the queue, not when the host cancels: what is queued still goes out.
        await foreach (var message in queue.Reader.ReadAllAsync(CancellationToken.None))
        {
            await DeliverAsync(message, stoppingToken);
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        // Deliver what is already queued (a SafeCode someone is waiting for) within the host's shutdown time.
        queue.Complete();
        if (ExecuteTask is { } running)
        {
            await Task.WhenAny(running, Task.Delay(Timeout.Infinite, cancellationToken));
        }
        await base.StopAsync(cancellationToken);
    }

    private async Task DeliverAsync(OutboundMessage message, CancellationToken cancellationToken)
    {
        try
        {
            await sender.SendAsync(message, cancellationToken);
        }
#pragma warning disable CA1031 // One undeliverable message must not stop delivery of the others.
        catch (Exception ex) when (ex is not OperationCanceledException)
#pragma warning restore CA1031
        {
            // The exception type only: a transport's message can quote the recipient or the body.
            logger.LogError("Could not deliver a {Channel} message to {Destination}: {Error}",
                message.Channel, Mask.Destination(message.Channel, message.To), ex.GetType().Name);
        }
    }
}
