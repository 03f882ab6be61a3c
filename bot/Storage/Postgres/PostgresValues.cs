using Npgsql;

namespace HelpBot.Bot.Storage.Postgres;

/// <summary>
/// How the PostgreSQL stores keep instants: <c>timestamptz</c> columns, written and read as UTC <see cref="DateTime"/>s, so
/// they come back as they were whatever the server's or the session's time zone.
/// </summary>
internal static class PostgresValues
{
    public static DateTimeOffset Utc(DateTime value) => new(DateTime.SpecifyKind(value, DateTimeKind.Utc));

    /// <summary>A parameter value: the instant in UTC, or NULL.</summary>
    public static object Utc(DateTimeOffset? value) => value is { } at ? at.UtcDateTime : DBNull.Value;

    public static DateTimeOffset? UtcOrNull(NpgsqlDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : Utc(reader.GetDateTime(ordinal));

    /// <summary>Runs a retention <c>DELETE</c> whose one parameter is <c>@cutoff</c>; returns how many rows went.</summary>
    /// <summary>Runs <paramref name="command"/> and maps every row it returns.</summary>
    public static async Task<List<T>> ReadAllAsync<T>(NpgsqlCommand command, Func<NpgsqlDataReader, T> map, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(map);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var rows = new List<T>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            rows.Add(map(reader));
        }
        return rows;
    }

    public static async Task<int> DeleteBeforeAsync(NpgsqlDataSource dataSource, string sql, DateTimeOffset cutoff, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(sql);
        command.Parameters.AddWithValue("cutoff", cutoff.UtcDateTime);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
