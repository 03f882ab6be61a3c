namespace HelpBot.Bot.WebChat;

/// <summary>
/// <c>WebChat:DirectLine = BuiltIn</c>: mints a token from this process's own Direct Line endpoint (bot/DirectLine),
/// no HTTP round trip and no secret involved.
/// </summary>
public sealed class BuiltInWebChatTokenSource : IWebChatTokenSource
{
    public Task<WebChatToken> IssueAsync(string userId, Uri builtInDomain, CancellationToken cancellationToken) =>
        // WIRING PENDING: replaced by DirectLineTokens.IssueForNewConversation once branch `directline` is merged.
        throw new WebChatTokenException("The built-in Direct Line endpoint is not available in this build.");
}
