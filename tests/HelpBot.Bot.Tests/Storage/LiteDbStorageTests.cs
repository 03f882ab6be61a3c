using HelpBot.Bot.Storage;
using LiteDB;
using Microsoft.Bot.Builder;
using Newtonsoft.Json.Linq;

namespace HelpBot.Bot.Tests.Storage;

/// <summary>The storage contract on the embedded LiteDB file, and what is particular to a file.</summary>
public sealed class LiteDbStorageTests : StorageContractTests, IDisposable
{
    private readonly TempDatabaseFolder _folder = new();
    private readonly HelpBotDatabase _database;
    private readonly LiteDbStorage _storage;

    public LiteDbStorageTests()
    {
        _database = _folder.Open();
        _storage = new LiteDbStorage(_database);
    }

    protected override IStorage Storage => _storage;

    public void Dispose()
    {
        _database.Dispose();
        _folder.Dispose();
    }

    [Fact]
    public void OpeningTheDatabaseCreatesItsFolderAndFile()
    {
        Assert.True(File.Exists(_folder.DatabasePath));
    }

    [Fact]
    public async Task RawJsonMembersComeBackAsTheTextWritten_BesideEverythingElseAsBefore_AndTheFileHoldsPlainJson()
    {
        const string stack = """{"stack":[{"id":"MainDialog","state":{"stepIndex":1,"values":{"user":"Zo\u00EB"}}}]}""";
        var state = new Dictionary<string, object>
        {
            ["DialogStack"] = new JRaw(stack),
            ["Handoff"] = new JRaw("""{"Recent":[],"Ticket":null}"""),
            ["Profile"] = new Profile { Name = "Ada" },
            ["Count"] = 42,
        };

        await _storage.WriteAsync(new Dictionary<string, object> { ["k"] = state });
        foreach (var storage in new[] { _storage, new LiteDbStorage(_database) })
        {
            // This storage (its cache) and a fresh one on the same file (the document) read the same.
            var read = (IDictionary<string, object>)(await storage.ReadAsync(["k"]))["k"];
            Assert.Equal(stack, Assert.IsType<JRaw>(read["DialogStack"]).Value);
            Assert.IsType<JRaw>(read["Handoff"]);
            Assert.Equal("Ada", Assert.IsType<JObject>(read["Profile"]).ToObject<Profile>()!.Name);
            Assert.Equal(42L, read["Count"]);
            Assert.False(read.ContainsKey(LiteDbStorage.RawMembersKey));
        }

        // In the file the stack is a JSON object like any other member (readable in LiteDB Studio), not a quoted string.
        var json = JObject.Parse(_database.GetCollection(LiteDbStorage.CollectionName).FindById("k")["json"].AsString);
        Assert.Equal("Zoë", (string?)json.SelectToken("DialogStack.stack[0].state.values.user"));
        Assert.Equal(JTokenType.Object, json["Handoff"]!.Type);
    }

    [Fact]
    public async Task StoredJsonHasNoTypeNames()
    {
        await _storage.WriteAsync(new Dictionary<string, object>
        {
            ["k"] = new Dictionary<string, object> { ["Profile"] = new Profile { Name = "Ada" } },
        });

        var json = _database.GetCollection(LiteDbStorage.CollectionName).FindById("k")["json"].AsString;

        Assert.DoesNotContain("$type", json, StringComparison.Ordinal);
        Assert.DoesNotContain("eTag", json, StringComparison.Ordinal);
        Assert.Contains("\"Name\":\"Ada\"", json, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StateSurvivesClosingAndReopeningTheFile()
    {
        await _storage.WriteAsync(new Dictionary<string, object> { ["k"] = new Dictionary<string, object> { ["n"] = 1 } });
        var etag = await ReadETag("k");
        _database.Dispose();

        using var reopened = _folder.Open();
        var items = await new LiteDbStorage(reopened).ReadAsync(["k"]);

        var state = (IDictionary<string, object>)items["k"];
        Assert.Equal(1L, state["n"]);
        Assert.Equal(etag, state["eTag"]);
    }

    [Fact]
    public void AFileCreatedWithLiteDbsCaseInsensitiveCollationIsRebuiltToOrdinal()
    {
        _database.Dispose();
        var path = Path.Combine(_folder.Folder, "studio.db");
        using (var studio = new LiteDatabase(new ConnectionString { Filename = path, Collation = new Collation("en-US/IgnoreCase") }))
        {
            studio.GetCollection("botstate").Insert(new BsonDocument { ["_id"] = "Abc", ["etag"] = "1", ["json"] = "{}" });
        }

        using var database = new HelpBotDatabase(path);

        Assert.Equal(System.Globalization.CompareOptions.Ordinal, database.Database.Collation.SortOptions);
        Assert.NotNull(database.GetCollection("botstate").FindById("Abc"));
        Assert.Null(database.GetCollection("botstate").FindById("abc"));
    }

    [Fact]
    public async Task SharedConnectionModeReadsWritesAndDetectsConflicts()
    {
        using var shared = new HelpBotDatabase(Path.Combine(_folder.Folder, "shared.db"), ConnectionType.Shared);
        var storage = new LiteDbStorage(shared);
        await storage.WriteAsync(new Dictionary<string, object> { ["k"] = new Dictionary<string, object> { ["n"] = 1 } });
        var stale = (string)((IDictionary<string, object>)(await storage.ReadAsync(["k"]))["k"])["eTag"];
        await storage.WriteAsync(new Dictionary<string, object> { ["k"] = new Dictionary<string, object> { ["n"] = 2, ["eTag"] = stale } });

        await Assert.ThrowsAsync<StorageConflictException>(() =>
            storage.WriteAsync(new Dictionary<string, object> { ["k"] = new Dictionary<string, object> { ["n"] = 3, ["eTag"] = stale } }));
    }
}
