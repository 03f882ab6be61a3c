using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace HelpBot.Bot.DirectLine;

/// <summary>
/// The live Direct Line conversations, loaded from <see cref="IDirectLineConversationStore"/> on first use and written
/// through to it, so a conversation resumes after a restart once the store is persistent. With several instances
/// (<see cref="IDirectLineRelay.Shared"/>) what one stores is relayed to the others, whose sockets then get it too.
/// </summary>
public sealed class DirectLineConversations : IDisposable
{
    private readonly ConcurrentDictionary<string, DirectLineConversation> _live = new(StringComparer.Ordinal);
    // Loading and creating are rare (once per conversation per process), so one lock keeps them simple and race-free.
    private readonly SemaphoreSlim _loading = new(1, 1);
    private readonly IDirectLineConversationStore _store;
    private readonly IOptions<DirectLineOptions> _options;
    private readonly TimeProvider _clock;
    private readonly IDirectLineRelay _relay;

    public DirectLineConversations(IDirectLineConversationStore store, IOptions<DirectLineOptions> options, TimeProvider clock, IDirectLineRelay? relay = null)
    {
        _store = store;
        _options = options;
        _clock = clock;
        _relay = relay ?? new NoDirectLineRelay();
        // Before any conversation is loaded, so nothing stored after a load can pass unnoticed.
        _relay.Receive(ReceiveRelayedAsync);
    }

    private int HistoryLimit => _options.Value.HistoryLimit;

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
            var record = new DirectLineConversationRecord(claims.ConversationId, claims.UserId, claims.UserName, _clock.GetUtcNow());
            await _store.CreateAsync(record, cancellationToken).ConfigureAwait(false);
            var created = new DirectLineConversation(record, [], HistoryLimit, _relay.IdSuffix);
            _live[record.ConversationId] = created;
            return (created, true);
        }
        finally
        {
            _loading.Release();
        }
    }

    /// <summary>Stores an activity, then pushes it to the sockets here and (through the relay) on the other instances.</summary>
    internal async Task AppendAsync(DirectLineConversation conversation, string activityId, string activityJson, CancellationToken cancellationToken)
    {
        if (conversation.Contains(activityId))
        {
            // An updated activity: the new version takes a new position.
            await _store.RemoveAsync(conversation.Id, activityId, cancellationToken).ConfigureAwait(false);
        }
        var watermark = await _store.AppendAsync(conversation.Id, new DirectLineHistoryEntry(conversation.NextWatermark, activityId, activityJson), HistoryLimit, cancellationToken).ConfigureAwait(false);
        if (!conversation.Append(new DirectLineHistoryEntry(watermark, activityId, activityJson)))
        {
            // Another instance stored activities just before this one: fetch them, so no client skips them.
            await CatchUpAsync(conversation, cancellationToken).ConfigureAwait(false);
        }
        await _relay.PublishAsync(new DirectLineRelayed(DirectLineRelayedKind.Stored, conversation.Id, watermark, activityId, activityJson), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A typing indicator: to the sockets here and on the other instances, never stored.</summary>
    internal Task PushTransientAsync(DirectLineConversation conversation, string activityId, string activityJson, CancellationToken cancellationToken)
    {
        conversation.PushTransient(activityJson);
        return _relay.PublishAsync(new DirectLineRelayed(DirectLineRelayedKind.Typing, conversation.Id, ActivityId: activityId, ActivityJson: activityJson), cancellationToken);
    }

    /// <summary>With several instances: whatever the others stored that this one has not heard of yet (before a client reads).</summary>
    internal Task RefreshAsync(DirectLineConversation conversation, CancellationToken cancellationToken) =>
        _relay.Shared ? CatchUpAsync(conversation, cancellationToken) : Task.CompletedTask;

    private async Task CatchUpAsync(DirectLineConversation conversation, CancellationToken cancellationToken) =>
        conversation.Merge(await _store.ReadAfterAsync(conversation.Id, conversation.Contiguous, cancellationToken).ConfigureAwait(false));

    /// <summary>Another instance changed a conversation: memory here follows if the conversation is live here.</summary>
    private async Task ReceiveRelayedAsync(DirectLineRelayed relayed)
    {
        if (relayed.Kind == DirectLineRelayedKind.Forgotten)
        {
            await ForgetHereAsync([relayed.ConversationId], CancellationToken.None).ConfigureAwait(false);
            return;
        }
        if (!_live.TryGetValue(relayed.ConversationId, out var conversation))
        {
            // Not live here: it is read from the store when a client asks for it.
            return;
        }
        switch (relayed.Kind)
        {
            case DirectLineRelayedKind.Typing:
                conversation.PushTransient(relayed.ActivityJson!);
                break;
            case DirectLineRelayedKind.Removed:
                conversation.Remove(relayed.ActivityId!);
                break;
            case DirectLineRelayedKind.Stored when !conversation.Append(new DirectLineHistoryEntry(relayed.Watermark!.Value, relayed.ActivityId!, relayed.ActivityJson!)):
                await CatchUpAsync(conversation, CancellationToken.None).ConfigureAwait(false);
                break;
        }
    }

    internal async Task RemoveAsync(DirectLineConversation conversation, string activityId, CancellationToken cancellationToken)
    {
        if (conversation.Remove(activityId))
        {
            await _store.RemoveAsync(conversation.Id, activityId, cancellationToken).ConfigureAwait(false);
            await _relay.PublishAsync(new DirectLineRelayed(DirectLineRelayedKind.Removed, conversation.Id, ActivityId: activityId), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Forgets conversations the store no longer keeps (retention), here and on every other instance, so no later
    /// request can bring them back from memory.
    /// </summary>
    internal async Task ForgetAsync(IReadOnlyCollection<string> conversationIds, CancellationToken cancellationToken)
    {
        await ForgetHereAsync(conversationIds, cancellationToken).ConfigureAwait(false);
        foreach (var id in conversationIds)
        {
            await _relay.PublishAsync(new DirectLineRelayed(DirectLineRelayedKind.Forgotten, id), cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task ForgetHereAsync(IEnumerable<string> conversationIds, CancellationToken cancellationToken)
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
        var record = await _store.FindAsync(conversationId, cancellationToken).ConfigureAwait(false);
        if (record is null)
        {
            return null;
        }
        var history = await _store.ReadHistoryAsync(conversationId, HistoryLimit, cancellationToken).ConfigureAwait(false);
        return _live[conversationId] = new DirectLineConversation(record, history, HistoryLimit, _relay.IdSuffix);
    }
}
