using System.Collections.Concurrent;
using HelpBot.Bot.Storage;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Schema;

namespace HelpBot.Bot.AgentConsole;

/// <summary>
/// The denominator of containment: which conversations had a user message, and when the first and the last one came
/// (<see cref="IDeskActivityStore"/>: one small record per conversation, no text). Runs as Bot Framework middleware on
/// both adapters, so Teams and Web Chat count alike.
/// </summary>
/// <remarks>
/// Kept off the turn's path: a turn only notes the conversation in memory, and the notes are written together, in one
/// transaction, every <see cref="FlushInterval"/> (and before every read, and when the host stops). A conversation's
/// last time is kept to the minute (<see cref="Resolution"/>). Written on every message, it was one of the larger costs of
/// a turn under load; at worst a crash loses the last second of counts, never a conversation.
/// </remarks>
public sealed class DeskActivity : Microsoft.Bot.Builder.IMiddleware, IRetainedData, IDisposable
{
    public const string CollectionName = LiteDbDeskActivityStore.CollectionName;

    /// <summary>How stale a conversation's last-message time may be in <c>desk_activity</c>.</summary>
    internal static readonly TimeSpan Resolution = TimeSpan.FromMinutes(1);

    /// <summary>How often the notes are written.</summary>
    internal static readonly TimeSpan FlushInterval = TimeSpan.FromSeconds(1);

    private const int MaxRemembered = 10_000;

    private readonly IDeskActivityStore _store;
    private readonly TimeProvider _time;
    private readonly ILogger? _logger;
    private readonly ITimer _timer;

    /// <summary>When each recently active conversation was last noted (forgotten wholesale past 10,000).</summary>
    private readonly ConcurrentDictionary<string, DateTime> _noted = new(StringComparer.Ordinal);

    /// <summary>Notes not written yet.</summary>
    private readonly ConcurrentDictionary<string, Note> _pending = new(StringComparer.Ordinal);

    /// <summary>One flush at a time in this process.</summary>
    private readonly Lock _flushing = new();

    public DeskActivity(IDeskActivityStore store, TimeProvider time, ILogger<DeskActivity>? logger = null)
    {
        _store = store;
        _time = time;
        _logger = logger;
        _timer = time.CreateTimer(_ => FlushInBackground(), null, FlushInterval, FlushInterval);
    }

    /// <summary>On the LiteDB file (tests).</summary>
    internal DeskActivity(HelpBotDatabase database, TimeProvider time, ILogger<DeskActivity>? logger = null)
        : this(new LiteDbDeskActivityStore(database), time, logger)
    {
    }

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
        var now = _time.GetUtcNow().UtcDateTime;
        if (_noted.TryGetValue(conversationId, out var noted) && now - noted < Resolution && now >= noted)
        {
            return;
        }
        _pending.AddOrUpdate(conversationId, new Note(channelId, now, now), (_, earlier) => earlier with { LastAt = now });
        if (_noted.Count >= MaxRemembered)
        {
            _noted.Clear();
        }
        _noted[conversationId] = now;
    }

    string IRetainedData.Name => CollectionName;

    /// <summary>Conversations quiet for longer than <see cref="RetentionOptions.ClosedEscalations"/>: containment is counted over the period escalations are kept.</summary>
    Task<int> IRetainedData.PurgeAsync(DateTimeOffset now, RetentionOptions retention, CancellationToken cancellationToken)
    {
        Flush();
        return Task.FromResult(_store.PurgeQuietBefore((now - retention.ClosedEscalations).UtcDateTime));
    }

    /// <summary>Conversations with a user message at or after <paramref name="since"/>.</summary>
    public IReadOnlyList<(string ConversationId, string Channel)> ActiveSince(DateTimeOffset since)
    {
        Flush();
        return _store.ActiveSince(since.UtcDateTime);
    }

    /// <summary>
    /// Writes the pending notes in one transaction. If that fails, each note is tried on its own, so one note the store
    /// refuses (say, an id too long for LiteDB's index) cannot hold up the others: a note that fails alone is dropped and
    /// logged. Nothing is lost when the database is only busy or closing: those notes stay pending.
    /// </summary>
    internal void Flush()
    {
        lock (_flushing)
        {
            var batch = new List<(string Id, Note Note)>();
            foreach (var id in _pending.Keys)
            {
                if (_pending.TryRemove(id, out var note))
                {
                    batch.Add((id, note));
                }
            }
            if (batch.Count == 0 || TryWrite(batch, out _))
            {
                return;
            }
            foreach (var one in batch)
            {
                if (!TryWrite([one], out var error))
                {
                    if (error is ObjectDisposedException)
                    {
                        Keep(one);
                        continue;
                    }
                    _logger?.LogWarning("Desk activity: a conversation note could not be written and was dropped ({Error}).", error!.GetType().Name);
                }
            }
        }
    }

    private bool TryWrite(IReadOnlyList<(string Id, Note Note)> batch, out Exception? error)
    {
        error = null;
        try
        {
            _store.Write([.. batch.Select(b => new DeskActivityNote(b.Id, b.Note.Channel, b.Note.FirstAt, b.Note.LastAt))]);
            return true;
        }
#pragma warning disable CA1031 // Any failure of one flush must leave the notes to the next one, never end the process.
        catch (Exception e)
#pragma warning restore CA1031
        {
            error = e;
            return false;
        }
    }

    private void Keep((string Id, Note Note) one) =>
        _pending.AddOrUpdate(one.Id, one.Note, (_, later) => later with { FirstAt = one.Note.FirstAt });

    public void Dispose()
    {
        _timer.Dispose();
        FlushInBackground();
    }

    /// <summary>From the timer and at shutdown: a failure is logged, never thrown (from a timer it would end the process).</summary>
    private void FlushInBackground()
    {
        try
        {
            Flush();
        }
#pragma warning disable CA1031 // See above: logged, and the notes stay for the next flush.
        catch (Exception e)
#pragma warning restore CA1031
        {
            _logger?.LogWarning("Desk activity: notes not written yet ({Error}).", e.GetType().Name);
        }
    }

    private sealed record Note(string Channel, DateTime FirstAt, DateTime LastAt);
}
