using HelpBot.Bot.Storage;
using HelpBot.Dialogs.SafeCode;
using LiteDB;

namespace HelpBot.Bot.SafeCode;

/// <summary>
/// SafeCode's store in the shared LiteDB file: <c>safecode_challenges</c> and <c>safecode_blocks</c> (its sends and
/// failures are counted by the rate limits, <see cref="LiteDbRateLimits"/>). Read-then-write steps hold the collection's write lock.
/// </summary>
public sealed class LiteDbSafeCodeStore : ISafeCodeStore, IRetainedData
{
    public const string Challenges = "safecode_challenges";
    public const string Blocks = "safecode_blocks";

    private readonly HelpBotDatabase _database;

    public LiteDbSafeCodeStore(HelpBotDatabase database)
    {
        _database = database;
        ChallengeCollection.EnsureIndex(c => c.ExpiresAt);
    }

    private ILiteCollection<ChallengeDocument> ChallengeCollection => _database.GetCollection<ChallengeDocument>(Challenges);
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

    public Task<DateTimeOffset?> GetBlockedUntilAsync(string subject, CancellationToken cancellationToken = default) =>
        Task.FromResult(BlockCollection.FindById(subject) is { } block ? Utc(block.Until) : (DateTimeOffset?)null);

    public Task BlockAsync(string subject, DateTimeOffset until, CancellationToken cancellationToken = default)
    {
        BlockCollection.Upsert(new BlockDocument { Id = subject, Until = until.UtcDateTime });
        return Task.CompletedTask;
    }

    public Task PurgeAsync(DateTimeOffset before, CancellationToken cancellationToken = default)
    {
        Purge(before);
        return Task.CompletedTask;
    }

    string IRetainedData.Name => $"{Challenges}, {Blocks}";

    /// <summary>Challenges that expired, and blocks that ended, longer than <see cref="RetentionOptions.SafeCodeChallenges"/> ago.</summary>
    Task<int> IRetainedData.PurgeAsync(DateTimeOffset now, RetentionOptions retention, CancellationToken cancellationToken) =>
        Task.FromResult(Purge(now - retention.SafeCodeChallenges));

    private int Purge(DateTimeOffset before)
    {
        var cutoff = before.UtcDateTime;
        int challenges;
        lock (_database.WriteLockFor(Challenges))
        {
            challenges = ChallengeCollection.DeleteMany(c => c.ExpiresAt < cutoff);
        }
        return challenges + BlockCollection.DeleteMany(b => b.Until < cutoff);
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

    private sealed class BlockDocument
    {
        [BsonId]
        public string Id { get; set; } = "";
        public DateTime Until { get; set; }
    }
}
