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
    private long _lastWatermark;
    private long _lastIdNumber;

    public DirectLineConversation(DirectLineConversationRecord record, IEnumerable<DirectLineHistoryEntry> history, int historyLimit)
    {
        Record = record;
        _historyLimit = historyLimit;
        // What the store gives back is already redacted.
        _history = history.OrderBy(e => e.Watermark).Select(e => new Kept(e, e.ActivityJson)).ToList();
        _lastWatermark = _history.Count == 0 ? 0 : _history[^1].Entry.Watermark;
        _lastIdNumber = _history.Select(e => IdNumber(e.Entry.ActivityId)).DefaultIfEmpty(0).Max();
    }

    public DirectLineConversationRecord Record { get; }

    public string Id => Record.ConversationId;

    /// <summary>Held for the whole of a turn (user activity or proactive), so turns never race on conversation state.</summary>
    public SemaphoreSlim TurnLock { get; } = new(1, 1);

    /// <summary>The next id in Azure's style, <c>&lt;conversationId&gt;|0000001</c>.</summary>
    public string NextActivityId() => string.Create(CultureInfo.InvariantCulture, $"{Id}|{Interlocked.Increment(ref _lastIdNumber):D7}");

    /// <summary>Stores an activity at the next watermark position and pushes it to every connected socket.</summary>
    public (DirectLineHistoryEntry Entry, bool Replaced) Append(string activityId, string activityJson)
    {
        lock (_gate)
        {
            // An updated activity moves to the end, so clients behind the new watermark receive the new version.
            var replaced = _history.RemoveAll(e => e.Entry.ActivityId == activityId) > 0;
            var entry = new DirectLineHistoryEntry(++_lastWatermark, activityId, activityJson);
            _history.Add(new Kept(entry, DirectLineRedaction.ForHistory(activityJson)));
            if (_history.Count > _historyLimit)
            {
                _history.RemoveRange(0, _history.Count - _historyLimit);
            }
            Broadcast(Frame([activityJson], entry.Watermark));
            return (entry, replaced);
        }
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
            return (After(watermark), Math.Max(watermark, _lastWatermark));
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
                channel.Writer.TryWrite(Frame(backlog, _lastWatermark));
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
        var bar = activityId.LastIndexOf('|');
        return bar >= 0 && long.TryParse(activityId.AsSpan(bar + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 0;
    }
}
