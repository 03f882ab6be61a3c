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

/// <summary>
/// Where queued messages wait until they are delivered (issue 15, finding 9): written before the turn that queued them
/// answers, removed once delivery was attempted, so a message queued before a crash is sent by the next start.
/// The implementation keeps the text encrypted: it may hold a SafeCode (docs/security.md, S4).
/// </summary>
public interface IOutboxStore
{
    /// <summary>Keeps <paramref name="message"/> until <see cref="RemoveAsync"/>; returns its id.</summary>
    Task<string> AddAsync(OutboundMessage message, CancellationToken cancellationToken = default);

    Task RemoveAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>
    /// Every message kept, not yet removed and not being sent by another instance, oldest first. An outbox shared by
    /// several instances hands each message to one of them: the one that queued it, or, once that one's claim has
    /// lapsed (it died), the first to ask.
    /// </summary>
    Task<IReadOnlyList<QueuedMessage>> PendingAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// How often a running instance asks for <see cref="PendingAsync"/> again: for an outbox shared by several
    /// instances, so what one left when it died is sent by the others; <c>null</c> (an outbox of this process alone)
    /// only at start.
    /// </summary>
    TimeSpan? SweepEvery => null;
}

/// <summary>A message waiting in the outbox, with its id there.</summary>
public sealed record QueuedMessage(string Id, OutboundMessage Message);

/// <summary>
/// The queue: each message is written to <see cref="IOutboxStore"/> first, then handed to an in-process channel
/// (System.Threading.Channels) drained by <see cref="OutboundDeliveryService"/>.
/// </summary>
public sealed class OutboundMessages(IOutboxStore store) : IOutboundMessages
{
    // Bounded so a flood cannot grow memory without limit; sending is throttled long before this fills.
    private readonly Channel<QueuedMessage> _channel = Channel.CreateBounded<QueuedMessage>(
        new BoundedChannelOptions(10_000) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });

    /// <summary>Ids in the channel or being delivered, so the start's re-queue never queues one twice.</summary>
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, byte> _inFlight = new(StringComparer.Ordinal);

    public async ValueTask EnqueueAsync(OutboundMessage message, CancellationToken cancellationToken = default)
    {
        var id = await store.AddAsync(message, cancellationToken).ConfigureAwait(false);
        _inFlight.TryAdd(id, 0);
        await _channel.Writer.WriteAsync(new QueuedMessage(id, message), cancellationToken).ConfigureAwait(false);
    }

    internal ChannelReader<QueuedMessage> Reader => _channel.Reader;

    /// <summary>See <see cref="IOutboxStore.SweepEvery"/>.</summary>
    internal TimeSpan? SweepEvery => store.SweepEvery;

    /// <summary>Messages queued and not yet taken for delivery (the conversation test runner waits for none, as a person waits for their phone).</summary>
    public int Pending => _channel.Reader.Count;

    /// <summary>Queues what an earlier run left in the outbox (it stopped or crashed before sending); returns how many.</summary>
    internal async Task<int> RequeueLeftOverAsync(CancellationToken cancellationToken)
    {
        var count = 0;
        foreach (var left in await store.PendingAsync(cancellationToken).ConfigureAwait(false))
        {
            if (_inFlight.TryAdd(left.Id, 0))
            {
                try
                {
                    await _channel.Writer.WriteAsync(left, cancellationToken).ConfigureAwait(false);
                }
                catch (ChannelClosedException)
                {
                    // Stopping already: it stays in the outbox for the next start.
                    break;
                }
                count++;
            }
        }
        return count;
    }

    /// <summary>Delivery of <paramref name="id"/> was attempted: it leaves the outbox.</summary>
    internal async Task DoneAsync(string id)
    {
        await store.RemoveAsync(id, CancellationToken.None).ConfigureAwait(false);
        _inFlight.TryRemove(id, out _);
    }

    internal void Complete() => _channel.Writer.TryComplete();
}

/// <summary>Delivers queued messages one by one through <see cref="IMessageSender"/>; a failed delivery is logged (without the text) and the next goes on.</summary>
public sealed class OutboundDeliveryService(OutboundMessages queue, IMessageSender sender, ILogger<OutboundDeliveryService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // What a previous run queued and never sent (a crash, or a stop that ran out of time) goes first.
        var leftOver = await queue.RequeueLeftOverAsync(stoppingToken);
        if (leftOver > 0)
        {
            logger.LogInformation("Sending {Count} messages queued before the last stop", leftOver);
        }
        // The sweeps end with the reading below (StopAsync completes the queue before the host cancels stoppingToken).
        using var stopSweeping = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        var sweeping = queue.SweepEvery is { } every ? SweepAsync(every, stopSweeping.Token) : Task.CompletedTask;
        // Reading ends when StopAsync completes the queue, not when the host cancels: what is queued still goes out.
        await foreach (var queued in queue.Reader.ReadAllAsync(CancellationToken.None))
        {
            await DeliverAsync(queued.Message, stoppingToken);
            // A failed delivery is not retried (it is logged): a SafeCode is good for minutes, and the person can ask again.
            await queue.DoneAsync(queued.Id);
        }
        await stopSweeping.CancelAsync();
        await sweeping;
    }

    /// <summary>For an outbox shared by several instances: what another instance queued and could not send (it died) goes out from here.</summary>
    private async Task SweepAsync(TimeSpan every, CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(every);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    var taken = await queue.RequeueLeftOverAsync(stoppingToken);
                    if (taken > 0)
                    {
                        logger.LogInformation("Sending {Count} messages another instance queued and did not send", taken);
                    }
                }
#pragma warning disable CA1031 // The outbox being out of reach for a moment must not stop the sweeps, nor delivery.
                catch (Exception ex) when (ex is not OperationCanceledException)
#pragma warning restore CA1031
                {
                    logger.LogWarning("Could not read the shared outbox: {Error}", ex.GetType().Name);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping.
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
