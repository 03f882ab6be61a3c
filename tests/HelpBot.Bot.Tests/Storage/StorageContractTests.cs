using HelpBot.Bot.Storage;
using Microsoft.Bot.Builder;
using Newtonsoft.Json.Linq;

namespace HelpBot.Bot.Tests.Storage;

/// <summary>
/// What every engine behind the bot state's <see cref="IStorage"/> must do, the same on each: the value's shape read back,
/// ETags and conflicts, batches, deletes, odd keys. Each engine runs these through a class of its own
/// (<see cref="LiteDbStorageTests"/>, <see cref="PostgresStorageTests"/>); a third engine is one more such class.
/// </summary>
public abstract class StorageContractTests
{
    /// <summary>The storage under test (fresh and empty for each test).</summary>
    protected abstract IStorage Storage { get; }

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

        await Storage.WriteAsync(new Dictionary<string, object> { ["k"] = state });
        var read = (IDictionary<string, object>)(await Storage.ReadAsync(["k"]))["k"];

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
    public async Task EveryWriteStoresANewETagThatReadsReturn()
    {
        await Storage.WriteAsync(new Dictionary<string, object> { ["k"] = new Dictionary<string, object> { ["n"] = 1 } });
        var first = await ReadETag("k");
        await Storage.WriteAsync(new Dictionary<string, object> { ["k"] = new Dictionary<string, object> { ["n"] = 2, ["eTag"] = first } });
        var second = await ReadETag("k");

        Assert.False(string.IsNullOrEmpty(first));
        Assert.NotEqual(first, second);
    }

    [Fact]
    public async Task WriteWithAStaleETagFailsWithAConflictNamingTheKeyAndWritesNothing()
    {
        const string key = "directline/conversations/abc|123";
        await Storage.WriteAsync(new Dictionary<string, object> { [key] = new Dictionary<string, object> { ["n"] = 1 } });
        var stale = await ReadETag(key);
        await Storage.WriteAsync(new Dictionary<string, object> { [key] = new Dictionary<string, object> { ["n"] = 2, ["eTag"] = stale } });

        var conflict = await Assert.ThrowsAsync<StorageConflictException>(() =>
            Storage.WriteAsync(new Dictionary<string, object> { [key] = new Dictionary<string, object> { ["n"] = 3, ["eTag"] = stale } }));

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
        await Storage.WriteAsync(new Dictionary<string, object> { ["k"] = new Dictionary<string, object> { ["n"] = 1 } });
        await Storage.WriteAsync(new Dictionary<string, object> { ["k"] = new Dictionary<string, object> { ["n"] = 2 } });

        var value = new Dictionary<string, object> { ["n"] = 3 };
        if (etag is not null)
        {
            value["eTag"] = etag;
        }
        await Storage.WriteAsync(new Dictionary<string, object> { ["k"] = value });

        Assert.Equal(3L, (await ReadState("k"))["n"]);
    }

    [Fact]
    public async Task AnETagOnANewKeyIsAccepted()
    {
        // MemoryStorage's rule: with nothing stored there is nothing to conflict with.
        await Storage.WriteAsync(new Dictionary<string, object> { ["new"] = new Dictionary<string, object> { ["n"] = 1, ["eTag"] = "from-elsewhere" } });

        Assert.Equal(1L, (await ReadState("new"))["n"]);
    }

    [Fact]
    public async Task AWrittenValueCarriesItsNewETagSoASecondWriteDoesNotConflictWithTheFirst()
    {
        var state = new Dictionary<string, object> { ["n"] = 1 };
        await Storage.WriteAsync(new Dictionary<string, object> { ["k"] = state });
        state["n"] = 2;
        await Storage.WriteAsync(new Dictionary<string, object> { ["k"] = state });

        Assert.Equal(await ReadETag("k"), state["eTag"]);
        Assert.Equal(2L, (await ReadState("k"))["n"]);
    }

    [Fact]
    public async Task StoreItemPocosRoundTripWithTheirETagAndAreChecked()
    {
        var item = new Ticket { Number = 7, Subject = "Locked out" };
        await Storage.WriteAsync(new Dictionary<string, object> { ["ticket"] = item });
        var firstETag = item.ETag;

        var read = JObject.FromObject((await Storage.ReadAsync(["ticket"]))["ticket"]).ToObject<Ticket>()!;
        Assert.Equal(7, read.Number);
        Assert.Equal("Locked out", read.Subject);
        Assert.Equal(firstETag, read.ETag);

        read.Subject = "Unlocked";
        await Storage.WriteAsync(new Dictionary<string, object> { ["ticket"] = read });

        item.Subject = "Lost update";
        await Assert.ThrowsAsync<StorageConflictException>(() => Storage.WriteAsync(new Dictionary<string, object> { ["ticket"] = item }));
        var again = JObject.FromObject((await Storage.ReadAsync(["ticket"]))["ticket"]).ToObject<Ticket>()!;
        Assert.Equal("Unlocked", again.Subject);
        Assert.Equal(read.ETag, again.ETag);
    }

