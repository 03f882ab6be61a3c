using HelpBot.Dialogs.Messaging;

namespace HelpBot.Dialogs.SafeCode;

/// <summary>What a SafeCode is for. A code verifies only the purpose (and conversation) it was issued for (S3).</summary>
public enum SafeCodePurpose
{
    Unlock,
    ResetPassword,
    ChangePassword,
    HuidLookup,
    GuestKeySponsor,
    GuestRegistration,
    Registration,
    ProfileUpdate,
}

/// <summary>Who asks for a code, where. <paramref name="Identifier"/> is what the user typed (username or e-mail) or the proven identity.</summary>
public sealed record SafeCodeRequest(string Identifier, MessageChannel Channel, SafeCodePurpose Purpose, string ConversationId, string ChannelId, string? Actor);

public enum SafeCodeSendOutcome
{
    /// <summary>A code was queued — or, for an unknown account or a missing destination, the same answer is given (R1).</summary>
    Sent,
    /// <summary>Too many codes sent recently (S7). The user waits or calls the Service Desk.</summary>
    Throttled,
    /// <summary>Self-service is blocked for 24 hours after 5 failed verifications (S6).</summary>
    Blocked,
}

/// <summary>
/// The answer to a send. <see cref="ChallengeId"/> is opaque and must be kept by the dialog to verify.
/// <see cref="Facts"/> tells the truth about the account for channels that proved the identity (Teams): never show
/// it to an anonymous user (R1).
/// </summary>
public sealed record SafeCodeTicket(SafeCodeSendOutcome Outcome, string? ChallengeId, DateTimeOffset? ExpiresAt, SafeCodeFacts Facts);

/// <summary>Truthful facts for an identity-proven channel: whether the account exists, and the masked destination ("•••• 0101").</summary>
public sealed record SafeCodeFacts(bool AccountExists, bool DestinationExists, string? MaskedDestination);

public enum SafeCodeVerifyOutcome
{
    Verified,
    /// <summary>Wrong code; <see cref="SafeCodeVerification.AttemptsLeft"/> more tries on this challenge.</summary>
    Wrong,
    /// <summary>5 wrong entries: this code is dead; a new one may be requested (S5).</summary>
    Voided,
    Expired,
    /// <summary>The account reached 5 failures in 24 h (S6).</summary>
    Blocked,
    /// <summary>No such challenge for this conversation and purpose, or already used (S3).</summary>
    Invalid,
}

public sealed record SafeCodeVerification(SafeCodeVerifyOutcome Outcome, int AttemptsLeft, string? Username);

/// <summary>
/// SafeCode (docs/security.md, S1–S9): issues single-use 6-digit codes bound to a conversation and a purpose, delivers them
/// through <see cref="IMessageSender"/>, verifies them, throttles sending, counts failures per account, and audits
/// every attempt. Stores codes only as keyed hashes.
/// </summary>
public interface ISafeCodeService
{
    /// <summary>How long a new code works (<see cref="SafeCodeOptions.Lifetime"/>), so the chat can say so.</summary>
    TimeSpan CodeLifetime { get; }

    Task<SafeCodeTicket> SendAsync(SafeCodeRequest request, CancellationToken cancellationToken = default);

    /// <summary>Checks <paramref name="code"/> against the challenge. On success the challenge is used up and the account's failure count cleared (S8).</summary>
    Task<SafeCodeVerification> VerifyAsync(string challengeId, string conversationId, SafeCodePurpose purpose, string code, CancellationToken cancellationToken = default);
}
