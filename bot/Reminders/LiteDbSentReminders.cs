using HelpBot.Bot.Storage;
using LiteDB;

namespace HelpBot.Bot.Reminders;

/// <summary>The reminders already sent, in the shared LiteDB file (<c>password_expiry_reminders</c>); a claim holds the collection's write lock.</summary>
public sealed class LiteDbSentReminders(HelpBotDatabase database) : ISentReminders
{
    public const string CollectionName = "password_expiry_reminders";

    private ILiteCollection<SentReminderDocument> Collection => database.GetCollection<SentReminderDocument>(CollectionName);

    public Task<bool> TryClaimAsync(string key, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        lock (database.WriteLockFor(CollectionName))
        {
            if (Collection.FindById(key) is not null)
            {
                return Task.FromResult(false);
            }
            Collection.Insert(new SentReminderDocument { Id = key, At = at.UtcDateTime });
            return Task.FromResult(true);
        }
    }

    public Task ReleaseAsync(string key, CancellationToken cancellationToken = default)
    {
        lock (database.WriteLockFor(CollectionName))
        {
            Collection.Delete(key);
        }
        return Task.CompletedTask;
    }

    private sealed class SentReminderDocument
    {
        public string Id { get; set; } = "";

        public DateTime At { get; set; }
    }
}
