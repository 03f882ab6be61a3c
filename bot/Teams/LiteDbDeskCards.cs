using HelpBot.Bot.Handoff;
using HelpBot.Bot.Storage;
using LiteDB;

namespace HelpBot.Bot.Teams;

/// <summary>The desk channel's cards in the shared LiteDB file, collection <c>teams_desk_cards</c>, by ticket.</summary>
public sealed class LiteDbDeskCards(HelpBotDatabase database) : IDeskCards, IRetainedData
{
    public const string CollectionName = "teams_desk_cards";

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

    public DeskCard? FindByThread(string conversationId) =>
        IDeskCards.ThreadRoot(conversationId) is { } root && Collection.FindOne(d => d.ActivityId == root) is { } d
            ? new DeskCard(d.Id, d.ActivityId, d.ThreadConversationId)
            : null;

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
