using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using LiteDB;
using Microsoft.Bot.Builder;

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
    public const string ETagKey = StateDocument.ETagKey;

    private const string JsonField = "json";
    private const string ETagField = "etag";
    private const string KeyField = "key";
    private const char HashedIdPrefix = '#';

    /// <summary>The first member of a state document whose other members include raw JSON text: their names.</summary>
    internal const string RawMembersKey = StateDocument.RawMembersKey;
    private const int MaxDirectIdBytes = 512;

    /// <summary>
    /// How many documents the cache holds at most. A state document is about 5 KB of text (10 KB in memory): 2,000 cost
    /// about 20 MiB of the 300 MiB budget with 10,000 stored conversations (docs/benchmarks.md) for lookups of some 20 µs.
    /// </summary>
    public const int MaxCachedDocuments = 500;

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
                var value = StateDocument.Deserialize(cached.Json);
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
                : new PendingWrite(key, DocumentId(key), value, StateDocument.Serialize(key, value), StateDocument.IncomingETag(value), StateDocument.NewETag()));
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
                StateDocument.PutETag(write.Value, write.NewETag!);
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
            && StateDocument.IsWellFormedUtf16(key)
            && Encoding.UTF8.GetByteCount(key) <= MaxDirectIdBytes)
        {
            return key;
        }
        return HashedDocumentId(key);
    }

    /// <summary>The hashed id of a key: <c>#</c> and the SHA-256 of its UTF-16 code units (not UTF-8, which would turn every lone surrogate into U+FFFD).</summary>
    internal static string HashedDocumentId(string key) =>
        HashedIdPrefix + Convert.ToHexStringLower(SHA256.HashData(MemoryMarshal.AsBytes(key.AsSpan())));

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
        StateDocument.IsWellFormedUtf16(key) ? new BsonValue(key) : new BsonValue(MemoryMarshal.AsBytes(key.AsSpan()).ToArray());

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

    private sealed record CachedDocument(string Key, string Json, string ETag);

    private sealed record PendingWrite(string Key, string Id, object? Value, string? Json, string? ExpectedETag, string? NewETag);
}
