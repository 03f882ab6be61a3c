using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Bot.Schema;
using Microsoft.Extensions.Options;
using Newtonsoft.Json;

namespace HelpBot.Dialogs.PasswordReset;

/// <summary>
/// Issues and redeems one-time reset links (docs/security.md, R4). A token is 32 bytes from the cryptographic generator
/// (256 bits), base64url in the link; only its SHA-256 hash is stored, with the user, the reason, the conversation and
/// the expiry. A plain (unkeyed) hash is enough here: the token has 256 bits of entropy, so a stolen table cannot be
/// reversed by guessing. The token is never logged or audited.
/// </summary>
public sealed class ResetLinkService(IResetTokenStore store, IOptions<PasswordResetOptions> options, TimeProvider time) : IResetLinks
{
    public const string RoutePrefix = "/reset/";
    private const int TokenBytes = 32;

    public async Task<ResetLink> IssueAsync(string username, ResetReason reason, ConversationReference conversation, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(username);
        ArgumentNullException.ThrowIfNull(conversation);
        var token = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(TokenBytes));
        var now = time.GetUtcNow();
        var lifetime = options.Value.LinkLifetime;
        var ticket = new ResetTicket
        {
            TokenHash = HashToken(token),
            Username = username,
            Reason = reason,
            Conversation = JsonConvert.SerializeObject(conversation),
            IssuedAt = now,
            ExpiresAt = now + (lifetime > PasswordResetOptions.MaximumLinkLifetime ? PasswordResetOptions.MaximumLinkLifetime : lifetime),
        };
        await store.AddAsync(ticket, cancellationToken).ConfigureAwait(false);
        return new ResetLink(LinkFor(token), ticket.ExpiresAt);
    }

    /// <summary>The ticket behind a link if it still works (unused, unexpired); null for unknown, used or expired links alike.</summary>
    public async Task<ResetTicket?> FindUsableAsync(string token, CancellationToken cancellationToken = default)
    {
        if (!LooksLikeToken(token))
        {
            return null;
        }
        var ticket = await store.FindAsync(HashToken(token), cancellationToken).ConfigureAwait(false);
        return ticket is not null && ticket.IsUsable(time.GetUtcNow()) ? ticket : null;
    }

    /// <summary>Uses the link up. Exactly one caller gets the ticket; everyone else (and any later call) gets null.</summary>
    public Task<ResetTicket?> ConsumeAsync(string token, CancellationToken cancellationToken = default) =>
        LooksLikeToken(token)
            ? store.ConsumeAsync(HashToken(token), time.GetUtcNow(), cancellationToken)
            : Task.FromResult<ResetTicket?>(null);

    /// <summary>
    /// Makes a consumed link usable again (until its expiry) after the change it was used for did not happen: the
    /// directory refused the password or did not answer. Nothing happens to an unknown link.
    /// </summary>
    public Task ReleaseAsync(string token, CancellationToken cancellationToken = default) =>
        LooksLikeToken(token) ? store.ReleaseAsync(HashToken(token), cancellationToken) : Task.CompletedTask;

    public static ConversationReference ConversationOf(ResetTicket ticket) =>
        JsonConvert.DeserializeObject<ConversationReference>(ticket.Conversation)
            ?? throw new InvalidOperationException("A reset ticket has no conversation reference.");

    /// <summary>Lower-case hex SHA-256 of the token's text.</summary>
    public static string HashToken(string token) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    private Uri LinkFor(string token)
    {
        var baseUrl = options.Value.PublicBaseUrl.TrimEnd('/');
        return new Uri($"{baseUrl}{RoutePrefix}{token}", UriKind.Absolute);
    }

    /// <summary>43 base64url characters; anything else is not worth a database look-up.</summary>
    private static bool LooksLikeToken(string? token) =>
        token is { Length: 43 } && token.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');
}
