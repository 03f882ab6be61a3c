using HelpBot.Bot.Storage;
using LiteDB;

namespace HelpBot.Bot.DirectLine;

/// <summary>
/// Direct Line conversations and their history in the shared LiteDB file, so a Web Chat conversation resumes after the
/// bot restarts. What the user typed is stored with SafeCodes, Harvard IDs, guest keys and typed passwords redacted (S4), and
/// so are a guest key the bot showed a sponsor and the token of a reset link it sent (the live link was delivered; the
/// stored one no longer opens): a reload shows bullets.
/// </summary>
public sealed class LiteDbDirectLineConversationStore : IDirectLineConversationStore
{
    private readonly ILiteCollection<ConversationDocument> _conversations;
    private readonly ILiteCollection<ActivityDocument> _activities;
    private readonly TimeProvider _time;
    // The newest watermark per conversation appended through this store (one process holds the file), read from the
    // file the first time: appends that race get distinct positions.
    private readonly Lock _appending = new();
    private readonly Dictionary<string, long> _lastWatermark = new(StringComparer.Ordinal);

    public LiteDbDirectLineConversationStore(HelpBotDatabase database, TimeProvider? time = null)
    {
        _time = time ?? TimeProvider.System;
        _conversations = database.GetCollection<ConversationDocument>(ConversationsCollection);
        _activities = database.GetCollection<ActivityDocument>(ActivitiesCollection);
        _activities.EnsureIndex(a => a.ConversationId);
        _activities.EnsureIndex(a => a.At);
    }

    public const string ConversationsCollection = "directline_conversations";
    public const string ActivitiesCollection = "directline_activities";

    public Task<DirectLineConversationRecord?> FindAsync(string conversationId, CancellationToken cancellationToken)
    {
        var found = _conversations.FindById(conversationId);
        return Task.FromResult(found is null ? null : new DirectLineConversationRecord(found.Id, found.UserId, found.UserName, new DateTimeOffset(found.Created, TimeSpan.Zero)));
    }

    public Task CreateAsync(DirectLineConversationRecord conversation, CancellationToken cancellationToken)
    {
        _conversations.Upsert(new ConversationDocument
        {
            Id = conversation.ConversationId,
            UserId = conversation.UserId,
            UserName = conversation.UserName,
            Created = conversation.Created.UtcDateTime,
        });
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<DirectLineHistoryEntry>> ReadHistoryAsync(string conversationId, int limit, CancellationToken cancellationToken)
    {
        IReadOnlyList<DirectLineHistoryEntry> entries = _activities.Query()
            .Where(a => a.ConversationId == conversationId)
            .ToList()
            .OrderBy(a => a.Watermark)
            .TakeLast(limit)
            .Select(a => new DirectLineHistoryEntry(a.Watermark, a.ActivityId, a.ActivityJson))
            .ToList();
        return Task.FromResult(entries);
    }

    public Task<IReadOnlyList<DirectLineHistoryEntry>> ReadAfterAsync(string conversationId, long watermark, CancellationToken cancellationToken)
    {
        IReadOnlyList<DirectLineHistoryEntry> entries = _activities.Query()
            .Where(a => a.ConversationId == conversationId && a.Watermark > watermark)
            .ToList()
            .OrderBy(a => a.Watermark)
            .Select(a => new DirectLineHistoryEntry(a.Watermark, a.ActivityId, a.ActivityJson))
            .ToList();
        return Task.FromResult(entries);
    }

    public Task<long> AppendAsync(string conversationId, DirectLineHistoryEntry entry, int limit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        lock (_appending)
        {
            if (!_lastWatermark.TryGetValue(conversationId, out var last))
            {
                last = _activities.Query().Where(a => a.ConversationId == conversationId).Select(a => a.Watermark).ToEnumerable().DefaultIfEmpty(0).Max();
            }
            var watermark = Math.Max(entry.Watermark, last + 1);
            _lastWatermark[conversationId] = watermark;
            _activities.Insert(new ActivityDocument
            {
                ConversationId = conversationId,
                Watermark = watermark,
                ActivityId = entry.ActivityId,
                At = _time.GetUtcNow().UtcDateTime,
                ActivityJson = DirectLineRedaction.ForHistory(entry.ActivityJson),
            });
            var oldestKept = watermark - limit;
            if (oldestKept > 0)
            {
                _activities.DeleteMany(a => a.ConversationId == conversationId && a.Watermark <= oldestKept);
            }
            return Task.FromResult(watermark);
        }
    }

    public Task RemoveAsync(string conversationId, string activityId, CancellationToken cancellationToken)
    {
        _activities.DeleteMany(a => a.ConversationId == conversationId && a.ActivityId == activityId);
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<string>> PurgeIdleAsync(DateTimeOffset lastActivityBefore, CancellationToken cancellationToken)
    {
        var cutoff = lastActivityBefore.UtcDateTime;
        // Activities stored before they had a time read as DateTime.MinValue: old, as they are.
        var active = _activities.Query().Where(a => a.At >= cutoff).Select(a => a.ConversationId).ToEnumerable().ToHashSet(StringComparer.Ordinal);
        IReadOnlyList<string> idle = _conversations.Query().Where(c => c.Created < cutoff).Select(c => c.Id).ToEnumerable()
            .Where(id => !active.Contains(id)).ToList();
        foreach (var id in idle)
        {
            _activities.DeleteMany(a => a.ConversationId == id);
            _conversations.Delete(id);
            lock (_appending)
            {
                _lastWatermark.Remove(id);
            }
        }
        return Task.FromResult(idle);
    }

    internal sealed class ConversationDocument
    {
        public string Id { get; set; } = "";
        public string UserId { get; set; } = "";
        public string? UserName { get; set; }
        public DateTime Created { get; set; }
    }

    internal sealed class ActivityDocument
    {
        public ObjectId? Id { get; set; }
        public string ConversationId { get; set; } = "";
        public long Watermark { get; set; }
        public string ActivityId { get; set; } = "";
        /// <summary>When it was stored: a conversation's last activity decides how long it is kept.</summary>
        public DateTime At { get; set; }
        public string ActivityJson { get; set; } = "";
    }
}
