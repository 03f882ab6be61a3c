namespace HelpBot.Dialogs.PasswordReset;

/// <summary>
/// One issued reset link as stored: never the token itself, only its SHA-256 hash (R4). <see cref="Conversation"/> is
/// the Bot Framework ConversationReference as JSON, where "your password was changed" is posted.
/// </summary>
public sealed record ResetTicket
{
    public required string TokenHash { get; init; }

    public required string Username { get; init; }

    public required ResetReason Reason { get; init; }

    public required string Conversation { get; init; }

    public required DateTimeOffset IssuedAt { get; init; }

    public required DateTimeOffset ExpiresAt { get; init; }

    public DateTimeOffset? UsedAt { get; init; }

    public bool IsUsable(DateTimeOffset now) => UsedAt is null && now < ExpiresAt;
}

/// <summary>Where reset tickets live. The embedded LiteDB store is in bot/PasswordReset; a distributed one can replace it.</summary>
public interface IResetTokenStore
{
    Task AddAsync(ResetTicket ticket, CancellationToken cancellationToken = default);

    Task<ResetTicket?> FindAsync(string tokenHash, CancellationToken cancellationToken = default);

    /// <summary>
    /// Atomically marks the ticket used if it is still unused and unexpired at <paramref name="now"/>, and returns it;
    /// null when it is unknown, expired or already used. Of two concurrent calls, exactly one gets the ticket.
    /// </summary>
    Task<ResetTicket?> ConsumeAsync(string tokenHash, DateTimeOffset now, CancellationToken cancellationToken = default);

    /// <summary>Marks a consumed ticket unused again (the change it was consumed for did not happen).</summary>
    Task ReleaseAsync(string tokenHash, CancellationToken cancellationToken = default);
}
