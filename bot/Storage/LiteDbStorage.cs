using System.Globalization;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using LiteDB;
using Microsoft.Bot.Builder;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using JsonSerializer = Newtonsoft.Json.JsonSerializer;

namespace HelpBot.Bot.Storage;

/// <summary>
/// Bot Framework <see cref="IStorage"/> over one collection of the shared <see cref="HelpBotDatabase"/>: one document
/// per storage key, the value kept as a JSON string written by Newtonsoft (the SDK's serializer), with an ETag per
/// document for optimistic concurrency.
/// </summary>
/// <remarks>
/// <para><b>Shape read back.</b> MemoryStorage (4.23.1) stores type names (<c>TypeNameHandling.All</c>) so reads return
/// the original CLR types. We never store type names (a stored <c>$type</c> is a deserialization attack surface), so
/// every value reads back as a <see cref="Dictionary{TKey,TValue}"/> of string to object whose members are JObject,
/// JArray or primitives: exactly what BotState builds from a JObject, and what its property accessors turn back into
/// the declared type with <c>ToObject&lt;T&gt;()</c>. A caller that wrote an <see cref="IStoreItem"/> POCO gets it
/// back with <c>JObject.FromObject(value).ToObject&lt;T&gt;()</c>; the ETag lands in its <c>ETag</c> property.
/// Strings are never reinterpreted as dates (<c>DateParseHandling.None</c>): text stays the text that was written.</para>
/// <para><b>ETags.</b> Every write stores a new ETag and every read returns it under the <c>eTag</c> key, which BotState
/// keeps in its cached dictionary and so sends back on save. A write whose value carries an ETag
/// (<see cref="IStoreItem.ETag"/>, or an <c>eTag</c>/<c>ETag</c> member of a dictionary or JObject) different from the
/// stored one throws <see cref="StorageConflictException"/>; <c>*</c> or no ETag overwrites, and so does any ETag when
/// nothing is stored (MemoryStorage's rule). After a successful write the new ETag is put back into the value
/// written, so a second save in the same turn does not conflict with the first.</para>
/// <para><b>Atomicity.</b> The compare and the write happen under <see cref="HelpBotDatabase.WriteGateFor"/> (threads of
/// this process) inside one LiteDB transaction (all keys of a batch or none; in Shared mode the transaction also holds
/// LiteDB's cross-process mutex). A LiteDB transaction alone is not enough: its read is a snapshot taken before the
/// collection's write lock, so two writers could both pass the compare. Serialization happens before the gate.</para>
/// <para><b>Cache.</b> The JSON and ETag of recently read or written documents are kept in memory (at most
/// <see cref="MaxCachedDocuments"/>; when full, the cache starts again empty), so a turn's load and its save's ETag check
/// do not each run a LiteDB query: this instance is the only writer of its collection in the process (the database is
/// opened <c>Direct</c>, exclusively; a file opened <c>Shared</c>, which other processes may write, is read every time). Every change to the cache happens under the collection's write gate, after the
/// LiteDB transaction committed; a read that misses looks up LiteDB under the same gate, so it can never put back an
/// older document over a newer one. Values are still deserialized afresh for every read: callers never share objects.</para>
/// <para><b>Keys.</b> A key is the document <c>_id</c> (the primary index) when it is at most 512 UTF-8 bytes of
/// well-formed text not starting with <c>#</c>; any other key (too long for a LiteDB index key, a lone surrogate,
/// empty, or starting with <c>#</c>) is stored under <c>#</c> + its SHA-256 with the full key beside it, checked on read.
/// Such a key is kept exactly (as code units in the key field); inside a value a lone surrogate reads back as U+FFFD,
/// as Newtonsoft reads it, instead of making LiteDB refuse the write.</para>
/// </remarks>
public sealed class LiteDbStorage : IStorage
{
    public const string CollectionName = "botstate";

    /// <summary>The member that carries the ETag in values read and written (MemoryStorage's name).</summary>
    public const string ETagKey = "eTag";

    private const string PocoETagKey = "ETag";
    private const string JsonField = "json";
    private const string ETagField = "etag";
    private const string KeyField = "key";
    private const char HashedIdPrefix = '#';

