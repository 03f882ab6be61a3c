using HelpBot.Bot.Storage;
using LiteDB;
using Microsoft.Bot.Builder;
using Newtonsoft.Json.Linq;

namespace HelpBot.Bot.Tests.Storage;

public sealed class LiteDbStorageTests : IDisposable
{
    private readonly TempDatabaseFolder _folder = new();
    private readonly HelpBotDatabase _database;
    private readonly LiteDbStorage _storage;

    public LiteDbStorageTests()
    {
        _database = _folder.Open();
        _storage = new LiteDbStorage(_database);
    }

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
    public async Task NestedStateRoundTripsWithItsShape()
    {
        var state = new Dictionary<string, object>
        {
            ["DialogStack"] = JObject.Parse("""{"frames":[{"id":"unlock","state":{"step":2,"values":{"user":"Zoë 🙂","n":1.5}}}]}"""),
            ["Flags"] = new JArray(true, false, JValue.CreateNull()),
            ["Profile"] = new Profile { Name = "Ada", Seen = new DateTimeOffset(2024, 5, 1, 10, 0, 0, TimeSpan.FromHours(2)), Tags = ["vip", "guest"] },
            ["Count"] = 42,
            ["LooksLikeADate"] = "2024-05-01T10:00:00Z",
            ["Nothing"] = null!,
        };

        await _storage.WriteAsync(new Dictionary<string, object> { ["k"] = state });
        var read = (IDictionary<string, object>)(await _storage.ReadAsync(["k"]))["k"];

        var stack = Assert.IsType<JObject>(read["DialogStack"]);
        Assert.Equal("Zoë 🙂", (string?)stack.SelectToken("frames[0].state.values.user"));
        Assert.Equal(1.5, (double)stack.SelectToken("frames[0].state.values.n")!);
        Assert.True(JToken.DeepEquals(new JArray(true, false, JValue.CreateNull()), Assert.IsType<JArray>(read["Flags"])));
        var profile = Assert.IsType<JObject>(read["Profile"]).ToObject<Profile>()!;
        Assert.Equal("Ada", profile.Name);
        Assert.Equal(new DateTimeOffset(2024, 5, 1, 10, 0, 0, TimeSpan.FromHours(2)), profile.Seen);
        Assert.Equal(["vip", "guest"], profile.Tags);
        Assert.Equal(42L, read["Count"]);
        Assert.Equal("2024-05-01T10:00:00Z", read["LooksLikeADate"]);
        Assert.True(read.ContainsKey("Nothing"));
        Assert.Null(read["Nothing"]);
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
    public async Task EveryWriteStoresANewETagThatReadsReturn()
    {
        await _storage.WriteAsync(new Dictionary<string, object> { ["k"] = new Dictionary<string, object> { ["n"] = 1 } });
        var first = await ReadETag("k");
        await _storage.WriteAsync(new Dictionary<string, object> { ["k"] = new Dictionary<string, object> { ["n"] = 2, ["eTag"] = first } });
        var second = await ReadETag("k");

        Assert.False(string.IsNullOrEmpty(first));
        Assert.NotEqual(first, second);
    }

    [Fact]
    public async Task WriteWithAStaleETagFailsWithAConflictNamingTheKeyAndWritesNothing()
    {
        const string key = "directline/conversations/abc|123";
        await _storage.WriteAsync(new Dictionary<string, object> { [key] = new Dictionary<string, object> { ["n"] = 1 } });
        var stale = await ReadETag(key);
        await _storage.WriteAsync(new Dictionary<string, object> { [key] = new Dictionary<string, object> { ["n"] = 2, ["eTag"] = stale } });

        var conflict = await Assert.ThrowsAsync<StorageConflictException>(() =>
            _storage.WriteAsync(new Dictionary<string, object> { [key] = new Dictionary<string, object> { ["n"] = 3, ["eTag"] = stale } }));

        Assert.Equal(key, conflict.Key);
        Assert.StartsWith("Etag conflict", conflict.Message, StringComparison.Ordinal);
        Assert.Contains(key, conflict.Message, StringComparison.Ordinal);
        Assert.Contains("another turn changed it", conflict.Message, StringComparison.Ordinal);
        Assert.Equal(2L, (await ReadState(key))["n"]);
    }

    [Theory]
    [InlineData("*")]
    [InlineData(null)]
    [InlineData("")]
    public async Task WildcardOrNoETagOverwrites(string? etag)
    {
        await _storage.WriteAsync(new Dictionary<string, object> { ["k"] = new Dictionary<string, object> { ["n"] = 1 } });
        await _storage.WriteAsync(new Dictionary<string, object> { ["k"] = new Dictionary<string, object> { ["n"] = 2 } });

        var value = new Dictionary<string, object> { ["n"] = 3 };
        if (etag is not null)
        {
            value["eTag"] = etag;
        }
        await _storage.WriteAsync(new Dictionary<string, object> { ["k"] = value });

        Assert.Equal(3L, (await ReadState("k"))["n"]);
    }

    [Fact]
    public async Task AnETagOnANewKeyIsAccepted()
    {
        // MemoryStorage's rule: with nothing stored there is nothing to conflict with.
        await _storage.WriteAsync(new Dictionary<string, object> { ["new"] = new Dictionary<string, object> { ["n"] = 1, ["eTag"] = "from-elsewhere" } });

        Assert.Equal(1L, (await ReadState("new"))["n"]);
    }

    [Fact]
    public async Task AWrittenValueCarriesItsNewETagSoASecondWriteDoesNotConflictWithTheFirst()
    {
        var state = new Dictionary<string, object> { ["n"] = 1 };
        await _storage.WriteAsync(new Dictionary<string, object> { ["k"] = state });
        state["n"] = 2;
        await _storage.WriteAsync(new Dictionary<string, object> { ["k"] = state });

        Assert.Equal(await ReadETag("k"), state["eTag"]);
        Assert.Equal(2L, (await ReadState("k"))["n"]);
    }

    [Fact]
    public async Task StoreItemPocosRoundTripWithTheirETagAndAreChecked()
    {
        var item = new Ticket { Number = 7, Subject = "Locked out" };
        await _storage.WriteAsync(new Dictionary<string, object> { ["ticket"] = item });
        var firstETag = item.ETag;

        var read = JObject.FromObject((await _storage.ReadAsync(["ticket"]))["ticket"]).ToObject<Ticket>()!;
        Assert.Equal(7, read.Number);
        Assert.Equal("Locked out", read.Subject);
        Assert.Equal(firstETag, read.ETag);

        read.Subject = "Unlocked";
        await _storage.WriteAsync(new Dictionary<string, object> { ["ticket"] = read });

        item.Subject = "Lost update";
        await Assert.ThrowsAsync<StorageConflictException>(() => _storage.WriteAsync(new Dictionary<string, object> { ["ticket"] = item }));
        var again = JObject.FromObject((await _storage.ReadAsync(["ticket"]))["ticket"]).ToObject<Ticket>()!;
        Assert.Equal("Unlocked", again.Subject);
        Assert.Equal(read.ETag, again.ETag);
    }

    [Fact]
    public async Task JObjectValuesCarryTheirETag()
    {
        var value = JObject.Parse("""{"n":1}""");
        await _storage.WriteAsync(new Dictionary<string, object> { ["k"] = value });
        var stale = (string?)value["eTag"];
        await _storage.WriteAsync(new Dictionary<string, object> { ["k"] = JObject.Parse($$"""{"n":2,"eTag":"{{stale}}"}""") });

        await Assert.ThrowsAsync<StorageConflictException>(() =>
            _storage.WriteAsync(new Dictionary<string, object> { ["k"] = JObject.Parse($$"""{"n":3,"eTag":"{{stale}}"}""") }));
        Assert.Equal(2L, (await ReadState("k"))["n"]);
    }

    [Fact]
    public async Task ABatchWithOneConflictWritesNoneOfItsKeys()
    {
        await _storage.WriteAsync(new Dictionary<string, object> { ["a"] = new Dictionary<string, object> { ["n"] = 1 } });
        var stale = await ReadETag("a");
        await _storage.WriteAsync(new Dictionary<string, object> { ["a"] = new Dictionary<string, object> { ["n"] = 2 } });

        await Assert.ThrowsAsync<StorageConflictException>(() => _storage.WriteAsync(new Dictionary<string, object>
        {
            ["b"] = new Dictionary<string, object> { ["n"] = 1 },
            ["a"] = new Dictionary<string, object> { ["n"] = 3, ["eTag"] = stale },
        }));

        Assert.False((await _storage.ReadAsync(["b"])).ContainsKey("b"));
        Assert.Equal(2L, (await ReadState("a"))["n"]);
    }

    [Fact]
    public async Task ConcurrentWritersNeverLoseAnUpdate()
    {
        const string key = "msteams/conversations/a:1Xyz|shared";
        const int writers = 8;
        const int incrementsEach = 40;
        using var start = new Barrier(writers);
        // The counter exists before the race: a first write carries no ETag and, by IStorage's contract, overwrites.
        await _storage.WriteAsync(new Dictionary<string, object> { [key] = new Dictionary<string, object> { ["count"] = 0L } });

        var tasks = Enumerable.Range(0, writers).Select(_ => Task.Factory.StartNew(() =>
        {
            start.SignalAndWait();
            for (var i = 0; i < incrementsEach; i++)
            {
                while (true)
                {
                    var state = (IDictionary<string, object>)_storage.ReadAsync([key]).GetAwaiter().GetResult()[key];
                    state["count"] = (long)state["count"] + 1;
                    try
                    {
                        _storage.WriteAsync(new Dictionary<string, object> { [key] = state }).GetAwaiter().GetResult();
                        break;
                    }
                    catch (StorageConflictException)
                    {
                        // Someone else incremented first: read again and retry.
                    }
                }
            }
        }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default)).ToArray();
        await Task.WhenAll(tasks);

        Assert.Equal((long)writers * incrementsEach, (await ReadState(key))["count"]);
    }

    [Fact]
    public async Task DeleteRemovesKeysAndMissingKeysAreLeftOutOfReads()
    {
        await _storage.WriteAsync(new Dictionary<string, object>
        {
            ["a"] = new Dictionary<string, object> { ["n"] = 1 },
            ["b"] = new Dictionary<string, object> { ["n"] = 2 },
        });

        await _storage.DeleteAsync(["a", "never-written"]);
        var items = await _storage.ReadAsync(["a", "b", "never-written"]);

        Assert.Equal(["b"], items.Keys);
    }

    [Fact]
    public async Task WritingNullRemovesTheKey()
    {
        await _storage.WriteAsync(new Dictionary<string, object> { ["k"] = new Dictionary<string, object> { ["n"] = 1 } });

        await _storage.WriteAsync(new Dictionary<string, object> { ["k"] = null! });

        Assert.Empty(await _storage.ReadAsync(["k"]));
    }

    [Fact]
    public async Task ValuesThatAreNotJsonObjectsAreRejected()
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(() => _storage.WriteAsync(new Dictionary<string, object> { ["k"] = "just text" }));

        Assert.Contains("'k'", error.Message, StringComparison.Ordinal);
    }

