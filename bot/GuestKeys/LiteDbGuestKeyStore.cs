using HelpBot.Bot.Storage;
using HelpBot.Dialogs.GuestKeys;
using LiteDB;

namespace HelpBot.Bot.GuestKeys;

/// <summary>
/// Guest keys in the shared LiteDB file: <c>guest_invitations</c> (one document per sponsored guest, with the key's
/// HMAC and never the key); wrong keys are counted by the rate limits. Read-compare-write steps hold the
/// collection's write lock, so a key is used up by one registration only.
/// </summary>
public sealed class LiteDbGuestKeyStore : IGuestKeyStore
{
    public const string Invitations = "guest_invitations";

    private readonly HelpBotDatabase _database;

    public LiteDbGuestKeyStore(HelpBotDatabase database)
    {
        _database = database;
        InvitationCollection.EnsureIndex(i => i.KeyHash, unique: true);
        InvitationCollection.EnsureIndex(i => i.SponsorKey);
    }

    private ILiteCollection<InvitationDocument> InvitationCollection => _database.GetCollection<InvitationDocument>(Invitations);

    public Task InsertAsync(GuestInvitation invitation, CancellationToken cancellationToken = default)
    {
        InvitationCollection.Insert(InvitationDocument.From(invitation));
        return Task.CompletedTask;
    }

    public Task<GuestInvitation?> GetAsync(string id, CancellationToken cancellationToken = default) =>
        Task.FromResult(InvitationCollection.FindById(id)?.ToInvitation());

    public Task<GuestInvitation?> FindByKeyHashAsync(string keyHash, CancellationToken cancellationToken = default) =>
        Task.FromResult(InvitationCollection.FindOne(i => i.KeyHash == keyHash)?.ToInvitation());

    public Task<IReadOnlyList<GuestInvitation>> ListBySponsorAsync(string sponsor, CancellationToken cancellationToken = default)
    {
        var key = sponsor.Trim().ToLowerInvariant();
        IReadOnlyList<GuestInvitation> found = InvitationCollection.Find(i => i.SponsorKey == key)
            .OrderByDescending(i => i.IssuedAt).Select(i => i.ToInvitation()).ToList();
        return Task.FromResult(found);
    }

    public Task<IReadOnlyList<GuestInvitation>> ListNeedingAttentionAsync(CancellationToken cancellationToken = default)
    {
        IReadOnlyList<GuestInvitation> found = InvitationCollection
            .Find(i => i.GuestUsername != null && (i.EndedAt == null || !i.RegistrationNoticeSent))
            .Select(i => i.ToInvitation()).ToList();
        return Task.FromResult(found);
    }

    public Task<GuestInvitation?> UpdateAsync(string id, Func<GuestInvitation, GuestInvitation?> update, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(update);
        lock (_database.WriteLockFor(Invitations))
        {
            var collection = InvitationCollection;
            if (collection.FindById(id)?.ToInvitation() is not { } current || update(current) is not { } updated)
            {
                return Task.FromResult<GuestInvitation?>(null);
            }
            collection.Update(InvitationDocument.From(updated with { Id = current.Id, KeyHash = current.KeyHash }));
            return Task.FromResult<GuestInvitation?>(updated);
        }
    }

    internal sealed class InvitationDocument
    {
        public string Id { get; set; } = "";
        public string KeyHash { get; set; } = "";
        public string Sponsor { get; set; } = "";
        public string SponsorKey { get; set; } = "";
        public string FirstName { get; set; } = "";
        public string LastName { get; set; } = "";
        public string Email { get; set; } = "";
        public string Organisation { get; set; } = "";
        public GuestRole Role { get; set; }
        public string Reason { get; set; } = "";
        public DateTime LastDay { get; set; }
        public DateTime IssuedAt { get; set; }
        public DateTime KeyExpiresAt { get; set; }
        public DateTime? UsedAt { get; set; }
        public DateTime? RevokedAt { get; set; }
        public DateTime? EndedAt { get; set; }
        public string? GuestUsername { get; set; }
        public bool RegistrationNoticeSent { get; set; }
        public DateTime? EndingNoticeSentFor { get; set; }

        public static InvitationDocument From(GuestInvitation i) => new()
        {
            Id = i.Id,
            KeyHash = i.KeyHash,
            Sponsor = i.Sponsor,
            SponsorKey = i.Sponsor.Trim().ToLowerInvariant(),
            FirstName = i.FirstName,
            LastName = i.LastName,
            Email = i.Email,
            Organisation = i.Organisation,
            Role = i.Role,
            Reason = i.Reason,
            LastDay = Day(i.LastDay),
            IssuedAt = i.IssuedAt.UtcDateTime,
            KeyExpiresAt = i.KeyExpiresAt.UtcDateTime,
            UsedAt = i.UsedAt?.UtcDateTime,
            RevokedAt = i.RevokedAt?.UtcDateTime,
            EndedAt = i.EndedAt?.UtcDateTime,
            GuestUsername = i.GuestUsername,
            RegistrationNoticeSent = i.RegistrationNoticeSent,
            EndingNoticeSentFor = i.EndingNoticeSentFor is { } d ? Day(d) : null,
        };

        public GuestInvitation ToInvitation() => new()
        {
            Id = Id,
            KeyHash = KeyHash,
            Sponsor = Sponsor,
            FirstName = FirstName,
            LastName = LastName,
            Email = Email,
            Organisation = Organisation,
            Role = Role,
            Reason = Reason,
            LastDay = DateOnly.FromDateTime(LastDay),
            IssuedAt = Utc(IssuedAt),
            KeyExpiresAt = Utc(KeyExpiresAt),
            UsedAt = UsedAt is { } used ? Utc(used) : null,
            RevokedAt = RevokedAt is { } revoked ? Utc(revoked) : null,
            EndedAt = EndedAt is { } ended ? Utc(ended) : null,
            GuestUsername = GuestUsername,
            RegistrationNoticeSent = RegistrationNoticeSent,
            EndingNoticeSentFor = EndingNoticeSentFor is { } sent ? DateOnly.FromDateTime(sent) : null,
        };

        private static DateTime Day(DateOnly day) => day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);

        private static DateTimeOffset Utc(DateTime value) => new(DateTime.SpecifyKind(value, DateTimeKind.Utc));
    }
}
