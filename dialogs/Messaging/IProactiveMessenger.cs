using Microsoft.Bot.Schema;

namespace HelpBot.Dialogs.Messaging;

/// <summary>
/// Posts into a conversation outside a turn (a proactive message), e.g. "Your password was changed" after the reset
/// page. The host routes each conversation to the adapter it came from through the registered <see cref="IProactiveChannel"/>s.
/// </summary>
public interface IProactiveMessenger
{
    Task SendAsync(ConversationReference conversation, IActivity activity, CancellationToken cancellationToken = default);
}

/// <summary>
/// One adapter's way of reaching its conversations: the Bot Framework CloudAdapter for Teams and Azure Bot Service
/// (http(s) serviceUrl), the built-in Direct Line adapter for <c>urn:helpbot:directline</c>. Each adapter registers one.
/// </summary>
public interface IProactiveChannel
{
    bool Handles(ConversationReference conversation);

    Task SendAsync(ConversationReference conversation, IActivity activity, CancellationToken cancellationToken = default);
}
