namespace HelpBot.Dialogs.Registration;

/// <summary>
/// Affiliated-hospital staff who aren't in the directory leave their affiliate e-mail address (the seed's "click continue
/// and enter your affiliate email address"): a request the Service Desk works through. LiteDB by default (decision 6).
/// </summary>
public interface IRegistrationRequests
{
    Task AddAsync(RegistrationRequest request, CancellationToken cancellationToken = default);

    /// <summary>Newest first.</summary>
    Task<IReadOnlyList<RegistrationRequest>> ReadAsync(int limit = 100, CancellationToken cancellationToken = default);
}

/// <summary>A request to be added to the directory. Never a Harvard ID, date of birth or Social Security number.</summary>
public sealed record RegistrationRequest
{
    public required string FamilyName { get; init; }

    public required string AffiliateEmail { get; init; }

    public required DateTimeOffset At { get; init; }

    public string? Channel { get; init; }

    public string? ConversationId { get; init; }
}

/// <summary>
/// Profile changes asked for in the chat and waiting for HR to enter them in PeopleSoft (the directories, eCommons and
/// Whitepages, show them only after that). One pending change per account and kind: a newer request replaces it.
/// </summary>
public interface IPendingProfileChanges
{
    Task RecordAsync(PendingProfileChange change, CancellationToken cancellationToken = default);

    /// <summary>The account's pending changes, newest first.</summary>
    Task<IReadOnlyList<PendingProfileChange>> ForAccountAsync(string username, CancellationToken cancellationToken = default);
}

public enum ProfileChangeKind
{
    Email,
    PostalAddress,
}

/// <summary>What the person asked to change, and to what. <see cref="NewValue"/> is the e-mail address or the address on one line.</summary>
public sealed record PendingProfileChange
{
    public required string Username { get; init; }

    public required ProfileChangeKind Kind { get; init; }

    public required string NewValue { get; init; }

    public required DateTimeOffset RequestedAt { get; init; }

    public string? Channel { get; init; }

    public string? ConversationId { get; init; }
}
