using System.Collections.Concurrent;
using Microsoft.Bot.Builder;

namespace HelpBot.Bot.Adapters;

/// <summary>
/// Runs the turns of one conversation one at a time. People double-click and type fast; two turns of the same
/// conversation at once would both load the same state and one save would fail its ETag check ("something went
/// wrong"). Turns of different conversations still run in parallel. Within one process only: several instances need
/// sticky sessions or the storage's conflict error, which the turn error handler turns into a kind message.
/// </summary>
public sealed class OneTurnAtATimeMiddleware : Microsoft.Bot.Builder.IMiddleware
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
