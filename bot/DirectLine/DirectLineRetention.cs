using HelpBot.Bot.Storage;
using Microsoft.Bot.Builder;

namespace HelpBot.Bot.DirectLine;

/// <summary>
/// Web Chat conversations quiet for <see cref="RetentionOptions.DirectLineConversations"/> go: their history, the
/// conversation itself (a token for it then starts afresh), the copy in memory and the bot's state for it
/// (the dialog stack and what the conversation remembered).
/// </summary>
public sealed class DirectLineRetention(IDirectLineConversationStore store, DirectLineConversations live, IStorage state) : IRetainedData
{
    public string Name => $"{LiteDbDirectLineConversationStore.ConversationsCollection}, {LiteDbDirectLineConversationStore.ActivitiesCollection}";

    public async Task<int> PurgeAsync(DateTimeOffset now, RetentionOptions retention, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(retention);
        var idle = await store.PurgeIdleAsync(now - retention.DirectLineConversations, cancellationToken).ConfigureAwait(false);
        if (idle.Count == 0)
        {
            return 0;
        }
        await live.ForgetAsync(idle, cancellationToken).ConfigureAwait(false);
        // ConversationState's key for a conversation (Bot Framework's "{channelId}/conversations/{conversationId}").
        await state.DeleteAsync(idle.Select(id => $"{DirectLineAdapter.ChannelId}/conversations/{id}").ToArray(), cancellationToken).ConfigureAwait(false);
        return idle.Count;
    }
}