    public static TheoryData<string> OddKeys => new()
    {
        "directline/conversations/abc|123",
        "msteams/users/29:1AbC-dEf_gHi/with spaces and ; semicolons",
        "emulator/conversations/Ünïcödé-会话-🙂",
        "#starts-with-hash",
        "",
        new string('x', 5000),
        "msteams/conversations/" + string.Concat(Enumerable.Repeat("長い", 400)),
    };

    [Theory]
    [MemberData(nameof(OddKeys))]
    public async Task OddKeysAreStoredAndFoundExactly(string key)
    {
        await _storage.WriteAsync(new Dictionary<string, object> { [key] = new Dictionary<string, object> { ["key"] = key } });

        var items = await _storage.ReadAsync([key]);
        Assert.Equal(key, ((IDictionary<string, object>)items[key])["key"]);

        await _storage.DeleteAsync([key]);
        Assert.Empty(await _storage.ReadAsync([key]));
    }

    [Fact]
    public async Task LoneSurrogatesNeitherBreakWritesNorMergeKeys()
    {
        // Built here rather than as theory data: xunit's test discovery would turn the surrogate into U+FFFD.
        var key = "webchat/conversations/lone\uD800surrogate";
        var lookalike = "webchat/conversations/lone\uFFFDsurrogate";
        await _storage.WriteAsync(new Dictionary<string, object> { [key] = new Dictionary<string, object> { ["text"] = "bad \uDC00 text" } });
        await _storage.WriteAsync(new Dictionary<string, object> { [lookalike] = new Dictionary<string, object> { ["text"] = "other" } });

        var items = await _storage.ReadAsync([key, lookalike]);

        Assert.Equal("bad \uFFFD text", ((IDictionary<string, object>)items[key])["text"]);
        Assert.Equal("other", ((IDictionary<string, object>)items[lookalike])["text"]);
    }

    [Fact]
    public async Task KeysDifferingOnlyByCaseAreDifferentDocuments()
    {
        string[] keys = ["test/conversations/Abc", "test/conversations/abc", "test/conversations/ABC"];
        foreach (var key in keys)
        {
            await _storage.WriteAsync(new Dictionary<string, object> { [key] = new Dictionary<string, object> { ["key"] = key } });
        }

        var items = await _storage.ReadAsync(keys);

        Assert.All(keys, key => Assert.Equal(key, ((IDictionary<string, object>)items[key])["key"]));
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

    private async Task<IDictionary<string, object>> ReadState(string key) =>
        (IDictionary<string, object>)(await _storage.ReadAsync([key]))[key];

    private async Task<string> ReadETag(string key) => (string)(await ReadState(key))["eTag"];

    public sealed class Profile
    {
        public string? Name { get; set; }
        public DateTimeOffset Seen { get; set; }
        public List<string> Tags { get; set; } = [];
    }

    public sealed class Ticket : IStoreItem
    {
        public int Number { get; set; }
        public string? Subject { get; set; }
        public string? ETag { get; set; }
    }
}
