using System.Collections.Concurrent;
using HelpBot.Bot.Scale;
using Microsoft.Bot.Builder;

namespace HelpBot.Bot.Adapters;

/// <summary>
/// Runs the turns of one conversation one at a time. People double-click and type fast; two turns of the same
/// conversation at once would both load the same state and one save would fail its ETag check ("something went
/// wrong"). Turns of different conversations still run in parallel. Within this process by a semaphore per
/// conversation; across instances (<c>Scale:Redis</c>) also by a lease on the conversation (<see cref="ITurnLease"/>).
/// </summary>
public sealed class OneTurnAtATimeMiddleware(ITurnLease lease) : Microsoft.Bot.Builder.IMiddleware
{
    // A turn that waits longer than this runs anyway rather than hang (e.g. a proactive message sent from inside a turn).
    private static readonly TimeSpan MaxWait = TimeSpan.FromSeconds(30);

    private readonly ConcurrentDictionary<string, Gate> _gates = new(StringComparer.Ordinal);

    public async Task OnTurnAsync(ITurnContext turnContext, NextDelegate next, CancellationToken cancellationToken = default)
    {
        var key = $"{turnContext.Activity.ChannelId}/{turnContext.Activity.Conversation?.Id}";
        var gate = Acquire(key);
        var entered = false;
        try
        {
            entered = await gate.Semaphore.WaitAsync(MaxWait, cancellationToken).ConfigureAwait(false);
            // Then the other instances: the lease is taken by one waiter of this process at a time.
            await using var held = await lease.AcquireAsync(key, MaxWait, cancellationToken).ConfigureAwait(false);
            await next(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            if (entered)
            {
                gate.Semaphore.Release();
            }
            Release(key, gate);
        }
    }

    private Gate Acquire(string key)
    {
        while (true)
        {
            var gate = _gates.GetOrAdd(key, static _ => new Gate());
            lock (gate)
            {
                if (!gate.Retired)
                {
                    gate.Users++;
                    return gate;
                }
            }
        }
    }

    private void Release(string key, Gate gate)
    {
        lock (gate)
        {
            if (--gate.Users == 0)
            {
                // Nobody waits: forget this conversation so the dictionary holds only active ones.
                gate.Retired = true;
                _gates.TryRemove(new KeyValuePair<string, Gate>(key, gate));
                gate.Semaphore.Dispose();
            }
        }
    }

    private sealed class Gate
    {
        public SemaphoreSlim Semaphore { get; } = new(1, 1);

        public int Users { get; set; }

        public bool Retired { get; set; }
    }
}
