using System.Security.Cryptography;

namespace HelpBot.Bot.WebChat;

/// <summary>
/// What the page's own backend hands the browser: a Direct Line token (never the secret), the Direct Line URL to use
/// it with, the conversation it is bound to (when known) and the anonymous user id the token carries.
/// </summary>
public sealed record WebChatToken(string Token, string? ConversationId, string Domain, string UserId);

/// <summary>Mints a Direct Line token for a new Web Chat conversation: the built-in endpoint or Azure's, by configuration.</summary>
public interface IWebChatTokenSource
{
    /// <param name="userId">The anonymous user id the token is bound to (<see cref="AnonymousUser.NewId"/>).</param>
    /// <param name="builtInDomain">This server's own Direct Line URL as the browser reaches it, e.g. https://bot.example/v3/directline.</param>
    Task<WebChatToken> IssueAsync(string userId, Uri builtInDomain, CancellationToken cancellationToken);
}

/// <summary>Web Chat users are anonymous: each new conversation gets a fresh, unguessable id.</summary>
public static class AnonymousUser
{
    /// <summary>Direct Line reserves the <c>dl_</c> prefix for ids that come from a token rather than from the client.</summary>
    public const string IdPrefix = "dl_";

    /// <summary>The display name given to anonymous Web Chat users.</summary>
    public const string Name = "Web visitor";

    public static string NewId() => IdPrefix + RandomNumberGenerator.GetHexString(32, lowercase: true);
}
