using System.Globalization;
using System.Text;
using System.Threading.Channels;

namespace HelpBot.Bot.DirectLine;

/// <summary>
/// One live Direct Line conversation: its recent history with watermark positions, the sockets streaming it, and the
/// lock that makes its turns run one at a time.
/// A client that reads from the beginning (a page reload, a second tab) gets the history as it is stored: SafeCodes,
/// typed passwords, guest keys and reset links in bullets. Only the connected client, reading on from its watermark,
/// gets them as sent.
/// </summary>
internal sealed class DirectLineConversation
{
    /// <summary>Frames a slow socket may have queued before it is closed (the client then reconnects from its watermark).</summary>
    internal const int SubscriberQueueLimit = 256;

    private readonly Lock _gate = new();
    private readonly List<Kept> _history;
    private readonly List<Channel<string>> _subscribers = [];
    private readonly int _historyLimit;
    private readonly string _idSuffix;
    // Every position up to _contiguous that the store holds is in memory (frames never tell a client a watermark beyond
    // it, so it cannot skip an activity another instance stored meanwhile); _highest is the newest position in memory.
    private long _contiguous;
    private long _highest;
    private long _lastIdNumber;

    /// <param name="idSuffix">Appended to this process's activity ids, so instances sharing the conversation never give two activities one id ("" alone).</param>
    public DirectLineConversation(DirectLineConversationRecord record, IEnumerable<DirectLineHistoryEntry> history, int historyLimit, string idSuffix = "")
    {
        Record = record;
        _historyLimit = historyLimit;
        _idSuffix = idSuffix;
        // What the store gives back is already redacted.
        _history = history.OrderBy(e => e.Watermark).Select(e => new Kept(e, e.ActivityJson)).ToList();
        _contiguous = _highest = _history.Count == 0 ? 0 : _history[^1].Entry.Watermark;
        _lastIdNumber = _history.Select(e => IdNumber(e.Entry.ActivityId)).DefaultIfEmpty(0).Max();
    }

    public DirectLineConversationRecord Record { get; }

    public string Id => Record.ConversationId;

    /// <summary>Held for the whole of a turn (user activity or proactive), so turns never race on conversation state.</summary>
    public SemaphoreSlim TurnLock { get; } = new(1, 1);

    /// <summary>The next id in Azure's style, <c>&lt;conversationId&gt;|0000001</c>.</summary>
    public string NextActivityId()
    {
        lock (_gate)
        {
            return string.Create(CultureInfo.InvariantCulture, $"{Id}|{++_lastIdNumber:D7}{_idSuffix}");
        }
    }

    /// <summary>The position to ask the store for: after everything in memory (the store may give a later one).</summary>
    public long NextWatermark
    {
        get
        {
            lock (_gate)
            {
                return _highest + 1;
            }
        }
    }

    /// <summary>Positions up to which memory holds everything stored: read on from here to catch up with other instances.</summary>
    public long Contiguous
    {
        get
        {
            lock (_gate)
            {
                return _contiguous;
            }
        }
    }

    /// <summary>
    /// Keeps an activity the store has put at <paramref name="entry"/>'s watermark and pushes it (as sent) to every
    /// connected socket. An entry already kept at that position is skipped. False when positions before it are missing
    /// (another instance stored them): read them from the store with <see cref="Merge"/>.
    /// </summary>
    /// <param name="redacted">The entry as a reload shows it (null: <see cref="DirectLineRedaction.ForHistory"/> of it).</param>
    public bool Append(DirectLineHistoryEntry entry, string? redacted = null)
    {
        lock (_gate)
        {
            Keep(entry, redacted);
            return _contiguous >= entry.Watermark;
        }
    }

    /// <summary>Entries read from the store after <see cref="Contiguous"/>: the ones memory lacks are kept and pushed; memory is then whole up to the newest.</summary>
    public void Merge(IReadOnlyList<DirectLineHistoryEntry> stored)
    {
        lock (_gate)
        {
            foreach (var entry in stored)
            {
                // What the store holds is redacted already; it is also the only version this instance has.
                Keep(entry, entry.ActivityJson);
            }
            if (stored.Count > 0)
            {
                // The store commits positions in order, so nothing before the newest read can still arrive.
                _contiguous = Math.Max(_contiguous, stored[^1].Watermark);
            }
        }
    }

