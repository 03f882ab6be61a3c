using HelpBot.Bot.Storage;
using LiteDB;

namespace HelpBot.Bot.AgentConsole;

/// <summary>Desk activity in the shared LiteDB file, collection <c>desk_activity</c>; writes and the purge hold the collection's write lock.</summary>
public sealed class LiteDbDeskActivityStore(HelpBotDatabase database) : IDeskActivityStore
{
    public const string CollectionName = "desk_activity";

    private ILiteCollection<ActivityDocument> Collection => database.GetCollection<ActivityDocument>(CollectionName);

    public void Write(IReadOnlyList<DeskActivityNote> notes)
    {
        ArgumentNullException.ThrowIfNull(notes);
        lock (database.WriteLockFor(CollectionName))
        {
            var owned = false;
            try
            {
                owned = database.Database.BeginTrans();
                foreach (var note in notes)
                {
                    var document = Collection.FindById(note.ConversationId) ?? new ActivityDocument { Id = note.ConversationId, Channel = note.Channel, FirstAt = note.FirstAt };
                    document.LastAt = note.LastAt;
                    Collection.Upsert(document);
                }
                if (owned)
                {
                    database.Database.Commit();
                }
            }
            catch when (owned)
            {
                try
                {
                    database.Database.Rollback();
                }
                catch (Exception rollback) when (rollback is LiteException or ObjectDisposedException or InvalidOperationException)
                {
                    // The transaction is gone with the database.
                }
                throw;
            }
        }
    }

    public IReadOnlyList<(string ConversationId, string Channel)> ActiveSince(DateTime since)
    {
        Collection.EnsureIndex(d => d.LastAt);
        return Collection.Find(d => d.LastAt >= since).Select(d => (d.Id, d.Channel)).ToList();
    }

    public int PurgeQuietBefore(DateTime cutoff)
    {
        lock (database.WriteLockFor(CollectionName))
        {
            return Collection.DeleteMany(d => d.LastAt < cutoff);
        }
    }

    private sealed class ActivityDocument
    {
        public string Id { get; set; } = "";
        public string Channel { get; set; } = "";
        public DateTime FirstAt { get; set; }
        public DateTime LastAt { get; set; }
    }
}
