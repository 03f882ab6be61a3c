using System.Globalization;
using HelpBot.Bot.Storage;
using HelpBot.Dialogs.Handoff;
using LiteDB;

namespace HelpBot.Bot.Handoff;

/// <summary>
/// Escalations in the shared LiteDB file (collection <c>escalations</c>; ticket numbers from <c>escalation_sequence</c>).
/// Every change reads, compares and writes under <see cref="HelpBotDatabase.WriteLockFor"/>, so two agents taking one
/// ticket cannot both win, and a line appended while an agent resolves is never lost.
/// </summary>
public sealed class LiteDbEscalationStore : IEscalationStore, IRetainedData
{
    public const string CollectionName = "escalations";
    public const string SequenceCollectionName = "escalation_sequence";
    public const string TicketPrefix = "HD-";

    private readonly HelpBotDatabase _database;

    /// <summary>
    /// Every conversation that has ever had an escalation (ids only), so the question asked on every turn, "is this
    /// conversation with the desk?", needs no query for the great many that never were. Filled from the file at start;
    /// escalations are only created through this store. Null when another process may write the file too
    /// (<see cref="ConnectionType.Shared"/>): then every turn asks the file.
    /// </summary>
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, byte>? _escalatedConversations;

    public LiteDbEscalationStore(HelpBotDatabase database)
    {
        _database = database;
        Collection.EnsureIndex(d => d.ConversationId);
        Collection.EnsureIndex(d => d.Status);
        Collection.EnsureIndex(d => d.CreatedAt);
        if (database.Connection == ConnectionType.Direct)
        {
            _escalatedConversations = new(StringComparer.Ordinal);
            foreach (var conversationId in Collection.Query().Select(d => d.ConversationId).ToEnumerable())
            {
                _escalatedConversations.TryAdd(conversationId, 0);
            }
        }
    }

    private ILiteCollection<EscalationDocument> Collection => _database.GetCollection<EscalationDocument>(CollectionName);

    private Lock WriteLock => _database.WriteLockFor(CollectionName);