    private void Keep(DirectLineHistoryEntry entry, string? redacted)
    {
        // The usual case is the newest position: nothing can be kept there yet, and it goes at the end.
        var newest = entry.Watermark > _highest;
        if (!newest && _history.Exists(e => e.Entry.Watermark == entry.Watermark))
        {
            return;
        }
        // An updated activity moves to its new position, so clients behind the new watermark receive the new version.
        _history.RemoveAll(e => e.Entry.ActivityId == entry.ActivityId && e.Entry.Watermark < entry.Watermark);
        var at = newest ? _history.Count : _history.FindLastIndex(e => e.Entry.Watermark < entry.Watermark) + 1;
        _history.Insert(at, new Kept(entry, redacted ?? DirectLineRedaction.ForHistory(entry.ActivityJson)));
        if (_history.Count > _historyLimit)
        {
            _history.RemoveRange(0, _history.Count - _historyLimit);
        }
        _highest = Math.Max(_highest, entry.Watermark);
        if (entry.Watermark == _contiguous + 1)
        {
            _contiguous = entry.Watermark;
        }
        _lastIdNumber = Math.Max(_lastIdNumber, IdNumber(entry.ActivityId));
        Broadcast(Frame([entry.ActivityJson], _contiguous));
    }

    /// <summary>Pushes an activity that gets no watermark position (typing) to connected sockets only.</summary>
    public void PushTransient(string activityJson)
    {
        lock (_gate)
        {
            Broadcast(Frame([activityJson], null));
        }
    }

    public bool Remove(string activityId)
    {
        lock (_gate)
        {
            return _history.RemoveAll(e => e.Entry.ActivityId == activityId) > 0;
        }
    }

    public bool Contains(string activityId)
    {
        lock (_gate)
        {
            return _history.Exists(e => e.Entry.ActivityId == activityId);
        }
    }

    public string? Find(string activityId)
    {
        lock (_gate)
        {
            return _history.Find(e => e.Entry.ActivityId == activityId)?.Entry.ActivityJson;
        }
    }

    /// <summary>The stored activities strictly after <paramref name="watermark"/>, and the watermark the client has after reading them.</summary>
    public (IReadOnlyList<string> Activities, long Watermark) ReadAfter(long watermark)
    {
        lock (_gate)
        {
            return (After(watermark), Math.Max(watermark, _contiguous));
        }
    }

    /// <summary>Subscribes a socket: its queue starts with the backlog after <paramref name="watermark"/>, then gets every new activity.</summary>
    public ChannelReader<string> Subscribe(long watermark)
    {
        var channel = Channel.CreateBounded<string>(new BoundedChannelOptions(SubscriberQueueLimit) { SingleReader = true });
        lock (_gate)
        {
            var backlog = After(watermark);
            if (backlog.Count > 0)
            {
                channel.Writer.TryWrite(Frame(backlog, Math.Max(watermark, _contiguous)));
            }
            _subscribers.Add(channel);
        }
        return channel.Reader;
    }

    public void Unsubscribe(ChannelReader<string> reader)
    {
        lock (_gate)
        {
            _subscribers.RemoveAll(c => c.Reader == reader);
        }
    }

    public int SubscriberCount
    {
        get
        {
            lock (_gate)
            {
                return _subscribers.Count;
            }
        }
    }

    /// <summary>An ActivitySet: <c>{"activities":[...],"watermark":"7"}</c>, the watermark a string (Web Chat ignores a number 0).</summary>
    public static string Frame(IReadOnlyList<string> activitiesJson, long? watermark)
    {
        var json = new StringBuilder("{\"activities\":[");
        json.AppendJoin(',', activitiesJson).Append(']');
        if (watermark is { } w)
        {
            json.Append(CultureInfo.InvariantCulture, $",\"watermark\":\"{w}\"");
        }
        return json.Append('}').ToString();
    }

    // From the beginning (watermark 0): the redacted history, as a reload shows it. From a watermark: as sent.
    private List<string> After(long watermark) =>
        _history.Where(e => e.Entry.Watermark > watermark).Select(e => watermark <= 0 ? e.Redacted : e.Entry.ActivityJson).ToList();

    private sealed record Kept(DirectLineHistoryEntry Entry, string Redacted);

    private void Broadcast(string frame)
    {
        foreach (var subscriber in _subscribers)
        {
            if (!subscriber.Writer.TryWrite(frame))
            {
                // Too far behind: close that socket rather than grow without bound; Web Chat reconnects from its watermark.
                subscriber.Writer.TryComplete();
            }
        }
    }

    private static long IdNumber(string activityId)
    {
        // <conversationId>|0000001, maybe followed by an instance's suffix.
        var digits = activityId.AsSpan(activityId.LastIndexOf('|') + 1);
        var end = digits.IndexOfAnyExceptInRange('0', '9');
        return long.TryParse(end < 0 ? digits : digits[..end], NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 0;
    }
}
