namespace HelpBot.Dialogs.SafeCode;

/// <summary>
/// Where SafeCode keeps challenges and blocks (its counters are rate limits, <c>IRateLimits</c>) (docs/architecture.md, decision 6: LiteDB by default, a distributed
/// store later). Every method that reads and then writes does so atomically.
/// </summary>
public interface ISafeCodeStore
{
    Task InsertChallengeAsync(SafeCodeChallenge challenge, CancellationToken cancellationToken = default);

    Task<SafeCodeChallenge?> GetChallengeAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>
    /// Atomically replaces challenge <paramref name="id"/> with what <paramref name="update"/> returns for its current
    /// value (a pure function: it may run under a lock). Returns the stored result, or null when there is no such challenge.
    /// </summary>
    Task<SafeCodeChallenge?> UpdateChallengeAsync(string id, Func<SafeCodeChallenge, SafeCodeChallenge> update, CancellationToken cancellationToken = default);

    /// <summary>Until when self-service is blocked for <paramref name="subject"/> (S6), if it is.</summary>
    Task<DateTimeOffset?> GetBlockedUntilAsync(string subject, CancellationToken cancellationToken = default);

    Task BlockAsync(string subject, DateTimeOffset until, CancellationToken cancellationToken = default);

    /// <summary>Deletes challenges that expired and blocks that ended before <paramref name="before"/> (housekeeping).</summary>
    Task PurgeAsync(DateTimeOffset before, CancellationToken cancellationToken = default);
}

/// <summary>
/// One issued code. <see cref="CodeHash"/> is HMAC-SHA256(key, id + code): the code itself is never stored (S4).
/// <see cref="Subject"/> is the account's username, or for an unknown identifier a keyed hash of it (R1), so limits
/// apply the same to both. A phantom challenge (unknown account, no destination) never verifies.
/// </summary>
public sealed record SafeCodeChallenge
{
    public required string Id { get; init; }
    public required string Subject { get; init; }
    public string? Username { get; init; }
    public required string ConversationId { get; init; }
    public required SafeCodePurpose Purpose { get; init; }
    public required byte[] CodeHash { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public required DateTimeOffset ExpiresAt { get; init; }
    public int WrongAttempts { get; init; }
    public bool Used { get; init; }
    public bool Phantom { get; init; }
}

