using HelpBot.Bot.Storage;

namespace HelpBot.Bot.Tests.Storage;

/// <summary>Checks over every document of every collection in a database file: history, state, audit, counters.</summary>
internal static class StoredEverywhere
{
    /// <summary>No document anywhere in the file holds <paramref name="text"/> (the host that wrote it must be stopped).</summary>
    public static void AssertNothingHolds(string databasePath, string text)
    {
        using var stored = new HelpBotDatabase(databasePath);
        foreach (var name in stored.Database.GetCollectionNames())
        {
            foreach (var document in stored.GetCollection(name).FindAll())
            {
                Assert.DoesNotContain(text, LiteDB.JsonSerializer.Serialize(document), StringComparison.Ordinal);
            }
        }
    }
}