    [Fact]
    public async Task JObjectValuesCarryTheirETag()
    {
        var value = JObject.Parse("""{"n":1}""");
        await Storage.WriteAsync(new Dictionary<string, object> { ["k"] = value });
        var stale = (string?)value["eTag"];
        await Storage.WriteAsync(new Dictionary<string, object> { ["k"] = JObject.Parse($$"""{"n":2,"eTag":"{{stale}}"}""") });

        await Assert.ThrowsAsync<StorageConflictException>(() =>
            Storage.WriteAsync(new Dictionary<string, object> { ["k"] = JObject.Parse($$"""{"n":3,"eTag":"{{stale}}"}""") }));
        Assert.Equal(2L, (await ReadState("k"))["n"]);
    }

    [Fact]
    public async Task ABatchWithOneConflictWritesNoneOfItsKeys()
    {
        await Storage.WriteAsync(new Dictionary<string, object> { ["a"] = new Dictionary<string, object> { ["n"] = 1 } });
        var stale = await ReadETag("a");
        await Storage.WriteAsync(new Dictionary<string, object> { ["a"] = new Dictionary<string, object> { ["n"] = 2 } });

        await Assert.ThrowsAsync<StorageConflictException>(() => Storage.WriteAsync(new Dictionary<string, object>
        {
            ["b"] = new Dictionary<string, object> { ["n"] = 1 },
            ["a"] = new Dictionary<string, object> { ["n"] = 3, ["eTag"] = stale },
        }));

        Assert.False((await Storage.ReadAsync(["b"])).ContainsKey("b"));
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
        await Storage.WriteAsync(new Dictionary<string, object> { [key] = new Dictionary<string, object> { ["count"] = 0L } });

        var tasks = Enumerable.Range(0, writers).Select(_ => Task.Factory.StartNew(() =>
        {
            start.SignalAndWait();
            for (var i = 0; i < incrementsEach; i++)
            {
                while (true)
                {
                    var state = (IDictionary<string, object>)Storage.ReadAsync([key]).GetAwaiter().GetResult()[key];
                    state["count"] = (long)state["count"] + 1;
                    try
                    {
                        Storage.WriteAsync(new Dictionary<string, object> { [key] = state }).GetAwaiter().GetResult();
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
        await Storage.WriteAsync(new Dictionary<string, object>
        {
            ["a"] = new Dictionary<string, object> { ["n"] = 1 },
            ["b"] = new Dictionary<string, object> { ["n"] = 2 },
        });

        await Storage.DeleteAsync(["a", "never-written"]);
        var items = await Storage.ReadAsync(["a", "b", "never-written"]);

        Assert.Equal(["b"], items.Keys);
    }

    [Fact]
    public async Task WritingNullRemovesTheKey()
    {
        await Storage.WriteAsync(new Dictionary<string, object> { ["k"] = new Dictionary<string, object> { ["n"] = 1 } });

        await Storage.WriteAsync(new Dictionary<string, object> { ["k"] = null! });

        Assert.Empty(await Storage.ReadAsync(["k"]));
    }

    [Fact]
    public async Task ValuesThatAreNotJsonObjectsAreRejected()
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(() => Storage.WriteAsync(new Dictionary<string, object> { ["k"] = "just text" }));

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
        await Storage.WriteAsync(new Dictionary<string, object> { [key] = new Dictionary<string, object> { ["key"] = key } });

        var items = await Storage.ReadAsync([key]);
        Assert.Equal(key, ((IDictionary<string, object>)items[key])["key"]);

        await Storage.DeleteAsync([key]);
        Assert.Empty(await Storage.ReadAsync([key]));
    }

    [Fact]
    public async Task LoneSurrogatesNeitherBreakWritesNorMergeKeys()
    {
        // Built here rather than as theory data: xunit's test discovery would turn the surrogate into U+FFFD.
        var key = "webchat/conversations/lone\uD800surrogate";
        var lookalike = "webchat/conversations/lone\uFFFDsurrogate";
        await Storage.WriteAsync(new Dictionary<string, object> { [key] = new Dictionary<string, object> { ["text"] = "bad \uDC00 text" } });
        await Storage.WriteAsync(new Dictionary<string, object> { [lookalike] = new Dictionary<string, object> { ["text"] = "other" } });

        var items = await Storage.ReadAsync([key, lookalike]);

        Assert.Equal("bad \uFFFD text", ((IDictionary<string, object>)items[key])["text"]);
        Assert.Equal("other", ((IDictionary<string, object>)items[lookalike])["text"]);
    }

    [Fact]
    public async Task KeysDifferingOnlyByCaseAreDifferentDocuments()
    {
        string[] keys = ["test/conversations/Abc", "test/conversations/abc", "test/conversations/ABC"];
        foreach (var key in keys)
        {
            await Storage.WriteAsync(new Dictionary<string, object> { [key] = new Dictionary<string, object> { ["key"] = key } });
        }

        var items = await Storage.ReadAsync(keys);

        Assert.All(keys, key => Assert.Equal(key, ((IDictionary<string, object>)items[key])["key"]));
    }

    protected async Task<IDictionary<string, object>> ReadState(string key) =>
        (IDictionary<string, object>)(await Storage.ReadAsync([key]))[key];

    protected async Task<string> ReadETag(string key) => (string)(await ReadState(key))["eTag"];

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
