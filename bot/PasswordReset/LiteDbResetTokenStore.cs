using HelpBot.Bot.Storage;
using HelpBot.Dialogs.PasswordReset;
using LiteDB;

namespace HelpBot.Bot.PasswordReset;

/// <summary>Reset tickets in the shared LiteDB file, keyed by the token's hash. Consuming is one locked read-compare-write.</summary>
public sealed class LiteDbResetTokenStore : IResetTokenStore, IRetainedData
{
    public const string CollectionName = "reset_links";

    private readonly HelpBotDatabase _database;
    private readonly ILiteCollection<BsonDocument> _tickets;

    public LiteDbResetTokenStore(HelpBotDatabase database)
    {
        _database = database;
        _tickets = database.GetCollection(CollectionName);
        _tickets.EnsureIndex("expiresAt");
    }

    public Task AddAsync(ResetTicket ticket, CancellationToken cancellationToken = default)
    {
        lock (_database.WriteLockFor(CollectionName))
        {
            _tickets.Insert(ToDocument(ticket));
        }
        return Task.CompletedTask;
    }

    string IRetainedData.Name => CollectionName;

    /// <summary>Tickets expired longer than <see cref="RetentionOptions.ResetLinks"/> ago (kept that long for support questions), used or not.</summary>
    Task<int> IRetainedData.PurgeAsync(DateTimeOffset now, RetentionOptions retention, CancellationToken cancellationToken)
    {
        lock (_database.WriteLockFor(CollectionName))
        {
            return Task.FromResult(_tickets.DeleteMany(Query.LT("expiresAt", new BsonValue((now - retention.ResetLinks).UtcDateTime))));
        }
    }

    public Task<ResetTicket?> FindAsync(string tokenHash, CancellationToken cancellationToken = default)
    {
        var document = _tickets.FindById(tokenHash);
        return Task.FromResult(document is null ? null : FromDocument(document));
    }

    public Task<ResetTicket?> ConsumeAsync(string tokenHash, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        lock (_database.WriteLockFor(CollectionName))
        {
            var document = _tickets.FindById(tokenHash);
            if (document is null || !FromDocument(document).IsUsable(now))
            {
                return Task.FromResult<ResetTicket?>(null);
            }
            document["usedAt"] = now.UtcDateTime;
            _tickets.Update(document);
            return Task.FromResult<ResetTicket?>(FromDocument(document));
        }
    }

    public Task ReleaseAsync(string tokenHash, CancellationToken cancellationToken = default)
    {
        lock (_database.WriteLockFor(CollectionName))
        {
            var document = _tickets.FindById(tokenHash);
            if (document is not null && !document["usedAt"].IsNull)
            {
                document["usedAt"] = BsonValue.Null;
                _tickets.Update(document);
            }
        }
        return Task.CompletedTask;
    }

    private static BsonDocument ToDocument(ResetTicket t) => new()
    {
        ["_id"] = t.TokenHash,
        ["username"] = t.Username,
        ["reason"] = t.Reason.ToString(),
        ["conversation"] = t.Conversation,
        ["issuedAt"] = t.IssuedAt.UtcDateTime,
        ["expiresAt"] = t.ExpiresAt.UtcDateTime,
        ["usedAt"] = t.UsedAt is { } used ? used.UtcDateTime : BsonValue.Null,
    };

    private static ResetTicket FromDocument(BsonDocument d) => new()
    {
        TokenHash = d["_id"].AsString,
        Username = d["username"].AsString,
        Reason = Enum.TryParse<ResetReason>(d["reason"].AsString, out var reason) ? reason : ResetReason.Forgotten,
        Conversation = d["conversation"].AsString,
        IssuedAt = Utc(d["issuedAt"]),
        ExpiresAt = Utc(d["expiresAt"]),
        UsedAt = d["usedAt"].IsNull ? null : Utc(d["usedAt"]),
    };

    private static DateTimeOffset Utc(BsonValue value) =>
        new(DateTime.SpecifyKind(value.AsDateTime, DateTimeKind.Utc));
}