    /// <summary>The first member of a state document whose other members include raw JSON text: their names.</summary>
    internal const string RawMembersKey = "$raw";
    private const string RawMembersPrefix = "{\"" + RawMembersKey + "\":";
    private const int MaxDirectIdBytes = 512;

    /// <summary>How many documents the cache holds at most (a state document is a few kilobytes).</summary>
    public const int MaxCachedDocuments = 2_000;

    private static readonly JsonSerializer Serializer = JsonSerializer.Create(new JsonSerializerSettings
    {
        TypeNameHandling = TypeNameHandling.None,
        // "$type", "$id" and "$ref" in stored data are plain members, never instructions.
        MetadataPropertyHandling = MetadataPropertyHandling.Ignore,
        ReferenceLoopHandling = ReferenceLoopHandling.Error,
        DateParseHandling = DateParseHandling.None,
        // As BotState and MemoryStorage: dialog state can nest deeper than Newtonsoft's default of 64.
        MaxDepth = null,
    });

    private readonly HelpBotDatabase _database;
    private readonly SemaphoreSlim _gate;

    /// <summary>Only while this process alone writes the file (<see cref="ConnectionType.Direct"/>); shared, every read asks the file.</summary>
    private readonly bool _cacheEnabled;
    private readonly ILiteCollection<BsonDocument> _collection;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, CachedDocument> _cache = new(StringComparer.Ordinal);

    public LiteDbStorage(HelpBotDatabase database, string collectionName = CollectionName)
    {
        ArgumentNullException.ThrowIfNull(database);
        _database = database;
        CollectionNameInUse = collectionName;
        _gate = database.WriteGateFor(collectionName);
        _cacheEnabled = database.Connection == ConnectionType.Direct;
        _collection = database.GetCollection(collectionName);
    }

    public string CollectionNameInUse { get; }

    public async Task<IDictionary<string, object>> ReadAsync(string[] keys, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(keys);
        cancellationToken.ThrowIfCancellationRequested();
        var items = new Dictionary<string, object>(keys.Length, StringComparer.Ordinal);
        foreach (var key in keys)
        {
            if ((FromCache(key) ?? await LoadAsync(key, cancellationToken).ConfigureAwait(false)) is { } cached)
            {
                var value = Deserialize(cached.Json);
                value[ETagKey] = cached.ETag;
                items[key] = value;
            }
        }
        return items;
    }

    public async Task WriteAsync(IDictionary<string, object> changes, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(changes);
        cancellationToken.ThrowIfCancellationRequested();
        if (changes.Count == 0)
        {
            return;
        }

        var pending = new List<PendingWrite>(changes.Count);
        foreach (var (key, value) in changes)
        {
            ArgumentNullException.ThrowIfNull(key, nameof(changes));
            pending.Add(value is null
                ? new PendingWrite(key, DocumentId(key), null, null, null, null)
                : new PendingWrite(key, DocumentId(key), value, Serialize(key, value), IncomingETag(value), NewETag()));
        }

        await EnterAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var owned = InTransaction(() =>
            {
                // Whether each document exists, where the ETag check already had to look (saves Upsert's own lookup).
                var exists = new bool?[pending.Count];
                for (var i = 0; i < pending.Count; i++)
                {
                    var write = pending[i];
                    if (write.ExpectedETag is { Length: > 0 } expected && expected != "*")
                    {
                        if (_cacheEnabled && _cache.TryGetValue(write.Id, out var cached) && cached.Key == write.Key)
                        {
                            exists[i] = true;
                            if (cached.ETag != expected)
                            {
                                throw new StorageConflictException(write.Key, expected, cached.ETag);
                            }
                            continue;
                        }
                        var stored = _collection.FindById(write.Id);
                        exists[i] = stored is not null;
                        if (stored is not null && IsDocumentFor(stored, write.Key) && stored[ETagField].AsString != expected)
                        {
                            throw new StorageConflictException(write.Key, expected, stored[ETagField].AsString);
                        }
                    }
                }
                for (var i = 0; i < pending.Count; i++)
                {
                    var write = pending[i];
                    if (write.Json is null)
                    {
                        // As MemoryStorage: a null value is not stored, so reads leave the key out.
                        _collection.Delete(write.Id);
                        continue;
                    }
                    var document = new BsonDocument
                    {
                        ["_id"] = write.Id,
                        [ETagField] = write.NewETag,
                        [JsonField] = write.Json,
                    };
                    if (write.Id.Length > 0 && write.Id[0] == HashedIdPrefix)
                    {
                        document[KeyField] = StoredKey(write.Key);
                    }
                    switch (exists[i])
                    {
                        case true: _collection.Update(document); break;
                        case false: _collection.Insert(document); break;
                        default: _collection.Upsert(document); break;
                    }
                }
            });
            foreach (var write in pending)
            {
                // In a transaction the caller owns, the write may still be rolled back: only forget.
                if (write.Json is null || !owned)
                {
                    _cache.TryRemove(write.Id, out _);
                }
                else
                {
                    Remember(write.Id, new CachedDocument(write.Key, write.Json, write.NewETag!));
                }
            }
        }
        finally
        {
            _gate.Release();
        }

