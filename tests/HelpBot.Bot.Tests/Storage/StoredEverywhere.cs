using HelpBot.Bot.Storage;

namespace HelpBot.Bot.Tests.Storage;

/// <summary>Checks over every document of every collection in a database file: history, state, audit, counters.</summary>
internal static class StoredEverywhere
{
    /// <summary>No document anywhere in the file holds <paramref name="text"/> (the host that wrote it must be stopped).</summary>
    public static void AssertNothingHolds(string databasePath, string text)
    {
        foreach (var document in AllDocuments(databasePath))
        {
            Assert.DoesNotContain(text, document, StringComparison.Ordinal);
        }
    }

    /// <summary>
    /// Every document as JSON. A test host's disposal can still be finishing LiteDB's last checkpoint on a busy
    /// machine (a full test run made a reader see a half-written page once in a while), so a read that finds the file
    /// mid-checkpoint is retried for a few seconds; a file that stays unreadable still fails.
    /// </summary>
    /// <summary>The documents of one collection as JSON, read as <see cref="AllDocuments"/> reads them.</summary>
    public static List<string> DocumentsOf(string databasePath, string collection) => AllDocuments(databasePath, collection);

    private static List<string> AllDocuments(string databasePath, string? collection = null)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                using var stored = new HelpBotDatabase(databasePath);
                return stored.Database.GetCollectionNames()
                    .Where(name => collection is null || name == collection)
                    .SelectMany(name => stored.GetCollection(name).FindAll().Select(d => LiteDB.JsonSerializer.Serialize(d)))
                    .ToList();
            }
            catch (LiteDB.LiteException) when (attempt < 10)
            {
                Thread.Sleep(500);
            }
        }
    }
}
