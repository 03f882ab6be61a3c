namespace HelpBot.Dialogs.GuestKeys;

/// <summary>Why the guest needs access, as on the Invited User Request Form.</summary>
public enum GuestRole
{
    TemporaryEmployee,
    Consultant,
    ResearchCollaborator,
}

/// <summary>Where a key stands, as the sponsor sees it.</summary>
public enum GuestKeyStatus
{
    Issued,
    Used,
    Expired,
    Revoked,
}

/// <summary>
/// One sponsored guest: the request, the key's hash (never the key), and what happened since. <see cref="Id"/> is a
/// public handle for the sponsor's list; it says nothing about the key.
/// </summary>
public sealed record GuestInvitation
{
    public required string Id { get; init; }

    public required string KeyHash { get; init; }

    /// <summary>The sponsor's username, from the verified dialog state (never from a card submit, R7).</summary>
    public required string Sponsor { get; init; }

    public required string FirstName { get; init; }

    public required string LastName { get; init; }

    public required string Email { get; init; }

    public required string Organisation { get; init; }

    public required GuestRole Role { get; init; }

    public required string Reason { get; init; }

    public required DateOnly LastDay { get; init; }

    public required DateTimeOffset IssuedAt { get; init; }

    /// <summary>When the key stops working if nobody used it.</summary>
    public required DateTimeOffset KeyExpiresAt { get; init; }

    public DateTimeOffset? UsedAt { get; init; }

    public DateTimeOffset? RevokedAt { get; init; }

    /// <summary>When the guest's access was ended (by the sponsor, or because the last day passed).</summary>
    public DateTimeOffset? EndedAt { get; init; }

    /// <summary>The guest's eCommons username, once registered.</summary>
    public string? GuestUsername { get; init; }

    public bool RegistrationNoticeSent { get; init; }

    /// <summary>The last day the "access ends soon" notice was sent for; an extension re-arms it.</summary>
    public DateOnly? EndingNoticeSentFor { get; init; }

    public string GuestName => $"{FirstName} {LastName}";

    public GuestKeyStatus StatusAt(DateTimeOffset now) =>
        RevokedAt is not null ? GuestKeyStatus.Revoked
        : UsedAt is not null ? GuestKeyStatus.Used
        : now >= KeyExpiresAt ? GuestKeyStatus.Expired
        : GuestKeyStatus.Issued;

    /// <summary>A registered guest whose access has not been ended.</summary>
    public bool HasActiveAccess => GuestUsername is not null && EndedAt is null;
}

/// <summary>
/// Guest keys and their guests (docs/architecture.md, decision 6: an interface here, the LiteDB implementation in bot/).
/// Keys are looked up by their keyed hash only.
/// </summary>
public interface IGuestKeyStore
{
    Task InsertAsync(GuestInvitation invitation, CancellationToken cancellationToken = default);

    Task<GuestInvitation?> GetAsync(string id, CancellationToken cancellationToken = default);

    Task<GuestInvitation?> FindByKeyHashAsync(string keyHash, CancellationToken cancellationToken = default);

    /// <summary>A sponsor's guests, newest first.</summary>
    Task<IReadOnlyList<GuestInvitation>> ListBySponsorAsync(string sponsor, CancellationToken cancellationToken = default);

    /// <summary>Registered guests whose access has not been ended, and registrations whose sponsor has not been told yet.</summary>
    Task<IReadOnlyList<GuestInvitation>> ListNeedingAttentionAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Read, change and write one invitation as one step: <paramref name="update"/> returns the new version, or null to
    /// leave it as it is (then null is returned). Two racing updates never both succeed on the same old version.
    /// </summary>
    Task<GuestInvitation?> UpdateAsync(string id, Func<GuestInvitation, GuestInvitation?> update, CancellationToken cancellationToken = default);
}
