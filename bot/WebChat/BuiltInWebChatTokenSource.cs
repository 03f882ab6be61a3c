using HelpBot.Bot.DirectLine;

namespace HelpBot.Bot.WebChat;

/// <summary>
/// <c>WebChat:DirectLine = BuiltIn</c>: mints a token from this process's own Direct Line endpoint (bot/DirectLine),
/// with no HTTP round trip and no secret involved.
/// </summary>
public sealed class BuiltInWebChatTokenSource(DirectLineTokens directLineTokens) : IWebChatTokenSource
{
    public Task<WebChatToken> IssueAsync(string userId, Uri builtInDomain, CancellationToken cancellationToken)
    {
        var issued = directLineTokens.IssueForNewConversation(userId, AnonymousUser.Name);
        return Task.FromResult(new WebChatToken(issued.Token, issued.ConversationId, builtInDomain.ToString().TrimEnd('/'), issued.UserId));
    }
}
