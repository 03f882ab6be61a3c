using System.Collections.Concurrent;
using HelpBot.Dialogs.Messaging;
using Microsoft.Extensions.Logging.Abstractions;

namespace HelpBot.Dialogs.Tests.Outbox;

/// <summary>
/// Delivery with an outbox shared by several instances (swept every few seconds): what is queued still goes out when
/// the host stops, and the stop ends then, not at the host's shutdown timeout. Before, each instance on PostgreSQL took
/// the whole timeout (30 s) to stop, because the sweeps ran until the host gave up waiting.
/// </summary>
public sealed class OutboundDeliveryServiceTests
{
    [Fact]
    public async Task WithASharedOutboxAStopSendsWhatIsQueuedAndEnds()
    {
        var store = new SharedStore();
        var queue = new OutboundMessages(store);
        var sender = new RecordingSender();
        using var service = new OutboundDeliveryService(queue, sender, NullLogger<OutboundDeliveryService>.Instance);
        await service.StartAsync(CancellationToken.None);
        await queue.EnqueueAsync(new OutboundMessage(MessageChannel.Text, "+16175550101", "SafeCode", "Your HMS SafeCode is 123456."));

        // A stop the host never gives up on: it must end by itself once the queue is sent.
        await service.StopAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Single(sender.Sent);
        Assert.Empty(store.Kept);
        Assert.True(store.Sweeps > 0, "the shared outbox was swept while the service ran");
    }

    private sealed class SharedStore : IOutboxStore
    {
        public ConcurrentDictionary<string, OutboundMessage> Kept { get; } = new();

        public int Sweeps;

        public TimeSpan? SweepEvery => TimeSpan.FromMilliseconds(10);

        public Task<string> AddAsync(OutboundMessage message, CancellationToken cancellationToken = default)
        {
            var id = Guid.NewGuid().ToString("N");
            Kept[id] = message;
            return Task.FromResult(id);
        }

        public Task RemoveAsync(string id, CancellationToken cancellationToken = default)
        {
            Kept.TryRemove(id, out _);
            return Task.CompletedTask;
        }

        public Task<IReadOnlyList<QueuedMessage>> PendingAsync(CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref Sweeps);
            return Task.FromResult<IReadOnlyList<QueuedMessage>>([]);
        }
    }

    private sealed class RecordingSender : IMessageSender
    {
        public ConcurrentBag<OutboundMessage> Sent { get; } = [];

        public Task SendAsync(OutboundMessage message, CancellationToken cancellationToken = default)
        {
            Sent.Add(message);
            return Task.CompletedTask;
        }
    }
}
