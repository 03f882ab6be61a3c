using HelpBot.Bot.Storage;
using LiteDB;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Schema;

namespace HelpBot.Bot.AgentConsole;

/// <summary>
/// The denominator of containment: which conversations had a user message, and when the first and the last one came
/// (collection <c>desk_activity</c>, one small document per conversation, no text). Runs as Bot Framework middleware on
/// both adapters, so Teams and Web Chat count alike. The last time is kept to the minute (<see cref="Resolution"/>).
/// </summary>
public sealed class DeskActivity(HelpBotDatabase database, TimeProvider time) : Microsoft.Bot.Builder.IMiddleware
{
    public const string CollectionName = "desk_activity";

    private ILiteCollection<ActivityDocument> Collection => database.GetCollection<ActivityDocument>(CollectionName);

    public async Task OnTurnAsync(ITurnContext turnContext, NextDelegate next, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(turnContext);
        ArgumentNullException.ThrowIfNull(next);
        var activity = turnContext.Activity;
        if (activity?.Type == ActivityTypes.Message && activity.Conversation?.Id is { Length: > 0 } conversationId)
        {
            Record(activity.ChannelId ?? "", conversationId);
        }
        await next(cancellationToken).ConfigureAwait(false);
    }

    internal void Record(string channelId, string conversationId)
    {
        var now = time.GetUtcNow().UtcDateTime;
        // A conversation's last-message time is kept to the minute: a message within a minute of the one last written
        // writes nothing (a read and a write under one lock on every message was 13% of the bot's CPU under load).
        if (_written.TryGetValue(conversationId, out var written) && now - written < Resolution && now >= written)
        {
            return;
        }
        lock (database.WriteLockFor(CollectionName))
        {
            var document = Collection.FindById(conversationId) ?? new ActivityDocument { Id = conversationId, Channel = channelId, FirstAt = now };
            document.LastAt = now;
            Collection.Upsert(document);
        }
        if (_written.Count >= MaxRemembered)
        {
            _written.Clear();
        }
        _written[conversationId] = now;
    }

    /// <summary>How stale a conversation's last-message time may be in <c>desk_activity</c>.</summary>
    internal static readonly TimeSpan Resolution = TimeSpan.FromMinutes(1);

    private const int MaxRemembered = 10_000;

    /// <summary>When each recently active conversation's document was last written (forgotten wholesale past 10,000).</summary>
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, DateTime> _written = new(StringComparer.Ordinal);

    /// <summary>Conversations with a user message at or after <paramref name="since"/>.</summary>
    public IReadOnlyList<(string ConversationId, string Channel)> ActiveSince(DateTimeOffset since)
    {
        var from = since.UtcDateTime;
        Collection.EnsureIndex(d => d.LastAt);
        return Collection.Find(d => d.LastAt >= from).Select(d => (d.Id, d.Channel)).ToList();
    }

    private sealed class ActivityDocument
    {
        public string Id { get; set; } = "";
        public string Channel { get; set; } = "";
        public DateTime FirstAt { get; set; }
        public DateTime LastAt { get; set; }
    }
}
