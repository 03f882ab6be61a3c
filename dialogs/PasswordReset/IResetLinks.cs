using Microsoft.Bot.Schema;

namespace HelpBot.Dialogs.PasswordReset;

/// <summary>
/// One-time password links (docs/security.md, R4): the password is never typed into the chat. After SafeCode, the flow asks
/// for a link bound to the verified user and this conversation; the user sets the password on <c>/reset/{token}</c>.
/// Tokens have at least 128 bits, live at most 15 minutes, work once, and are stored only hashed.
/// </summary>
public interface IResetLinks
{
    /// <summary>A new link for <paramref name="username"/>; <paramref name="conversation"/> is where "your password was changed" is posted.</summary>
    Task<ResetLink> IssueAsync(string username, ResetReason reason, ConversationReference conversation, CancellationToken cancellationToken = default);
}

public enum ResetReason
{
    Forgotten,
    Expired,
    Change,
    Expiring,
    NewAccount,
}

/// <summary>The URL to show the user (absolute when the public base URL is known) and when it stops working.</summary>
public sealed record ResetLink(Uri Url, DateTimeOffset ExpiresAt);
