using HelpBot.Bot.Scale;
using HelpBot.Bot.Storage;
using HelpBot.Bot.Tests.Storage;
using HelpBot.Dialogs.RateLimits;
using StackExchange.Redis;

namespace HelpBot.Bot.Tests.Scale;

/// <summary>What every engine behind <see cref="IRateLimits"/> must do: sliding windows, atomic check-and-record, counts, clearing.</summary>
public abstract class RateLimitsContractTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 3, 9, 0, 0, TimeSpan.Zero);

    /// <summary>Keys unique to the test, so engines shared by several tests (one Redis) start empty for each.</summary>
    private readonly string _prefix = Guid.NewGuid().ToString("N")[..8] + ":";

    protected abstract IRateLimits Limits { get; }

    private RateLimit Limit(string key, int max, TimeSpan window) => new(_prefix + key, max, window);

    [Fact]
    public async Task AtMostMaxEventsAreRecordedInAWindow_AndAnEventLeavesTheWindowWhenItIsOver()
    {
        var limit = Limit("send:text:jsmith", 3, TimeSpan.FromMinutes(15));

        var taken = new List<bool>();
        for (var i = 0; i < 4; i++)
        {
            taken.Add(await Limits.TryRecordWithinLimitsAsync([limit], Now.AddMinutes(i)));
        }

        Assert.Equal([true, true, true, false], taken);
        Assert.True(await Limits.IsOverAnyAsync([limit], Now.AddMinutes(4)));
        // The first event (at 0) is out of the window 15 minutes later; the others are still in it.
        Assert.True(await Limits.TryRecordWithinLimitsAsync([limit], Now.AddMinutes(15).AddSeconds(1)));
        Assert.False(await Limits.TryRecordWithinLimitsAsync([limit], Now.AddMinutes(15).AddSeconds(2)));
    }

    [Fact]
    public async Task WhenOneLimitIsFullNothingIsRecordedUnderTheOthers()
    {
        var account = Limit("send:account:jsmith", 1, TimeSpan.FromHours(1));
        var conversation = Limit("send:conversation:c1", 5, TimeSpan.FromHours(1));
        Assert.True(await Limits.TryRecordWithinLimitsAsync([account], Now));

        Assert.False(await Limits.TryRecordWithinLimitsAsync([account, conversation], Now.AddMinutes(1)));

        Assert.Equal(1, await Limits.RecordAndCountAsync(conversation.Key, Now.AddMinutes(2), Now.AddHours(-1)));
    }

    [Fact]
    public async Task ConcurrentAttemptsNeverTakeMoreThanMax()
    {
        var limit = Limit("signin:address:10.0.0.5", 5, TimeSpan.FromMinutes(10));

        var results = await Task.WhenAll(Enumerable.Range(0, 40).Select(i => Task.Run(() => Limits.TryRecordWithinLimitsAsync([limit], Now.AddMilliseconds(i)))));

        Assert.Equal(5, results.Count(r => r));
    }

    [Fact]
    public async Task RecordCountsEvenWhenFull_AndClearForgetsTheKey()
    {
        var wrong = Limit("wrong:jsmith", 2, TimeSpan.FromHours(24));
        for (var i = 0; i < 3; i++)
        {
            await Limits.RecordAsync([wrong], Now.AddMinutes(i));
        }

        Assert.Equal(4, await Limits.RecordAndCountAsync(wrong.Key, Now.AddMinutes(3), Now.AddHours(-1)));
        await Limits.ClearAsync(wrong.Key);
        Assert.False(await Limits.IsOverAnyAsync([wrong], Now.AddMinutes(4)));
        Assert.Equal(1, await Limits.RecordAndCountAsync(wrong.Key, Now.AddMinutes(5), Now.AddHours(-1)));
    }
}

public sealed class LiteDbRateLimitsTests : RateLimitsContractTests, IDisposable
{
    private readonly TempDatabaseFolder _folder = new();
    private readonly HelpBotDatabase _database;

    public LiteDbRateLimitsTests()
    {
        _database = _folder.Open();
        Limits = new LiteDbRateLimits(_database);
    }

    protected override IRateLimits Limits { get; }

    public void Dispose()
    {
        _database.Dispose();
        _folder.Dispose();
    }
}

/// <summary>The same contract on a real Redis, through two connections (two instances) taking turns.</summary>
public sealed class RedisRateLimitsTests : RateLimitsContractTests, IClassFixture<RedisServerFixture>, IDisposable
{
    private readonly ConnectionMultiplexer _a;
    private readonly ConnectionMultiplexer _b;
    private readonly RedisRateLimits _onA;
    private readonly RedisRateLimits _onB;
    private int _turn;

    public RedisRateLimitsTests(RedisServerFixture fixture)
    {
        _a = ConnectionMultiplexer.Connect(fixture.Server.Configuration);
        _b = ConnectionMultiplexer.Connect(fixture.Server.Configuration);
        _onA = new RedisRateLimits(_a);
        _onB = new RedisRateLimits(_b);
    }

    /// <summary>Each call goes to the other instance than the one before.</summary>
    protected override IRateLimits Limits => Interlocked.Increment(ref _turn) % 2 == 0 ? _onA : _onB;

    public void Dispose()
    {
        _a.Dispose();
        _b.Dispose();
    }
}
