using HelpBot.Dialogs.RateLimits;
using StackExchange.Redis;

namespace HelpBot.Bot.Scale;

/// <summary>
/// The rate limits in Redis (<c>Scale:Redis</c>), so every instance counts the same events: one sorted set per key
/// (<c>helpbot:rate:{key}</c>), an event's time (in milliseconds) as its score. Each check-and-record is one Lua script, which
/// Redis runs atomically, so two instances can never both take the last place under a limit. A key expires a day after
/// its last event (no limit looks further back), so nothing needs purging.
/// </summary>
public sealed class RedisRateLimits(IConnectionMultiplexer redis) : IRateLimits
{
    private const string Prefix = "helpbot:rate:";
    private static readonly TimeSpan Retained = TimeSpan.FromDays(1);

    // ARGV: now, member, retain (ms), check (1 or 0), then per key: window (ms), max. Events after now - window count.
    private const string RecordScript = """
        local now = tonumber(ARGV[1])
        local retain = tonumber(ARGV[3])
        if ARGV[4] == '1' then
          for i = 1, #KEYS do
            local window = tonumber(ARGV[3 + 2 * i])
            local max = tonumber(ARGV[4 + 2 * i])
            if redis.call('ZCOUNT', KEYS[i], '(' .. (now - window), '+inf') >= max then
              return 0
            end
          end
        end
        for i = 1, #KEYS do
          local window = tonumber(ARGV[3 + 2 * i])
          local keep = math.max(window, retain)
          redis.call('ZADD', KEYS[i], now, ARGV[2] .. ':' .. i)
          redis.call('ZREMRANGEBYSCORE', KEYS[i], '-inf', '(' .. (now - keep))
          redis.call('PEXPIRE', KEYS[i], keep)
        end
        return 1
        """;

    // KEYS[1]; ARGV: now, member, since (ms), retain (ms).
    private const string RecordAndCountScript = """
        local now = tonumber(ARGV[1])
        local keep = math.max(now - tonumber(ARGV[3]), tonumber(ARGV[4]))
        redis.call('ZADD', KEYS[1], now, ARGV[2])
        redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', '(' .. (now - keep))
        redis.call('PEXPIRE', KEYS[1], keep)
        return redis.call('ZCOUNT', KEYS[1], '(' .. ARGV[3], '+inf')
        """;

    public async Task<bool> TryRecordWithinLimitsAsync(IReadOnlyList<RateLimit> limits, DateTimeOffset at, CancellationToken cancellationToken = default) =>
        (int)await RecordAsync(limits, at, check: true).ConfigureAwait(false) == 1;

    public Task RecordAsync(IReadOnlyList<RateLimit> limits, DateTimeOffset at, CancellationToken cancellationToken = default) =>
        RecordAsync(limits, at, check: false);

    public async Task<bool> IsOverAnyAsync(IReadOnlyList<RateLimit> limits, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(limits);
        var db = redis.GetDatabase();
        var now = Milliseconds(at);
        var counts = await Task.WhenAll(limits.Select(l =>
            db.SortedSetLengthAsync(Key(l.Key), now - l.Window.TotalMilliseconds, double.PositiveInfinity, Exclude.Start))).ConfigureAwait(false);
        return counts.Zip(limits).Any(c => c.First >= c.Second.Max);
    }

    public async Task<int> RecordAndCountAsync(string key, DateTimeOffset at, DateTimeOffset since, CancellationToken cancellationToken = default)
    {
        var result = await redis.GetDatabase().ScriptEvaluateAsync(RecordAndCountScript, [Key(key)],
            [Milliseconds(at), Guid.NewGuid().ToString("N"), Milliseconds(since), Retained.TotalMilliseconds]).ConfigureAwait(false);
        return (int)result;
    }

    public Task ClearAsync(string key, CancellationToken cancellationToken = default) =>
        redis.GetDatabase().KeyDeleteAsync(Key(key));

    private async Task<RedisResult> RecordAsync(IReadOnlyList<RateLimit> limits, DateTimeOffset at, bool check)
    {
        ArgumentNullException.ThrowIfNull(limits);
        var args = new List<RedisValue> { Milliseconds(at), Guid.NewGuid().ToString("N"), Retained.TotalMilliseconds, check ? "1" : "0" };
        foreach (var limit in limits)
        {
            args.Add(limit.Window.TotalMilliseconds);
            args.Add(limit.Max);
        }
        return await redis.GetDatabase().ScriptEvaluateAsync(RecordScript, [.. limits.Select(l => Key(l.Key))], [.. args]).ConfigureAwait(false);
    }

    private static RedisKey Key(string key) => Prefix + key;

    private static double Milliseconds(DateTimeOffset at) => at.ToUnixTimeMilliseconds();
}
