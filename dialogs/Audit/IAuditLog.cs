namespace HelpBot.Dialogs.Audit;

/// <summary>
/// docs/security.md, C5: who did what, when, on which channel, with what outcome. Never a secret (no SafeCode, token or
/// password; no HUID either — "released" is recorded, not the number).
/// </summary>
public sealed record AuditEntry
{
    public DateTimeOffset At { get; init; }

    /// <summary>e.g. safecode.sent, safecode.verified, safecode.failed, account.unlocked, password.reset, huid.released, guestkey.issued.</summary>
    public required string Action { get; init; }

    /// <summary>success, failure, blocked, throttled, refused …</summary>
    public required string Outcome { get; init; }

    /// <summary>The account acted on, if known (a username; for unknown identifiers, a marker, not the typed text).</summary>
    public string? Account { get; init; }

    /// <summary>Who asked: the channel's user id.</summary>
    public string? Actor { get; init; }

    public string? Channel { get; init; }

    public string? ConversationId { get; init; }

    /// <summary>Extra non-secret detail (purpose, destination kind, reason).</summary>
    public string? Detail { get; init; }
}

public interface IAuditLog
{
    Task WriteAsync(AuditEntry entry, CancellationToken cancellationToken = default);

    /// <summary>The newest entries first, optionally for one account.</summary>
    Task<IReadOnlyList<AuditEntry>> ReadAsync(string? account = null, int limit = 100, CancellationToken cancellationToken = default);
}
