using HelpBot.Bot.Storage;
using HelpBot.Dialogs.Registration;
using LiteDB;

namespace HelpBot.Bot.Registration;

/// <summary>Registration requests from affiliated-hospital staff who aren't in the directory, in the shared LiteDB file.</summary>
public sealed class LiteDbRegistrationRequests(HelpBotDatabase database) : IRegistrationRequests, IRetainedData
{
    public const string CollectionName = "registration_requests";

    private ILiteCollection<RequestDocument> Collection => database.GetCollection<RequestDocument>(CollectionName);

    public Task AddAsync(RegistrationRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        Collection.Insert(new RequestDocument
        {
            FamilyName = request.FamilyName,
            AffiliateEmail = request.AffiliateEmail,
            At = request.At.UtcDateTime,
            Channel = request.Channel,
            ConversationId = request.ConversationId,
        });
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<RegistrationRequest>> ReadAsync(int limit = 100, CancellationToken cancellationToken = default)
    {
        IReadOnlyList<RegistrationRequest> requests = Collection.Query().OrderByDescending(d => d.At).Limit(limit).ToList()
            .Select(d => new RegistrationRequest
            {
                FamilyName = d.FamilyName,
                AffiliateEmail = d.AffiliateEmail,
                At = Utc(d.At),
                Channel = d.Channel,
                ConversationId = d.ConversationId,
            })
            .ToList();
        return Task.FromResult(requests);
    }

    string IRetainedData.Name => CollectionName;

    /// <summary>Requests made longer than <see cref="RetentionOptions.Requests"/> ago (the Service Desk has long handled them).</summary>
    Task<int> IRetainedData.PurgeAsync(DateTimeOffset now, RetentionOptions retention, CancellationToken cancellationToken)
    {
        var cutoff = (now - retention.Requests).UtcDateTime;
        return Task.FromResult(Collection.DeleteMany(d => d.At < cutoff));
    }

    internal static DateTimeOffset Utc(DateTime value) => new(DateTime.SpecifyKind(value, DateTimeKind.Utc));

    private sealed class RequestDocument
    {
        public ObjectId? Id { get; set; }
        public string FamilyName { get; set; } = "";
        public string AffiliateEmail { get; set; } = "";
        public DateTime At { get; set; }
        public string? Channel { get; set; }
        public string? ConversationId { get; set; }
    }
}

/// <summary>Pending profile changes, one document per (account, kind), in the shared LiteDB file.</summary>
public sealed class LiteDbPendingProfileChanges(HelpBotDatabase database) : IPendingProfileChanges, IRetainedData
{
    public const string CollectionName = "pending_profile_changes";

    private ILiteCollection<ChangeDocument> Collection => database.GetCollection<ChangeDocument>(CollectionName);

    public Task RecordAsync(PendingProfileChange change, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(change);
        var username = change.Username.Trim().ToLowerInvariant();
        Collection.Upsert(new ChangeDocument
        {
            Id = $"{username}|{change.Kind}",
            Username = username,
            Kind = change.Kind,
            NewValue = change.NewValue,
            RequestedAt = change.RequestedAt.UtcDateTime,
            Channel = change.Channel,
            ConversationId = change.ConversationId,
        });
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<PendingProfileChange>> ForAccountAsync(string username, CancellationToken cancellationToken = default)
    {
        var key = username.Trim().ToLowerInvariant();
        IReadOnlyList<PendingProfileChange> changes = Collection.Find(d => d.Username == key).ToList()
            .OrderByDescending(d => d.RequestedAt)
            .Select(d => new PendingProfileChange
            {
                Username = d.Username,
                Kind = d.Kind,
                NewValue = d.NewValue,
                RequestedAt = LiteDbRegistrationRequests.Utc(d.RequestedAt),
                Channel = d.Channel,
                ConversationId = d.ConversationId,
            })
            .ToList();
        return Task.FromResult(changes);
    }

    string IRetainedData.Name => CollectionName;

    /// <summary>Changes asked for longer than <see cref="RetentionOptions.Requests"/> ago (HR has long had them).</summary>
    Task<int> IRetainedData.PurgeAsync(DateTimeOffset now, RetentionOptions retention, CancellationToken cancellationToken)
    {
        var cutoff = (now - retention.Requests).UtcDateTime;
        return Task.FromResult(Collection.DeleteMany(d => d.RequestedAt < cutoff));
    }

    private sealed class ChangeDocument
    {
        /// <summary>"username|Kind": a newer request of the same kind replaces the older one.</summary>
        public string Id { get; set; } = "";
        public string Username { get; set; } = "";
        public ProfileChangeKind Kind { get; set; }
        public string NewValue { get; set; } = "";
        public DateTime RequestedAt { get; set; }
        public string? Channel { get; set; }
        public string? ConversationId { get; set; }
    }
}
