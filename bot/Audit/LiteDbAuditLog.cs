using HelpBot.Bot.Storage;
using HelpBot.Dialogs.Audit;
using HelpBot.Dialogs.Telemetry;
using LiteDB;

namespace HelpBot.Bot.Audit;

/// <summary>The audit log (docs/security.md, C5) in the shared LiteDB file: collection <c>audit</c>, indexed by account and time.</summary>
public sealed class LiteDbAuditLog : IAuditLog, IRetainedData
{
    public const string CollectionName = "audit";

    private readonly HelpBotDatabase _database;

    public LiteDbAuditLog(HelpBotDatabase database)
    {
        _database = database;
        Collection.EnsureIndex(e => e.Account);
        Collection.EnsureIndex(e => e.At);
    }

    private ILiteCollection<AuditDocument> Collection => _database.GetCollection<AuditDocument>(CollectionName);

    public Task WriteAsync(AuditEntry entry, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entry);
        Collection.Insert(AuditDocument.From(entry));
        HelpBotMetrics.Audited(entry.Action, entry.Outcome);
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<AuditEntry>> ReadAsync(string? account = null, int limit = 100, CancellationToken cancellationToken = default)
    {
        var query = Collection.Query();
        if (account is not null)
        {
            query = query.Where(e => e.Account == account);
        }
        // Id (an ObjectId) breaks ties between entries written in the same millisecond, oldest first.
        IReadOnlyList<AuditEntry> entries = query.OrderByDescending(e => e.At).Limit(Math.Max(limit, 0)).ToList()
            .OrderByDescending(e => e.At).ThenByDescending(e => e.Id)
            .Select(e => e.ToEntry()).ToList();
        return Task.FromResult(entries);
    }

    string IRetainedData.Name => CollectionName;

    /// <summary>Entries older than <see cref="RetentionOptions.Audit"/>.</summary>
    Task<int> IRetainedData.PurgeAsync(DateTimeOffset now, RetentionOptions retention, CancellationToken cancellationToken)
    {
        var cutoff = (now - retention.Audit).UtcDateTime;
        return Task.FromResult(Collection.DeleteMany(e => e.At < cutoff));
    }

    private sealed class AuditDocument
    {
        public ObjectId Id { get; set; } = ObjectId.NewObjectId();
        public DateTime At { get; set; }
        public string Action { get; set; } = "";
        public string Outcome { get; set; } = "";
        public string? Account { get; set; }
        public string? Actor { get; set; }
        public string? Channel { get; set; }
        public string? ConversationId { get; set; }
        public string? Detail { get; set; }

        public static AuditDocument From(AuditEntry e) => new()
        {
            At = e.At.UtcDateTime,
            Action = e.Action,
            Outcome = e.Outcome,
            Account = e.Account,
            Actor = e.Actor,
            Channel = e.Channel,
            ConversationId = e.ConversationId,
            Detail = e.Detail,
        };

        public AuditEntry ToEntry() => new()
        {
            At = new DateTimeOffset(DateTime.SpecifyKind(At, DateTimeKind.Utc)),
            Action = Action,
            Outcome = Outcome,
            Account = Account,
            Actor = Actor,
            Channel = Channel,
            ConversationId = ConversationId,
            Detail = Detail,
        };
    }
}
