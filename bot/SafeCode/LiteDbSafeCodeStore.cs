using HelpBot.Bot.Storage;
using HelpBot.Dialogs.SafeCode;
using LiteDB;

namespace HelpBot.Bot.SafeCode;

/// <summary>
/// SafeCode's store in the shared LiteDB file: <c>safecode_challenges</c>, <c>safecode_events</c> (sends and failures,
/// for the limits) and <c>safecode_blocks</c>. Read-then-write steps hold the collection's write lock.
/// </summary>
public sealed class LiteDbSafeCodeStore : ISafeCodeStore
{
    public const string Challenges = "safecode_challenges";
    public const string Events = "safecode_events";
    public const string Blocks = "safecode_blocks";

    private readonly HelpBotDatabase _database;

    public LiteDbSafeCodeStore(HelpBotDatabase database)
    {
        _database = database;
        ChallengeCollection.EnsureIndex(c => c.ExpiresAt);
        EventCollection.EnsureIndex(e => e.Key);
        EventCollection.EnsureIndex(e => e.At);
    }

    private ILiteCollection<ChallengeDocument> ChallengeCollection => _database.GetCollection<ChallengeDocument>(Challenges);
    private ILiteCollection<EventDocument> EventCollection => _database.GetCollection<EventDocument>(Events);
    private ILiteCollection<BlockDocument> BlockCollection => _database.GetCollection<BlockDocument>(Blocks);

    public Task InsertChallengeAsync(SafeCodeChallenge challenge, CancellationToken cancellationToken = default)
    {
        ChallengeCollection.Insert(ChallengeDocument.From(challenge));
        return Task.CompletedTask;
    }

    public Task<SafeCodeChallenge?> GetChallengeAsync(string id, CancellationToken cancellationToken = default) =>
        Task.FromResult(ChallengeCollection.FindById(id)?.ToChallenge());

    public Task<SafeCodeChallenge?> UpdateChallengeAsync(string id, Func<SafeCodeChallenge, SafeCodeChallenge> update, CancellationToken cancellationToken = default)
    {
        lock (_database.WriteLockFor(Challenges))
        {
            var collection = ChallengeCollection;
            if (collection.FindById(id)?.ToChallenge() is not { } current)
            {
                return Task.FromResult<SafeCodeChallenge?>(null);
            }
            var updated = update(current);
            if (!ReferenceEquals(updated, current))
            {
                collection.Update(ChallengeDocument.From(updated with { Id = current.Id }));
            }
            return Task.FromResult<SafeCodeChallenge?>(updated);
        }
    }

    public Task<bool> TryRecordWithinLimitsAsync(IReadOnlyList<SafeCodeLimit> limits, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
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
            return Task.FromResult(true);
        }
    }

    public Task<int> RecordAndCountAsync(string key, DateTimeOffset at, DateTimeOffset since, CancellationToken cancellationToken = default)
    {
        var from = since.UtcDateTime;
        lock (_database.WriteLockFor(Events))
        {
            var events = EventCollection;
            events.Insert(new EventDocument { Key = key, At = at.UtcDateTime });
            return Task.FromResult(events.Count(e => e.Key == key && e.At > from));
        }
    }

    public Task ClearEventsAsync(string key, CancellationToken cancellationToken = default)
    {
        lock (_database.WriteLockFor(Events))
        {
            EventCollection.DeleteMany(e => e.Key == key);
        }
        return Task.CompletedTask;
    }

    public Task<DateTimeOffset?> GetBlockedUntilAsync(string subject, CancellationToken cancellationToken = default) =>
        Task.FromResult(BlockCollection.FindById(subject) is { } block ? Utc(block.Until) : (DateTimeOffset?)null);

    public Task BlockAsync(string subject, DateTimeOffset until, CancellationToken cancellationToken = default)
    {
        BlockCollection.Upsert(new BlockDocument { Id = subject, Until = until.UtcDateTime });
        return Task.CompletedTask;
    }

    public Task PurgeAsync(DateTimeOffset before, CancellationToken cancellationToken = default)
    {
        var cutoff = before.UtcDateTime;
        lock (_database.WriteLockFor(Challenges))
        {
            ChallengeCollection.DeleteMany(c => c.ExpiresAt < cutoff);
        }
        lock (_database.WriteLockFor(Events))
        {
            EventCollection.DeleteMany(e => e.At < cutoff);
        }
        BlockCollection.DeleteMany(b => b.Until < cutoff);
        return Task.CompletedTask;
    }

    private static DateTimeOffset Utc(DateTime value) => new(DateTime.SpecifyKind(value, DateTimeKind.Utc));

    private sealed class ChallengeDocument
    {
        [BsonId]
        public string Id { get; set; } = "";
        public string Subject { get; set; } = "";
        public string? Username { get; set; }
        public string ConversationId { get; set; } = "";
        public SafeCodePurpose Purpose { get; set; }
        public byte[] CodeHash { get; set; } = [];
        // Ticks, not DateTime: LiteDB keeps DateTime to the millisecond, and expiry is compared exactly.
        public long CreatedAtTicks { get; set; }
        public DateTime ExpiresAt { get; set; }
        public long ExpiresAtTicks { get; set; }
        public int WrongAttempts { get; set; }
        public bool Used { get; set; }
        public bool Phantom { get; set; }

        public static ChallengeDocument From(SafeCodeChallenge c) => new()
        {
            Id = c.Id,
            Subject = c.Subject,
            Username = c.Username,
            ConversationId = c.ConversationId,
            Purpose = c.Purpose,
            CodeHash = c.CodeHash,
            CreatedAtTicks = c.CreatedAt.UtcTicks,
            ExpiresAt = c.ExpiresAt.UtcDateTime,
            ExpiresAtTicks = c.ExpiresAt.UtcTicks,
            WrongAttempts = c.WrongAttempts,
            Used = c.Used,
            Phantom = c.Phantom,
        };

        public SafeCodeChallenge ToChallenge() => new()
        {
            Id = Id,
            Subject = Subject,
            Username = Username,
            ConversationId = ConversationId,
            Purpose = Purpose,
            CodeHash = CodeHash,
            CreatedAt = new DateTimeOffset(CreatedAtTicks, TimeSpan.Zero),
            ExpiresAt = new DateTimeOffset(ExpiresAtTicks, TimeSpan.Zero),
            WrongAttempts = WrongAttempts,
            Used = Used,
            Phantom = Phantom,
        };
    }

    private sealed class EventDocument
    {
        public ObjectId Id { get; set; } = ObjectId.NewObjectId();
        public string Key { get; set; } = "";
        public DateTime At { get; set; }
    }

    private sealed class BlockDocument
    {
        [BsonId]
        public string Id { get; set; } = "";
        public DateTime Until { get; set; }
    }
}
