namespace HelpBot.Dialogs.RateLimits;

/// <summary>At most <paramref name="Max"/> events under <paramref name="Key"/> in any <paramref name="Window"/>.</summary>
public sealed record RateLimit(string Key, int Max, TimeSpan Window);

/// <summary>
/// Every limit HelpBot keeps on what people may try, in one place: SafeCodes sent per account and per conversation,
/// wrong SafeCodes, registration look-ups, guest-key failures, console sign-ins. Events are counted under a key (its
/// prefix names the feature, e.g. <c>send:text:jsmith</c>, <c>signin:address:10.0.0.5</c>) in a sliding window.
/// Stored with HelpBot's data, so a limit survives a restart and is shared by every process on that store.
/// </summary>
public interface IRateLimits
{
    /// <summary>
    /// Atomically: when every limit still has room (fewer than <see cref="RateLimit.Max"/> events under its key since
    /// <c>at - Window</c>), records one event at <paramref name="at"/> under each key and returns true; otherwise records nothing.
    /// </summary>
    Task<bool> TryRecordWithinLimitsAsync(IReadOnlyList<RateLimit> limits, DateTimeOffset at, CancellationToken cancellationToken = default);

    /// <summary>Records one event under each limit's key (a failure to count), whether or not there is room.</summary>
    Task RecordAsync(IReadOnlyList<RateLimit> limits, DateTimeOffset at, CancellationToken cancellationToken = default);

    /// <summary>True when any limit has no room left: <see cref="RateLimit.Max"/> or more events under its key in its window before <paramref name="at"/>.</summary>
    Task<bool> IsOverAnyAsync(IReadOnlyList<RateLimit> limits, DateTimeOffset at, CancellationToken cancellationToken = default);

    /// <summary>Records one event under <paramref name="key"/> and returns how many there are since <paramref name="since"/>, this one included.</summary>
    Task<int> RecordAndCountAsync(string key, DateTimeOffset at, DateTimeOffset since, CancellationToken cancellationToken = default);

    /// <summary>Forgets every event under <paramref name="key"/> (e.g. a right SafeCode clears the wrong ones).</summary>
    Task ClearAsync(string key, CancellationToken cancellationToken = default);
}
