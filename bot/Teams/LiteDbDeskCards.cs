using HelpBot.Bot.Handoff;
using HelpBot.Bot.Storage;
using LiteDB;

namespace HelpBot.Bot.Teams;

/// <summary>Where each escalation's card is in the desk channel: its activity id and its thread, by ticket.</summary>
public sealed class LiteDbDeskCards(HelpBotDatabase database) : IRetainedData
{
    public const string CollectionName = "teams_desk_cards";

    public sealed record DeskCard(string Ticket, string ActivityId, string ThreadConversationId);

    private ILiteCollection<DeskCardDocument> Collection
    {
        get
        {
            var collection = database.GetCollection<DeskCardDocument>(CollectionName);
            collection.EnsureIndex(d => d.ActivityId);
            return collection;
        }
    }

    public DeskCard? Get(string ticket) => Collection.FindById(ticket) is { } d ? new DeskCard(d.Id, d.ActivityId, d.ThreadConversationId) : null;

    /// <summary>The card whose thread a reply is in (Teams thread ids end with <c>;messageid={root activity id}</c>).</summary>
    public DeskCard? FindByThread(string conversationId)
    {
        var marker = conversationId.IndexOf(";messageid=", StringComparison.OrdinalIgnoreCase);
        if (marker < 0)
        {
            return null;
        }
        var root = conversationId[(marker + ";messageid=".Length)..];
        return Collection.FindOne(d => d.ActivityId == root) is { } d ? new DeskCard(d.Id, d.ActivityId, d.ThreadConversationId) : null;
    }

    public void Save(DeskCard card)
    {
        ArgumentNullException.ThrowIfNull(card);
        lock (database.WriteLockFor(CollectionName))
        {
            Collection.Upsert(new DeskCardDocument { Id = card.Ticket, ActivityId = card.ActivityId, ThreadConversationId = card.ThreadConversationId });
        }
    }

    string IRetainedData.Name => CollectionName;

    /// <summary>The cards of escalations that are no longer kept (<see cref="RetentionOptions.ClosedEscalations"/>).</summary>
    Task<int> IRetainedData.PurgeAsync(DateTimeOffset now, RetentionOptions retention, CancellationToken cancellationToken)
    {
        var escalations = database.GetCollection(LiteDbEscalationStore.CollectionName);
        lock (database.WriteLockFor(CollectionName))
        {
            var gone = Collection.FindAll().Select(d => d.Id).Where(ticket => escalations.FindById(ticket) is null).ToList();
            return Task.FromResult(gone.Count(ticket => Collection.Delete(ticket)));
        }
    }

    private sealed class DeskCardDocument
    {
        public string Id { get; set; } = "";

        public string ActivityId { get; set; } = "";

        public string ThreadConversationId { get; set; } = "";
    }
}
