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
}
