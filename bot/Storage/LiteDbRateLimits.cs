using HelpBot.Dialogs.RateLimits;
using LiteDB;

namespace HelpBot.Bot.Storage;

/// <summary>The rate limits' events in the shared LiteDB file (<c>rate_events</c>); read-then-write steps hold its write lock.</summary>
public sealed class LiteDbRateLimits : IRateLimits
{
    public const string Events = "rate_events";

    private readonly HelpBotDatabase _database;
    private TimeSpan _longestWindow = TimeSpan.FromDays(1);
    private DateTime _lastForget = DateTime.MinValue;

    public LiteDbRateLimits(HelpBotDatabase database)
    {
        _database = database;
        EventCollection.EnsureIndex(e => e.Key);
        EventCollection.EnsureIndex(e => e.At);
    }

    private ILiteCollection<EventDocument> EventCollection => _database.GetCollection<EventDocument>(Events);

    public Task<bool> TryRecordWithinLimitsAsync(IReadOnlyList<RateLimit> limits, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(limits);
        var when = at.UtcDateTime;
        lock (_database.WriteLockFor(Events))
        {
            var events = EventCollection;
            foreach (var limit in limits)
            {
                var since = when - limit.Window;
                if (events.Count(e => e.Key == limit.Key && e.At > since) >= limit.Max)
                {
                    return Task.FromResult(false);
                }
            }
            events.InsertBulk(limits.Select(l => new EventDocument { Key = l.Key, At = when }));
            Forget(limits.Max(l => l.Window), when);
            return Task.FromResult(true);
        }
    }

    public Task RecordAsync(IReadOnlyList<RateLimit> limits, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(limits);
        var when = at.UtcDateTime;
        lock (_database.WriteLockFor(Events))
        {
            EventCollection.InsertBulk(limits.Select(l => new EventDocument { Key = l.Key, At = when }));
            Forget(limits.Max(l => l.Window), when);
        }
        return Task.CompletedTask;
    }

    public Task<bool> IsOverAnyAsync(IReadOnlyList<RateLimit> limits, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(limits);
        var when = at.UtcDateTime;
        var events = EventCollection;
        return Task.FromResult(limits.Any(l =>
        {
            var since = when - l.Window;
            return events.Count(e => e.Key == l.Key && e.At > since) >= l.Max;
        }));
    }

    public Task<int> RecordAndCountAsync(string key, DateTimeOffset at, DateTimeOffset since, CancellationToken cancellationToken = default)
    {
        var from = since.UtcDateTime;
        lock (_database.WriteLockFor(Events))
        {
            var events = EventCollection;
            events.Insert(new EventDocument { Key = key, At = at.UtcDateTime });
            Forget(at - since, at.UtcDateTime);
            return Task.FromResult(events.Count(e => e.Key == key && e.At > from));
        }
    }

    public Task ClearAsync(string key, CancellationToken cancellationToken = default)
    {
        lock (_database.WriteLockFor(Events))
        {
            EventCollection.DeleteMany(e => e.Key == key);
        }
        return Task.CompletedTask;
    }

    /// <summary>
    /// Keeps the collection small (called under the write lock): at most once an hour, events older than the longest
    /// window any limit has used are deleted, as no limit can count them any more.
    /// </summary>
    private void Forget(TimeSpan window, DateTime now)
    {
        if (window > _longestWindow)
        {
            _longestWindow = window;
        }
        if (now - _lastForget < TimeSpan.FromHours(1))
        {
            return;
        }
        _lastForget = now;
        var cutoff = now - _longestWindow;
        EventCollection.DeleteMany(e => e.At < cutoff);
    }

    private sealed class EventDocument
    {
        public ObjectId Id { get; set; } = ObjectId.NewObjectId();
        public string Key { get; set; } = "";
        public DateTime At { get; set; }
    }
}
