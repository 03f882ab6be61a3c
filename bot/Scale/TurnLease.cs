using StackExchange.Redis;

namespace HelpBot.Bot.Scale;

/// <summary>
/// Holds a conversation's turn across instances (with <c>Scale:Redis</c>), so two instances never run turns of the
/// same conversation at once. Inside one process <see cref="Adapters.OneTurnAtATimeMiddleware"/> already serialises them.
/// </summary>
public interface ITurnLease
{
    /// <summary>Waits up to <paramref name="wait"/> for the conversation's lease; null when there is none to take (one instance) or it could not be had in time.</summary>
    Task<IAsyncDisposable?> AcquireAsync(string conversationKey, TimeSpan wait, CancellationToken cancellationToken);
}

/// <summary>One instance: nothing to take.</summary>
public sealed class NoTurnLease : ITurnLease
{
    public Task<IAsyncDisposable?> AcquireAsync(string conversationKey, TimeSpan wait, CancellationToken cancellationToken) =>
        Task.FromResult<IAsyncDisposable?>(null);
}

/// <summary>
/// A Redis lease per conversation (<c>SET helpbot:turn:{key} token NX PX</c>), released only by its holder (a
/// compare-and-delete script). It expires by itself after <paramref name="leaseTime"/> (<c>Scale:TurnLeaseSeconds</c>), so
/// an instance that crashed mid-turn blocks its conversation for at most that long. A holder that outlived its lease
/// cannot overwrite a newer turn: the state's ETag check refuses its save (the fencing).
/// </summary>
public sealed class RedisTurnLease(IConnectionMultiplexer redis, TimeSpan leaseTime) : ITurnLease
{
    private const string ReleaseScript = "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) else return 0 end";

    public async Task<IAsyncDisposable?> AcquireAsync(string conversationKey, TimeSpan wait, CancellationToken cancellationToken)
    {
        var key = (RedisKey)("helpbot:turn:" + conversationKey);
        var token = Guid.NewGuid().ToString("N");
        var db = redis.GetDatabase();
        var deadline = DateTimeOffset.UtcNow + wait;
        var pause = TimeSpan.FromMilliseconds(5);
        while (true)
        {
            if (await db.StringSetAsync(key, token, leaseTime, When.NotExists).ConfigureAwait(false))
            {
                return new Lease(db, key, token);
            }
            if (DateTimeOffset.UtcNow >= deadline)
            {
                return null;
            }
            await Task.Delay(pause, cancellationToken).ConfigureAwait(false);
            pause = TimeSpan.FromMilliseconds(Math.Min(pause.TotalMilliseconds * 2, 100));
        }
    }

    private sealed class Lease(IDatabase db, RedisKey key, string token) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync() =>
            await db.ScriptEvaluateAsync(ReleaseScript, [key], [token]).ConfigureAwait(false);
    }
}
