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
/// compare-and-delete script). While the turn runs, its holder renews the lease every third of
/// <paramref name="leaseTime"/> (<c>Scale:TurnLeaseSeconds</c>), so a slow turn (a directory that takes its time) keeps
/// it, and an instance that dies mid-turn (kill -9, a lost machine) stops renewing: its conversation is blocked for at
/// most <paramref name="leaseTime"/>. A holder that outlived its lease (cut off from Redis) cannot overwrite a newer turn:
/// the state's ETag check refuses its save (the fencing).
/// </summary>
public sealed class RedisTurnLease(IConnectionMultiplexer redis, TimeSpan leaseTime) : ITurnLease
{
    private const string ReleaseScript = "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) else return 0 end";
    private const string RenewScript = "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) else return 0 end";

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
                return new Lease(db, key, token, leaseTime);
            }
            if (DateTimeOffset.UtcNow >= deadline)
            {
                return null;
            }
            await Task.Delay(pause, cancellationToken).ConfigureAwait(false);
            pause = TimeSpan.FromMilliseconds(Math.Min(pause.TotalMilliseconds * 2, 100));
        }
    }

    private sealed class Lease : IAsyncDisposable
    {
        private readonly IDatabase _db;
        private readonly RedisKey _key;
        private readonly string _token;
        private readonly CancellationTokenSource _stop = new();
        private readonly Task _renewing;

        public Lease(IDatabase db, RedisKey key, string token, TimeSpan leaseTime)
        {
            (_db, _key, _token) = (db, key, token);
            _renewing = RenewAsync(leaseTime);
        }

        private async Task RenewAsync(TimeSpan leaseTime)
        {
            using var every = new PeriodicTimer(leaseTime / 3);
            try
            {
                while (await every.WaitForNextTickAsync(_stop.Token).ConfigureAwait(false))
                {
                    try
                    {
                        if ((long)await _db.ScriptEvaluateAsync(RenewScript, [_key], [_token, (long)leaseTime.TotalMilliseconds]).ConfigureAwait(false) == 0)
                        {
                            return; // Lost already (it ran out while Redis was out of reach): the ETag check fences the save.
                        }
                    }
                    catch (Exception e) when (e is RedisException or TimeoutException)
                    {
                        // Tried again at the next tick; if Redis stays away the lease runs out, as for a crash.
                    }
                }
            }
            catch (OperationCanceledException)
            {
                // The turn ended.
            }
        }

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync().ConfigureAwait(false);
            await _renewing.ConfigureAwait(false);
            _stop.Dispose();
            await _db.ScriptEvaluateAsync(ReleaseScript, [_key], [_token]).ConfigureAwait(false);
        }
    }
}
