using Microsoft.Bot.Builder;
using Npgsql;
using NpgsqlTypes;

namespace HelpBot.Bot.Storage.Postgres;

/// <summary>
/// Bot Framework <see cref="IStorage"/> on PostgreSQL, for several HelpBot instances sharing one database: table
/// <c>botstate</c>, one row per storage key, the value as the same JSON text <see cref="LiteDbStorage"/> stores
/// (<see cref="StateDocument"/>), and an ETag per row for optimistic concurrency with the same rules: a write carrying an
/// ETag other than the stored one throws <see cref="StorageConflictException"/> and writes nothing of its batch; <c>*</c>
/// or no ETag overwrites; any ETag is accepted when nothing is stored.
/// </summary>
/// <remarks>
/// The compare and the write are one statement (<c>INSERT … ON CONFLICT DO UPDATE … WHERE etag = @expected</c>), which
/// locks the row, so two instances writing the same conversation can never both succeed. A batch of several writes is one transaction.
/// Keys that PostgreSQL text cannot hold exactly (a lone surrogate, a NUL) or that are too long for an index are stored
/// under a hash, with the key's UTF-16 code units beside it, checked on read (as LiteDB's store does).
/// </remarks>
public sealed class PostgresStorage(NpgsqlDataSource dataSource) : IStorage
{
    public const string TableName = "botstate";

    public async Task<IDictionary<string, object>> ReadAsync(string[] keys, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(keys);
        var items = new Dictionary<string, object>(keys.Length, StringComparer.Ordinal);
        if (keys.Length == 0)
        {
            return items;
        }
        var byId = keys.Distinct(StringComparer.Ordinal).ToDictionary(RowId, k => k, StringComparer.Ordinal);
        await using var command = dataSource.CreateCommand($"SELECT id, key, json, etag FROM {TableName} WHERE id = ANY(@ids)");
        command.Parameters.Add(new NpgsqlParameter<string[]>("ids", [.. byId.Keys]));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var key = byId[reader.GetString(0)];
            if (!reader.IsDBNull(1) && !KeyBytes(key).AsSpan().SequenceEqual((byte[])reader[1]))
            {
                continue; // a hash collision: not this key's row
            }
            var value = StateDocument.Deserialize(reader.GetString(2));
            value[StateDocument.ETagKey] = reader.GetString(3);
            items[key] = value;
        }
        return items;
    }

    public async Task WriteAsync(IDictionary<string, object> changes, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(changes);
        if (changes.Count == 0)
        {
            return;
        }
        var pending = changes.Select(change =>
        {
            ArgumentNullException.ThrowIfNull(change.Key, nameof(changes));
            return change.Value is null
                ? new PendingWrite(change.Key, null, null, null, null)
                : new PendingWrite(change.Key, change.Value, StateDocument.Serialize(change.Key, change.Value), StateDocument.IncomingETag(change.Value), StateDocument.NewETag());
        }).ToList();

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        // A batch of several is one transaction; one write is one statement, atomic by itself (no BEGIN and COMMIT).
        await using var transaction = pending.Count > 1 ? await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false) : null;
        foreach (var write in pending)
        {
            var id = RowId(write.Key);
            if (write.Json is null)
            {
                await using var delete = new NpgsqlCommand($"DELETE FROM {TableName} WHERE id = @id", connection, transaction);
                delete.Parameters.AddWithValue("id", id);
                await delete.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                continue;
            }
            var checkETag = write.ExpectedETag is { Length: > 0 } expected && expected != "*";
            await using var upsert = new NpgsqlCommand(
                $"""
                INSERT INTO {TableName} (id, key, json, etag, updated_at) VALUES (@id, @key, @json, @etag, now())
                ON CONFLICT (id) DO UPDATE SET key = EXCLUDED.key, json = EXCLUDED.json, etag = EXCLUDED.etag, updated_at = now()
                {(checkETag ? $"WHERE {TableName}.etag = @expected" : string.Empty)}
                RETURNING 1
                """, connection, transaction);
            upsert.Parameters.AddWithValue("id", id);
            upsert.Parameters.Add(new NpgsqlParameter("key", NpgsqlDbType.Bytea) { Value = IsHashed(id) ? KeyBytes(write.Key) : DBNull.Value });
            upsert.Parameters.AddWithValue("json", write.Json);
            upsert.Parameters.AddWithValue("etag", write.NewETag!);
            if (checkETag)
            {
                upsert.Parameters.AddWithValue("expected", write.ExpectedETag!);
            }
            if (await upsert.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is null)
            {
                // The row exists with another ETag: someone else wrote it since this value was read.
                await using var current = new NpgsqlCommand($"SELECT etag FROM {TableName} WHERE id = @id", connection, transaction);
                current.Parameters.AddWithValue("id", id);
                var stored = await current.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) as string;
                if (transaction is not null)
                {
                    await transaction.RollbackAsync(cancellationToken).ConfigureAwait(false);
                }
                throw new StorageConflictException(write.Key, write.ExpectedETag!, stored);
            }
        }
        if (transaction is not null)
        {
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
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
        await using var command = dataSource.CreateCommand($"DELETE FROM {TableName} WHERE id = ANY(@ids)");
        command.Parameters.Add(new NpgsqlParameter<string[]>("ids", [.. keys.Select(RowId)]));
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The row id: the key itself, or a hash of it (see the remarks).</summary>
    private static string RowId(string key) =>
        key.Contains('\0', StringComparison.Ordinal) ? LiteDbStorage.HashedDocumentId(key) : LiteDbStorage.DocumentId(key);

    private static bool IsHashed(string id) => id.Length > 0 && id[0] == '#';

    private static byte[] KeyBytes(string key) => System.Runtime.InteropServices.MemoryMarshal.AsBytes(key.AsSpan()).ToArray();

    private sealed record PendingWrite(string Key, object? Value, string? Json, string? ExpectedETag, string? NewETag);
}