        foreach (var write in pending)
        {
            if (write.Value is not null)
            {
                PutETag(write.Value, write.NewETag!);
            }
        }
    }

    public async Task DeleteAsync(string[] keys, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(keys);
        cancellationToken.ThrowIfCancellationRequested();
        var ids = keys.Select(DocumentId).ToArray();
        await EnterAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            InTransaction(() =>
            {
                foreach (var id in ids)
                {
                    _collection.Delete(id);
                }
            });
            foreach (var id in ids)
            {
                _cache.TryRemove(id, out _);
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>The document <c>_id</c> for a storage key (see the remarks on keys).</summary>
    internal static string DocumentId(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (key.Length is > 0 and <= MaxDirectIdBytes
            && key[0] != HashedIdPrefix
            && IsWellFormedUtf16(key)
            && Encoding.UTF8.GetByteCount(key) <= MaxDirectIdBytes)
        {
            return key;
        }
        // Hash the UTF-16 code units, not UTF-8: that encoding would turn every lone surrogate into U+FFFD.
        return HashedIdPrefix + Convert.ToHexStringLower(SHA256.HashData(MemoryMarshal.AsBytes(key.AsSpan())));
    }

    /// <summary>The stored JSON and ETag for a key: from the cache, or from LiteDB (then cached) under the write lock.</summary>
    private CachedDocument? FromCache(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return _cacheEnabled && _cache.TryGetValue(DocumentId(key), out var cached) && cached.Key == key ? cached : null;
    }

    private async Task<CachedDocument?> LoadAsync(string key, CancellationToken cancellationToken)
    {
        var id = DocumentId(key);
        await EnterAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_cacheEnabled && _cache.TryGetValue(id, out var cached) && cached.Key == key)
            {
                return cached;
            }
            var document = _collection.FindById(id);
            if (document is null || !IsDocumentFor(document, key))
            {
                return null;
            }
            cached = new CachedDocument(key, document[JsonField].AsString, document[ETagField].AsString);
            // Not while the calling thread is inside its own transaction: what it reads may yet be rolled back.
            if (_database.Database.BeginTrans())
            {
                _database.Database.Rollback();
                Remember(id, cached);
            }
            return cached;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// Takes the collection's write gate: at once when it is free (the thread, and any LiteDB transaction it has open,
    /// stay the same), else waiting asynchronously. A <c>lock</c> here spun on the CPU under load: with 20 users, writers
    /// spent much of their time spinning instead of writing.
    /// </summary>
    /// <remarks>
    /// A LiteDB transaction belongs to its thread. A caller that opened one and then writes must stay on that thread,
    /// or the write would commit on its own elsewhere: then the wait blocks the thread instead.
    /// </remarks>
    private Task EnterAsync(CancellationToken cancellationToken)
    {
        if (_gate.Wait(0, CancellationToken.None))
        {
            return Task.CompletedTask;
        }
        if (!_database.Database.BeginTrans())
        {
            _gate.Wait(cancellationToken);
            return Task.CompletedTask;
        }
        _database.Database.Rollback();
        return _gate.WaitAsync(cancellationToken);
    }

    private void Remember(string id, CachedDocument document)
    {
        if (!_cacheEnabled)
        {
            return;
        }
        if (_cache.Count >= MaxCachedDocuments && !_cache.ContainsKey(id))
        {
            _cache.Clear();
        }
        _cache[id] = document;
    }

    private static bool IsDocumentFor(BsonDocument document, string key)
    {
        var id = document["_id"].AsString;
        return id.Length == 0 || id[0] != HashedIdPrefix || document[KeyField] == StoredKey(key);
    }

    /// <summary>The full key beside a hashed id: as text, or as UTF-16 code units when LiteDB cannot store it as text.</summary>
    private static BsonValue StoredKey(string key) =>
        IsWellFormedUtf16(key) ? new BsonValue(key) : new BsonValue(MemoryMarshal.AsBytes(key.AsSpan()).ToArray());

    /// <returns>Whether this call owned (and so committed) the transaction.</returns>
    private bool InTransaction(Action work)
    {
        // LiteDB transactions belong to the calling thread; everything here is synchronous, so begin and end meet.
        // BeginTrans is false when the thread already has one open: then it is the caller's to commit or roll back.
        var owned = _database.Database.BeginTrans();
        try
        {
            work();
            if (owned)
            {
                _database.Database.Commit();
            }
            return owned;
        }
        catch
        {
            if (owned)
            {
                _database.Database.Rollback();
            }
            throw;
        }
    }

    private static string Serialize(string key, object value)
    {
        var json = Serialize(key, value, StringEscapeHandling.Default);
        // LiteDB stores text as strict UTF-8 and throws on a lone surrogate (a channel can send one as "\ud800"), which
        // would break every later turn of that conversation. Escaped, the write succeeds (Newtonsoft reads the escape
        // back as U+FFFD). Only this rare case pays for the second pass.
        return IsWellFormedUtf16(json) ? json : Serialize(key, value, StringEscapeHandling.EscapeNonAscii);
    }

    private static string Serialize(string key, object value, StringEscapeHandling escaping)
    {
        var builder = new StringBuilder(256);
        using (var writer = new JsonTextWriter(new StringWriter(builder, CultureInfo.InvariantCulture)) { StringEscapeHandling = escaping })
        {
            switch (value)
            {
                case IStoreItem:
                    Serializer.Serialize(writer, value);
                    break;
                case IDictionary<string, object> dictionary:
                    // BotState's dictionary, written member by member so the stale eTag it carries is left out.
                    writer.WriteStartObject();
                    // Members given as raw JSON text (JRaw, our dialog stack and handoff memory) are named first, so a
                    // read hands them back as text without parsing them (see Deserialize).
                    var raw = dictionary.Where(m => m.Value is JRaw && !IsETagName(m.Key)).Select(m => m.Key).ToList();
                    if (raw.Count > 0)
                    {
                        writer.WritePropertyName(RawMembersKey);
                        Serializer.Serialize(writer, raw);
                    }
                    foreach (var (name, member) in dictionary)
                    {
                        if (!IsETagName(name))
                        {
                            writer.WritePropertyName(name);
                            Serializer.Serialize(writer, member);
                        }
                    }
                    writer.WriteEndObject();
                    break;
                case JObject jObject:
                    writer.WriteStartObject();
                    foreach (var property in jObject.Properties())
                    {
                        if (!IsETagName(property.Name))
                        {
                            property.WriteTo(writer);
                        }
                    }
                    writer.WriteEndObject();
                    break;
                default:
                    Serializer.Serialize(writer, value);
                    break;
            }
        }
        if (builder.Length == 0 || builder[0] != '{')
        {
            throw new ArgumentException(
                $"The value for storage key '{key}' is a {value.GetType().Name}, which is not written as a JSON object; storage values must be objects (a dictionary, a JObject or a class).",
                nameof(value));
        }
        return builder.ToString();
    }

    private static Dictionary<string, object> Deserialize(string json)
    {
        if (json.StartsWith(RawMembersPrefix, StringComparison.Ordinal) && DeserializeWithRawMembers(json) is { } fast)
        {
            return fast;
        }
        using var reader = new JsonTextReader(new StringReader(json));
        var value = Serializer.Deserialize<Dictionary<string, object>>(reader)
            ?? throw new InvalidDataException("A stored bot state document holds JSON null instead of an object.");
        // A POCO's own ETag property was serialized with the stale value; the stored ETag replaces it.
        value.Remove(PocoETagKey);
        value.Remove(RawMembersKey);
        return value;
    }

    /// <summary>
    /// A document that names raw members (<see cref="RawMembersKey"/>): those come back as <see cref="JRaw"/> holding
    /// their JSON text, as they were written, unparsed (BotState's hash and the next write copy it as it is); every
    /// other member is read by Newtonsoft exactly as <see cref="Deserialize"/> reads it. Null when the text is one
    /// System.Text.Json will not split (e.g. a lone surrogate in a member name): then the plain path reads it all.
    /// </summary>
    private static Dictionary<string, object>? DeserializeWithRawMembers(string json)
    {
        try
        {
            using var document = System.Text.Json.JsonDocument.Parse(json, new System.Text.Json.JsonDocumentOptions { MaxDepth = 10_000 });
            var members = document.RootElement.EnumerateObject();
            if (!members.MoveNext() || !members.Current.NameEquals(RawMembersKey) || members.Current.Value.ValueKind != System.Text.Json.JsonValueKind.Array)
            {
                return null;
            }
            var raw = members.Current.Value.EnumerateArray().Select(e => e.GetString()).ToHashSet(StringComparer.Ordinal);
            var value = new Dictionary<string, object>(StringComparer.Ordinal);
            while (members.MoveNext())
            {
                var member = members.Current;
                var name = member.Name;
                if (string.Equals(name, PocoETagKey, StringComparison.Ordinal))
                {
                    continue;
                }
                var text = member.Value.GetRawText();
                value[name] = raw.Contains(name) ? new JRaw(text) : ReadMember(text);
            }
            return value;
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or InvalidOperationException)
        {
            return null;
        }
    }

    private static object ReadMember(string json)
    {
        using var reader = new JsonTextReader(new StringReader(json));
        return Serializer.Deserialize<object>(reader)!;
    }

    private static string? IncomingETag(object value) => value switch
    {
        IStoreItem item => item.ETag,
        IDictionary<string, object> dictionary => dictionary.TryGetValue(ETagKey, out var etag) || dictionary.TryGetValue(PocoETagKey, out etag)
            ? AsETag(etag)
            : null,
        JObject jObject => AsETag(jObject[ETagKey] ?? jObject[PocoETagKey]),
        _ => null,
    };

    private static string? AsETag(object? etag) => etag switch
    {
        null => null,
        string text => text,
        JValue { Value: var inner } => Convert.ToString(inner, CultureInfo.InvariantCulture),
        _ => Convert.ToString(etag, CultureInfo.InvariantCulture),
    };

    private static void PutETag(object value, string etag)
    {
        switch (value)
        {
            case IStoreItem item:
                item.ETag = etag;
                break;
            case IDictionary<string, object> { IsReadOnly: false } dictionary:
                dictionary.Remove(PocoETagKey);
                dictionary[ETagKey] = etag;
                break;
            case JObject jObject:
                jObject.Remove(PocoETagKey);
                jObject[ETagKey] = etag;
                break;
        }
    }

    private static bool IsETagName(string name) =>
        string.Equals(name, ETagKey, StringComparison.Ordinal) || string.Equals(name, PocoETagKey, StringComparison.Ordinal);

    private static string NewETag() => Guid.NewGuid().ToString("N");

    private static bool IsWellFormedUtf16(string text)
    {
        var span = text.AsSpan();
        if (!span.ContainsAnyInRange('\uD800', '\uDFFF'))
        {
            return true;
        }
        for (var i = 0; i < span.Length; i++)
        {
            if (char.IsHighSurrogate(span[i]) && i + 1 < span.Length && char.IsLowSurrogate(span[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(span[i]))
            {
                return false;
            }
        }
        return true;
    }

    private sealed record CachedDocument(string Key, string Json, string ETag);

    private sealed record PendingWrite(string Key, string Id, object? Value, string? Json, string? ExpectedETag, string? NewETag);
}
