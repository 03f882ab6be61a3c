using Npgsql;

namespace HelpBot.Bot.Storage.Postgres;

/// <summary>The read-change-write of one row as one transaction, the row locked (<c>SELECT … FOR UPDATE</c>) from the read to the commit.</summary>
internal static class PostgresRowLock
{
    /// <summary>
    /// Reads the row <paramref name="selectForUpdate"/> finds by <c>@id</c>; <paramref name="change"/> gives its new version
    /// (null: nothing to write), which <paramref name="bindUpdate"/> binds (given the current one too) to
    /// <paramref name="update"/>. Returns the current version (null when there is no such row) and the one written, if any.
    /// </summary>
    public static async Task<(T? Current, T? Written)> UpdateAsync<T>(
        NpgsqlDataSource dataSource,
        string selectForUpdate,
        string id,
        Func<NpgsqlDataReader, T> read,
        Func<T, T?> change,
        string update,
        Action<NpgsqlCommand, T, T> bindUpdate,
        CancellationToken cancellationToken)
        where T : class
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        T current;
        await using (var select = new NpgsqlCommand(selectForUpdate, connection, transaction))
        {
            select.Parameters.AddWithValue("id", id);
            await using var reader = await select.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                return (null, null);
            }
            current = read(reader);
        }
        if (change(current) is not { } changed)
        {
            return (current, null);
        }
        await using (var write = new NpgsqlCommand(update, connection, transaction))
        {
            bindUpdate(write, current, changed);
            await write.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return (current, changed);
    }
}