    public Task<Escalation> CreateAsync(NewEscalation request, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Status is not (EscalationStatus.Waiting or EscalationStatus.OutOfHours))
        {
            throw new ArgumentException("A new escalation is Waiting or OutOfHours.", nameof(request));
        }
        lock (WriteLock)
        {
            var sequence = _database.GetCollection(SequenceCollectionName);
            var counter = sequence.FindById(CollectionName);
            var next = (counter?["Value"].AsInt64 ?? 0) + 1;
            sequence.Upsert(new BsonDocument { ["_id"] = CollectionName, ["Value"] = next });
            var document = new EscalationDocument
            {
                Id = TicketPrefix + next.ToString("D6", CultureInfo.InvariantCulture),
                Sequence = next,
                Reason = request.Reason.ToString(),
                Intent = request.Intent,
                Username = request.Username,
                DisplayName = request.DisplayName,
                Verified = request.Verified,
                ChannelId = request.ChannelId,
                ConversationId = request.ConversationId,
                ConversationReference = request.ConversationReference,
                Transcript = request.Transcript.Select(LineDocument.Of).ToList(),
                Status = request.Status.ToString(),
                CreatedAt = now.UtcDateTime,
                Version = 1,
            };
            _escalatedConversations?.TryAdd(document.ConversationId, 0);
            Collection.Insert(document);
            return Task.FromResult(document.ToEscalation());
        }
    }

    public Task<Escalation?> GetAsync(string ticket, CancellationToken cancellationToken = default) =>
        Task.FromResult(string.IsNullOrEmpty(ticket) ? null : Collection.FindById(ticket)?.ToEscalation());

    public Task<Escalation?> FindOpenByConversationAsync(string conversationId, CancellationToken cancellationToken = default)
    {
        if (_escalatedConversations is { } escalated && !escalated.ContainsKey(conversationId))
        {
            return Task.FromResult<Escalation?>(null);
        }
        var waiting = nameof(EscalationStatus.Waiting);
        var taken = nameof(EscalationStatus.Taken);
        var live = Collection.Find(d => d.ConversationId == conversationId && (d.Status == waiting || d.Status == taken))
            .OrderByDescending(d => d.Sequence).FirstOrDefault();
        return Task.FromResult(live?.ToEscalation());
    }

    public Task<IReadOnlyList<Escalation>> ListOpenAsync(CancellationToken cancellationToken = default)
    {
        var resolved = nameof(EscalationStatus.Resolved);
        var cancelled = nameof(EscalationStatus.Cancelled);
        IReadOnlyList<Escalation> open = Collection.Find(d => d.Status != resolved && d.Status != cancelled)
            .OrderBy(d => d.Sequence).Select(d => d.ToEscalation()).ToList();
        return Task.FromResult(open);
    }

    /// <summary>How many people are waiting for a person now (the <c>helpbot.handoff.waiting</c> gauge).</summary>
    public int CountWaiting()
    {
        var waiting = nameof(EscalationStatus.Waiting);
        return Collection.Count(d => d.Status == waiting);
    }

    public Task<int?> QueuePositionAsync(string ticket, CancellationToken cancellationToken = default)
    {
        var waiting = nameof(EscalationStatus.Waiting);
        var mine = Collection.FindById(ticket);
        if (mine is null || mine.Status != waiting)
        {
            return Task.FromResult<int?>(null);
        }
        var ahead = Collection.Count(d => d.Status == waiting && d.Sequence < mine.Sequence);
        return Task.FromResult<int?>(ahead + 1);
    }

    public Task<bool> TryTakeAsync(string ticket, string agentId, string agentName, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(agentId);
        return Change(ticket, d => d.Is(EscalationStatus.Waiting, EscalationStatus.CallbackRequested, EscalationStatus.OutOfHours), d =>
        {
            d.Status = nameof(EscalationStatus.Taken);
            d.AgentId = agentId;
            d.AgentName = agentName;
            d.TakenAt = now.UtcDateTime;
        });
    }

    public Task<bool> TransferAsync(string ticket, string fromAgentId, string toAgentId, string toAgentName, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(toAgentId);
        return Change(ticket, d => d.Is(EscalationStatus.Taken) && d.AgentId == fromAgentId && fromAgentId != toAgentId, d =>
        {
            d.AgentId = toAgentId;
            d.AgentName = toAgentName;
        });
    }

    public Task<bool> AppendLineAsync(string ticket, TranscriptLine line, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(line);
        return Change(ticket, d => !d.Is(EscalationStatus.Resolved, EscalationStatus.Cancelled), d => d.Transcript.Add(LineDocument.Of(line)));
    }

    public Task<bool> ResolveAsync(string ticket, string agentId, string? note, DateTimeOffset now, CancellationToken cancellationToken = default) =>
        Change(ticket, d => !d.Is(EscalationStatus.Resolved, EscalationStatus.Cancelled) && (!d.Is(EscalationStatus.Taken) || d.AgentId == agentId), d =>
        {
            d.Status = nameof(EscalationStatus.Resolved);
            d.AgentId ??= agentId;
            d.ResolvedAt = now.UtcDateTime;
            d.ResolutionNote = note;
        });

    string IRetainedData.Name => CollectionName;

    /// <summary>Resolved and cancelled escalations closed longer than <see cref="RetentionOptions.ClosedEscalations"/> ago; open ones stay whatever their age.</summary>
    Task<int> IRetainedData.PurgeAsync(DateTimeOffset now, RetentionOptions retention, CancellationToken cancellationToken)
    {
        var cutoff = (now - retention.ClosedEscalations).UtcDateTime;
        const string resolved = nameof(EscalationStatus.Resolved), cancelled = nameof(EscalationStatus.Cancelled);
        lock (WriteLock)
        {
            return Task.FromResult(Collection.DeleteMany(d => (d.Status == resolved || d.Status == cancelled) && d.ResolvedAt != null && d.ResolvedAt < cutoff));
        }
    }

    public Task<bool> CancelAsync(string ticket, DateTimeOffset now, CancellationToken cancellationToken = default) =>
        Change(ticket, d => d.Is(EscalationStatus.Waiting, EscalationStatus.CallbackRequested, EscalationStatus.OutOfHours), d =>
        {
            d.Status = nameof(EscalationStatus.Cancelled);
            d.ResolvedAt = now.UtcDateTime;
        });

    public Task<bool> RequestCallbackAsync(string ticket, string number, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(number);
        return Change(ticket, d => d.Is(EscalationStatus.Waiting, EscalationStatus.OutOfHours), d =>
        {
            d.Status = nameof(EscalationStatus.CallbackRequested);
            d.CallbackNumber = number;
        });
    }

    public Task<bool> SetSatisfactionAsync(string ticket, int score, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(score, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(score, 5);
        return Change(ticket, d => d.Is(EscalationStatus.Resolved) && d.Satisfaction is null, d => d.Satisfaction = score);
    }

    public Task<IReadOnlyList<Escalation>> ListSinceAsync(DateTimeOffset since, CancellationToken cancellationToken = default)
    {
        var from = since.UtcDateTime;
        IReadOnlyList<Escalation> list = Collection.Find(d => d.CreatedAt >= from).OrderBy(d => d.Sequence).Select(d => d.ToEscalation()).ToList();
        return Task.FromResult(list);
    }

    /// <summary>Read, check, write as one step under the collection's lock; the version goes up on every change.</summary>
    private Task<bool> Change(string ticket, Func<EscalationDocument, bool> allowed, Action<EscalationDocument> apply)
    {
        if (string.IsNullOrEmpty(ticket))
        {
            return Task.FromResult(false);
        }
        lock (WriteLock)
        {
            var document = Collection.FindById(ticket);
            if (document is null || !allowed(document))
            {
                return Task.FromResult(false);
            }
            apply(document);
            document.Version++;
            Collection.Update(document);
            return Task.FromResult(true);
        }
    }

    private sealed class EscalationDocument
    {
        /// <summary>The ticket.</summary>
        public string Id { get; set; } = "";
        public long Sequence { get; set; }
        public string Reason { get; set; } = "";
        public string Intent { get; set; } = "";
        public string? Username { get; set; }
        public string? DisplayName { get; set; }
        public bool Verified { get; set; }
        public string ChannelId { get; set; } = "";
        public string ConversationId { get; set; } = "";
        public string ConversationReference { get; set; } = "";
        public List<LineDocument> Transcript { get; set; } = [];
        public string Status { get; set; } = "";
        public string? AgentId { get; set; }
        public string? AgentName { get; set; }
        public string? CallbackNumber { get; set; }
        public DateTime CreatedAt { get; set; }
        public DateTime? TakenAt { get; set; }
        public DateTime? ResolvedAt { get; set; }
        public string? ResolutionNote { get; set; }
        public int? Satisfaction { get; set; }
        public int Version { get; set; }

        public bool Is(params EscalationStatus[] statuses) => statuses.Any(s => s.ToString() == Status);

        public Escalation ToEscalation() => new()
        {
            Ticket = Id,
            Reason = Enum.TryParse<EscalationReason>(Reason, out var reason) ? reason : EscalationReason.Other,
            Intent = Intent,
            Username = Username,
            DisplayName = DisplayName,
            Verified = Verified,
            ChannelId = ChannelId,
            ConversationId = ConversationId,
            ConversationReference = ConversationReference,
            Transcript = Transcript.Select(l => l.ToLine()).ToList(),
            Status = Enum.Parse<EscalationStatus>(Status),
            AgentId = AgentId,
            AgentName = AgentName,
            CallbackNumber = CallbackNumber,
            CreatedAt = Utc(CreatedAt),
            TakenAt = TakenAt is { } taken ? Utc(taken) : null,
            ResolvedAt = ResolvedAt is { } resolved ? Utc(resolved) : null,
            ResolutionNote = ResolutionNote,
            Satisfaction = Satisfaction,
            Version = Version,
        };
    }

    private sealed class LineDocument
    {
        public string From { get; set; } = "";
        public string Text { get; set; } = "";
        public DateTime At { get; set; }

        public static LineDocument Of(TranscriptLine line) => new() { From = line.From.ToString(), Text = line.Text, At = line.At.UtcDateTime };

        public TranscriptLine ToLine() => new(Enum.TryParse<TranscriptFrom>(From, out var from) ? from : TranscriptFrom.System, Text, Utc(At));
    }

    private static DateTimeOffset Utc(DateTime value) => new(DateTime.SpecifyKind(value, DateTimeKind.Utc));
}
