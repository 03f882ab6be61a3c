using LiteDB;

namespace HelpBot.Bot.Tests.Storage;

/// <summary>
/// A collection exists as soon as a store has it, before its first write: LiteDB creates a collection in its first
/// write's transaction, and a read of it at that moment closes the whole engine (LiteDB issue 2792; a full test run hit
/// it on a new data folder, a reminder pass reading while a first turn wrote).
/// </summary>
public sealed class CollectionCreationTests : IDisposable
{
    private readonly TempDatabaseFolder _folder = new();

    [Fact]
    public void ACollectionExistsAndIsEmptyAsSoonAsAStoreHasIt()
    {
        using var holder = new HelpBotDatabaseHolder(_folder);

        var typed = holder.Database.GetCollection<BsonDocument>("first_typed");
        var raw = holder.Database.GetCollection("first_raw");

        Assert.True(holder.Database.Database.CollectionExists("first_typed"));
        Assert.True(holder.Database.Database.CollectionExists("first_raw"));
        Assert.Equal(0, typed.Count());
        Assert.Equal(0, raw.Count());
    }

    public void Dispose() => _folder.Dispose();
}
