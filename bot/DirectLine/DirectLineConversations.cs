using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace HelpBot.Bot.DirectLine;

/// <summary>
/// The live Direct Line conversations, loaded from <see cref="IDirectLineConversationStore"/> on first use and written
/// through to it, so a conversation resumes after a restart once the store is persistent.
/// </summary>
public sealed class DirectLineConversations(IDirectLineConversationStore store, IOptions<DirectLineOptions> options, TimeProvider clock) : IDisposable
{
    private readonly ConcurrentDictionary<string, DirectLineConversation> _live = new(StringComparer.Ordinal);
    // Loading and creating are rare (once per conversation per process), so one lock keeps them simple and race-free.
    private readonly SemaphoreSlim _loading = new(1, 1);

    private int HistoryLimit => options.Value.HistoryLimit;

    public void Dispose() => _loading.Dispose();

    internal async Task<DirectLineConversation?> FindAsync(string conversationId, CancellationToken cancellationToken)
    {
        if (_live.TryGetValue(conversationId, out var live))
        {
            return live;
        }
        await _loading.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await LoadAsync(conversationId, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _loading.Release();
        }
    }

    /// <summary>The token's conversation, created (bound to the token's user) if it does not exist yet. A valid token proves it was issued here.</summary>
    internal async Task<(DirectLineConversation Conversation, bool Created)> GetOrCreateAsync(DirectLineTokenClaims claims, CancellationToken cancellationToken)
    {
        if (_live.TryGetValue(claims.ConversationId, out var live))
        {
            return (live, false);
        }
        await _loading.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var existing = await LoadAsync(claims.ConversationId, cancellationToken).ConfigureAwait(false);
            if (existing is not null)
            {
                return (existing, false);
            }
            var record = new DirectLineConversationRecord(claims.ConversationId, claims.UserId, claims.UserName, clock.GetUtcNow());
            await store.CreateAsync(record, cancellationToken).ConfigureAwait(false);
            var created = new DirectLineConversation(record, [], HistoryLimit);
            _live[record.ConversationId] = created;
            return (created, true);
        }
        finally
        {
            _loading.Release();
        }
    }

    /// <summary>Stores an activity (memory first, so sockets get it at once; then the store) and pushes it to the sockets.</summary>
    internal async Task AppendAsync(DirectLineConversation conversation, string activityId, string activityJson, CancellationToken cancellationToken)
    {
        var (entry, replaced) = conversation.Append(activityId, activityJson);
        if (replaced)
        {
            await store.RemoveAsync(conversation.Id, activityId, cancellationToken).ConfigureAwait(false);
        }
        await store.AppendAsync(conversation.Id, entry, HistoryLimit, cancellationToken).ConfigureAwait(false);
    }

    internal async Task RemoveAsync(DirectLineConversation conversation, string activityId, CancellationToken cancellationToken)
    {
        if (conversation.Remove(activityId))
        {
            await store.RemoveAsync(conversation.Id, activityId, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Forgets conversations the store no longer keeps (retention), so a later request cannot bring them back from memory.</summary>
    internal async Task ForgetAsync(IEnumerable<string> conversationIds, CancellationToken cancellationToken)
    {
        await _loading.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            foreach (var id in conversationIds)
            {
                _live.TryRemove(id, out _);
            }
        }
        finally
        {
            _loading.Release();
        }
    }

    private async Task<DirectLineConversation?> LoadAsync(string conversationId, CancellationToken cancellationToken)
    {
        if (_live.TryGetValue(conversationId, out var live))
        {
            return live;
        }
        var record = await store.FindAsync(conversationId, cancellationToken).ConfigureAwait(false);
        if (record is null)
        {
            return null;
        }
        var history = await store.ReadHistoryAsync(conversationId, HistoryLimit, cancellationToken).ConfigureAwait(false);
        return _live[conversationId] = new DirectLineConversation(record, history, HistoryLimit);
    }
}
