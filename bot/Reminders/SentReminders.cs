using HelpBot.Bot.Storage;
using LiteDB;

namespace HelpBot.Bot.Reminders;

/// <summary>
/// The reminders already sent, durably, keyed by (username, threshold, expiry day): a restart never sends one twice,
/// and a new password (a new expiry day) starts afresh.
/// </summary>
public sealed class SentReminders(HelpBotDatabase database)
{
    public const string CollectionName = "password_expiry_reminders";

    private ILiteCollection<SentReminderDocument> Collection => database.GetCollection<SentReminderDocument>(CollectionName);

    public static string Key(string username, int thresholdDays, DateOnly expiresOn) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{username.ToLowerInvariant()}|{thresholdDays}|{expiresOn:yyyy-MM-dd}");

    /// <summary>Claims the reminder before it is sent; false when it was already claimed (sent, or being sent).</summary>
    public bool TryClaim(string key, DateTimeOffset at)
    {
        lock (database.WriteLockFor(CollectionName))
        {
            if (Collection.FindById(key) is not null)
            {
                return false;
            }
            Collection.Insert(new SentReminderDocument { Id = key, At = at.UtcDateTime });
            return true;
        }
    }

    /// <summary>The send failed: the next pass may try again.</summary>
    public void Release(string key)
    {
        lock (database.WriteLockFor(CollectionName))
        {
            Collection.Delete(key);
        }
    }

    public bool Contains(string key) => Collection.FindById(key) is not null;

    private sealed class SentReminderDocument
    {
        public string Id { get; set; } = "";

        public DateTime At { get; set; }
    }
}
