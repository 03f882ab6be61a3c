using HelpBot.Dialogs.RateLimits;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using HelpBot.Dialogs.Accounts;
using HelpBot.Dialogs.Audit;
using HelpBot.Dialogs.Messaging;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OtpNet;

namespace HelpBot.Dialogs.SafeCode;

/// <summary>
/// SafeCode as rules S1–S9, R1, R2 and C5 (docs/security.md) require. The code exists only in the outbound message: the store keeps
/// an HMAC of it, and neither logs nor the audit log ever see it. Delivery goes through <see cref="IOutboundMessages"/>.
/// </summary>
public sealed class SafeCodeService(
    IAccountDirectory directory,
    ISafeCodeStore store,
    IRateLimits limits,
    IOutboundMessages outbound,
    IAuditLog audit,
    SafeCodeHashKey hashKey,
    IOptions<SafeCodeOptions> options,
    TimeProvider time,
    ILogger<SafeCodeService> logger) : ISafeCodeService
{
    public const string UnknownAccount = "(unknown)";

    private readonly SafeCodeOptions _options = options.Value;

    public TimeSpan CodeLifetime => _options.Lifetime;

    public async Task<SafeCodeTicket> SendAsync(SafeCodeRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var now = time.GetUtcNow();
        var account = await directory.FindAsync(request.Identifier, cancellationToken);
        var subject = SubjectOf(account, request.Identifier);
        var destination = DestinationOf(account, request.Channel);
        var facts = new SafeCodeFacts(account is not null, destination is not null,
            destination is null ? null : Mask.Destination(request.Channel, destination));
        var channelName = ChannelName(request.Channel);
        var detail = $"purpose={request.Purpose} channel={channelName}";

        // Blocks and throttles are keyed by the subject, which exists for unknown identifiers too, so they answer the
        // same whether or not the account exists (R1).
        if (await IsBlockedAsync(subject, now, cancellationToken))
        {
            await AuditAsync("safecode.sent", "blocked", account, request, detail, now, cancellationToken);
            return new SafeCodeTicket(SafeCodeSendOutcome.Blocked, null, null, facts);
        }

        var sendLimits = new List<RateLimit>
        {
            request.Channel == MessageChannel.Text
                ? new RateLimit($"send:text:{subject}", _options.MaxTextsPerAccount, _options.TextWindow)
                : new RateLimit($"send:email:{subject}", _options.MaxEmailsPerAccount, _options.EmailWindow),
            new RateLimit($"send:conversation:{request.ConversationId}", _options.MaxSendsPerConversation, _options.ConversationWindow),
        };
        if (!await limits.TryRecordWithinLimitsAsync(sendLimits, now, cancellationToken))
        {
            await AuditAsync("safecode.sent", "throttled", account, request, detail, now, cancellationToken);
            logger.LogInformation("SafeCode sending throttled for conversation {ConversationId}", request.ConversationId);
            return new SafeCodeTicket(SafeCodeSendOutcome.Throttled, null, null, facts);
        }

        // The same work whether or not the code will be sent: a code, its hash, a stored challenge (R1).
        var id = NewChallengeId();
        var code = NewCode();
        var expiresAt = now + _options.Lifetime;
        await store.InsertChallengeAsync(new SafeCodeChallenge
        {
            Id = id,
            Subject = subject,
            Username = destination is null ? null : account!.Username,
            ConversationId = request.ConversationId,
            Purpose = request.Purpose,
            CodeHash = Hash(id, code),
            CreatedAt = now,
            ExpiresAt = expiresAt,
            Phantom = destination is null,
        }, cancellationToken);

        if (destination is not null)
        {
            await outbound.EnqueueAsync(Message(request.Channel, destination, code), cancellationToken);
            await AuditAsync("safecode.sent", "success", account, request, $"{detail} to={facts.MaskedDestination}", now, cancellationToken);
        }
        else
        {
            var reason = account is null ? "unknown-account" : account.IsDepartmental ? "departmental-account" : account.IsDisabled ? "disabled-account" : "no-destination";
            await AuditAsync("safecode.sent", "not-sent", account, request, $"{detail} reason={reason}", now, cancellationToken);
        }
        return new SafeCodeTicket(SafeCodeSendOutcome.Sent, id, expiresAt, facts);
    }

    public async Task<SafeCodeVerification> VerifyAsync(string challengeId, string conversationId, SafeCodePurpose purpose, string code, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        var challenge = string.IsNullOrEmpty(challengeId) ? null : await store.GetChallengeAsync(challengeId, cancellationToken);
        var entry = new AuditEntry { At = now, Action = "safecode.verified", Outcome = "failure", ConversationId = conversationId, Detail = $"purpose={purpose}" };

        // A challenge verifies only in its own conversation and for its own purpose (S3). Someone else's conversation
        // cannot spend or kill it, so these attempts touch nothing.
        if (challenge is null || challenge.ConversationId != conversationId || challenge.Purpose != purpose || challenge.Used)
        {
            await audit.WriteAsync(entry with { Account = challenge?.Username, Detail = $"purpose={purpose} reason=invalid" }, cancellationToken);
            return new SafeCodeVerification(SafeCodeVerifyOutcome.Invalid, 0, null);
        }
        entry = entry with { Account = challenge.Username ?? UnknownAccount };
        if (await IsBlockedAsync(challenge.Subject, now, cancellationToken))
        {
            await audit.WriteAsync(entry with { Outcome = "blocked" }, cancellationToken);
            return new SafeCodeVerification(SafeCodeVerifyOutcome.Blocked, 0, null);
        }
        if (now >= challenge.ExpiresAt)
        {
            await audit.WriteAsync(entry with { Detail = $"purpose={purpose} reason=expired" }, cancellationToken);
            return new SafeCodeVerification(SafeCodeVerifyOutcome.Expired, 0, null);
        }
        if (challenge.WrongAttempts >= _options.MaxAttemptsPerChallenge)
        {
            await audit.WriteAsync(entry with { Detail = $"purpose={purpose} reason=voided" }, cancellationToken);
            return new SafeCodeVerification(SafeCodeVerifyOutcome.Voided, 0, null);
        }

        // Phantom challenges are hashed and compared like real ones, and never match.
        var matches = CryptographicOperations.FixedTimeEquals(Hash(challenge.Id, Normalize(code)), challenge.CodeHash) && !challenge.Phantom;
        var outcome = SafeCodeVerifyOutcome.Invalid;
        var stored = await store.UpdateChallengeAsync(challenge.Id, current =>
        {
            // Re-checked under the store's lock: two entries of the right code cannot both succeed.
            if (current.Used || current.WrongAttempts >= _options.MaxAttemptsPerChallenge)
            {
                outcome = current.Used ? SafeCodeVerifyOutcome.Invalid : SafeCodeVerifyOutcome.Voided;
                return current;
            }
            if (matches)
            {
                outcome = SafeCodeVerifyOutcome.Verified;
                return current with { Used = true };
            }
            outcome = SafeCodeVerifyOutcome.Wrong;
            return current with { WrongAttempts = current.WrongAttempts + 1 };
        }, cancellationToken);

        if (outcome == SafeCodeVerifyOutcome.Verified)
        {
            await limits.ClearAsync(FailuresKey(challenge.Subject), cancellationToken);
            await audit.WriteAsync(entry with { Outcome = "success" }, cancellationToken);
            return new SafeCodeVerification(SafeCodeVerifyOutcome.Verified, 0, challenge.Username);
        }
        if (outcome != SafeCodeVerifyOutcome.Wrong || stored is null)
        {
            await audit.WriteAsync(entry with { Detail = $"purpose={purpose} reason={outcome.ToString().ToLowerInvariant()}" }, cancellationToken);
            return new SafeCodeVerification(outcome, 0, null);
        }

        // A wrong entry counts against the account (S6) whichever challenge it was for, and new codes never reset it (S5).
        var failures = await limits.RecordAndCountAsync(FailuresKey(challenge.Subject), now, now - _options.FailureWindow, cancellationToken);
        if (failures >= _options.MaxFailuresPerAccount)
        {
            await store.BlockAsync(challenge.Subject, now + _options.BlockDuration, cancellationToken);
            await audit.WriteAsync(entry with { Detail = $"purpose={purpose} reason=wrong" }, cancellationToken);
            await audit.WriteAsync(entry with { Action = "safecode.blocked", Outcome = "blocked", Detail = string.Create(CultureInfo.InvariantCulture, $"{failures} failed verifications; self-service blocked until {now + _options.BlockDuration:u}") }, cancellationToken);
            logger.LogWarning("SafeCode self-service blocked for {Account} after {Failures} failed verifications", entry.Account, failures);
            return new SafeCodeVerification(SafeCodeVerifyOutcome.Blocked, 0, null);
        }
        var left = _options.MaxAttemptsPerChallenge - stored.WrongAttempts;
        await audit.WriteAsync(entry with { Detail = $"purpose={purpose} reason={(left > 0 ? "wrong" : "voided")}" }, cancellationToken);
        return left > 0
            ? new SafeCodeVerification(SafeCodeVerifyOutcome.Wrong, left, null)
            : new SafeCodeVerification(SafeCodeVerifyOutcome.Voided, 0, null);
    }

    private static string FailuresKey(string subject) => $"fail:{subject}";

    private async Task<bool> IsBlockedAsync(string subject, DateTimeOffset now, CancellationToken cancellationToken) =>
        await store.GetBlockedUntilAsync(subject, cancellationToken) is { } until && until > now;

    private Task AuditAsync(string action, string outcome, Account? account, SafeCodeRequest request, string detail, DateTimeOffset now, CancellationToken cancellationToken) =>
        audit.WriteAsync(new AuditEntry
        {
            At = now,
            Action = action,
            Outcome = outcome,
            Account = account?.Username ?? UnknownAccount,
            Actor = request.Actor,
            Channel = request.ChannelId,
            ConversationId = request.ConversationId,
            Detail = detail,
        }, cancellationToken);

    /// <summary>The account's username, or for an unknown identifier a keyed hash of it (never the typed text).</summary>
    private string SubjectOf(Account? account, string identifier)
    {
        if (account is not null)
        {
            return account.Username.ToLowerInvariant();
        }
        var normalized = Encoding.UTF8.GetBytes("subject:" + identifier.Trim().ToLowerInvariant());
        return "?" + Convert.ToHexStringLower(HMACSHA256.HashData(hashKey.Bytes, normalized))[..24];
    }

    /// <summary>Where the code may go: nowhere for departmental (R9) or disabled accounts.</summary>
    private static string? DestinationOf(Account? account, MessageChannel channel)
    {
        if (account is null || account.IsDepartmental || account.IsDisabled)
        {
            return null;
        }
        var destination = channel == MessageChannel.Text ? account.TextPhone : account.AlternateEmail;
        return string.IsNullOrWhiteSpace(destination) ? null : destination;
    }

    private OutboundMessage Message(MessageChannel channel, string to, string code) => channel == MessageChannel.Text
        ? new OutboundMessage(channel, to, SafeCodeTexts.EmailSubject, SafeCodeTexts.TextMessage(code, _options.Lifetime))
        : new OutboundMessage(channel, to, SafeCodeTexts.EmailSubject, SafeCodeTexts.EmailBody(code, _options.Lifetime));

    private static string ChannelName(MessageChannel channel) => channel == MessageChannel.Text ? "text" : "email";

    /// <summary>S1: six digits, HOTP over a fresh 160-bit random key (cryptographic RNG), so every code is independent.</summary>
    internal static string NewCode() => new Hotp(KeyGeneration.GenerateRandomKey(20), OtpHashMode.Sha1, 6).ComputeHOTP(0);

    /// <summary>128 random bits, URL-safe: the dialog keeps it in conversation state.</summary>
    private static string NewChallengeId() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(16)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private byte[] Hash(string challengeId, string code) =>
        HMACSHA256.HashData(hashKey.Bytes, Encoding.UTF8.GetBytes(challengeId + ":" + code));

    /// <summary>"123 456", "12-34-56" are the code too, read as the chat reads it (<see cref="Messaging.TypedDigits"/>).</summary>
    private static string Normalize(string? code) => Messaging.TypedDigits.Of(code);
}
