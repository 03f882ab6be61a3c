namespace HelpBot.Bot.DirectLine;

/// <summary>A Direct Line conversation: who it belongs to (from the token that started it).</summary>
public sealed record DirectLineConversationRecord(string ConversationId, string UserId, string? UserName, DateTimeOffset Created);

/// <summary>One stored activity: its watermark position, its id, and the activity as Bot Framework JSON.</summary>
public sealed record DirectLineHistoryEntry(long Watermark, string ActivityId, string ActivityJson);

/// <summary>
/// Where Direct Line conversations and their activity history are kept, so a Web Chat conversation can resume after a
/// restart. The endpoint keeps live conversations in memory and writes through to this store; it calls the store for
/// one conversation at a time, in order. Implementations: <see cref="LiteDbDirectLineConversationStore"/> (the default),
/// PostgreSQL (Storage:Provider=Postgres), and <see cref="InMemoryDirectLineConversationStore"/> for tests.
/// </summary>
public interface IDirectLineConversationStore
{
    Task<DirectLineConversationRecord?> FindAsync(string conversationId, CancellationToken cancellationToken);

    Task CreateAsync(DirectLineConversationRecord conversation, CancellationToken cancellationToken);

    /// <summary>The newest <paramref name="limit"/> entries, oldest first.</summary>
    Task<IReadOnlyList<DirectLineHistoryEntry>> ReadHistoryAsync(string conversationId, int limit, CancellationToken cancellationToken);

    /// <summary>The entries after <paramref name="watermark"/>, oldest first: what another instance appended since.</summary>
    Task<IReadOnlyList<DirectLineHistoryEntry>> ReadAfterAsync(string conversationId, long watermark, CancellationToken cancellationToken);

    /// <summary>
    /// Adds an entry and drops the oldest so that at most <paramref name="limit"/> remain. It goes at
    /// <paramref name="entry"/>'s watermark, or after the newest watermark stored for the conversation if that is
    /// later (another instance appended meanwhile); returns where it went. Two appends never share a position, so a
    /// client reading on from a watermark misses nothing.
    /// </summary>
    Task<long> AppendAsync(string conversationId, DirectLineHistoryEntry entry, int limit, CancellationToken cancellationToken);

    /// <summary>Removes the entry with that activity id, if any (the bot deleted or updated the activity).</summary>
    Task RemoveAsync(string conversationId, string activityId, CancellationToken cancellationToken);

    /// <summary>
    /// Removes every conversation, with its history, that was created and last active before
    /// <paramref name="lastActivityBefore"/> (retention, docs/operations.md); returns their ids.
    /// </summary>
    Task<IReadOnlyList<string>> PurgeIdleAsync(DateTimeOffset lastActivityBefore, CancellationToken cancellationToken);
}

/// <summary>Keeps conversations in process memory: fine for development and tests; nothing survives a restart.</summary>
public sealed class InMemoryDirectLineConversationStore : IDirectLineConversationStore
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, (DirectLineConversationRecord Record, List<DirectLineHistoryEntry> History)> _conversations = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _lastWatermark = new(StringComparer.Ordinal);

    public Task<DirectLineConversationRecord?> FindAsync(string conversationId, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult(_conversations.TryGetValue(conversationId, out var c) ? c.Record : null);
        }
    }

    public Task CreateAsync(DirectLineConversationRecord conversation, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            _conversations.TryAdd(conversation.ConversationId, (conversation, []));
        }
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<DirectLineHistoryEntry>> ReadHistoryAsync(string conversationId, int limit, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            IReadOnlyList<DirectLineHistoryEntry> result = _conversations.TryGetValue(conversationId, out var c)
                ? c.History.Skip(Math.Max(0, c.History.Count - limit)).ToArray()
                : [];
            return Task.FromResult(result);
        }
    }

    public Task<IReadOnlyList<DirectLineHistoryEntry>> ReadAfterAsync(string conversationId, long watermark, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            IReadOnlyList<DirectLineHistoryEntry> result = _conversations.TryGetValue(conversationId, out var c)
                ? c.History.Where(e => e.Watermark > watermark).ToArray()
                : [];
            return Task.FromResult(result);
        }
    }

    public Task<long> AppendAsync(string conversationId, DirectLineHistoryEntry entry, int limit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        lock (_gate)
        {
            var watermark = Math.Max(entry.Watermark, _lastWatermark.GetValueOrDefault(conversationId) + 1);
            if (_conversations.TryGetValue(conversationId, out var c))
            {
                _lastWatermark[conversationId] = watermark;
                c.History.Add(entry with { Watermark = watermark });
                if (c.History.Count > limit)
                {
                    c.History.RemoveRange(0, c.History.Count - limit);
                }
            }
            return Task.FromResult(watermark);
        }
    }

    public Task RemoveAsync(string conversationId, string activityId, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (_conversations.TryGetValue(conversationId, out var c))
            {
                c.History.RemoveAll(e => e.ActivityId == activityId);
            }
        }
        return Task.CompletedTask;
    }

    /// <summary>Nothing: entries here have no time, and nothing outlives the process anyway.</summary>
    public Task<IReadOnlyList<string>> PurgeIdleAsync(DateTimeOffset lastActivityBefore, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<string>>([]);
}
