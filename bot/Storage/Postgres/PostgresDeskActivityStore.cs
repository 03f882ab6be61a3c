using HelpBot.Bot.AgentConsole;
using Npgsql;

namespace HelpBot.Bot.Storage.Postgres;

/// <summary>
/// Desk activity in PostgreSQL (<c>desk_activity</c>), written by every instance: a flush is one transaction of upserts;
/// a conversation's last time only moves forward, so an instance flushing an older note never takes it back.
/// </summary>
public sealed class PostgresDeskActivityStore(NpgsqlDataSource dataSource) : IDeskActivityStore
{
    public void Write(IReadOnlyList<DeskActivityNote> notes)
    {
        ArgumentNullException.ThrowIfNull(notes);
        using var connection = dataSource.OpenConnection();
        using var transaction = connection.BeginTransaction();
        foreach (var note in notes)
        {
            using var command = new NpgsqlCommand(
                """
                INSERT INTO desk_activity (conversation_id, channel, first_at, last_at) VALUES (@id, @channel, @first_at, @last_at)
                ON CONFLICT (conversation_id) DO UPDATE SET last_at = GREATEST(desk_activity.last_at, EXCLUDED.last_at)
                """, connection, transaction);
            command.Parameters.AddWithValue("id", note.ConversationId);
            command.Parameters.AddWithValue("channel", note.Channel);
            command.Parameters.AddWithValue("first_at", Utc(note.FirstAt));
            command.Parameters.AddWithValue("last_at", Utc(note.LastAt));
            command.ExecuteNonQuery();
        }
        transaction.Commit();
    }

    public IReadOnlyList<(string ConversationId, string Channel)> ActiveSince(DateTime since)
    {
        using var command = dataSource.CreateCommand("SELECT conversation_id, channel FROM desk_activity WHERE last_at >= @since");
        command.Parameters.AddWithValue("since", Utc(since));
        using var reader = command.ExecuteReader();
        var active = new List<(string, string)>();
        while (reader.Read())
        {
            active.Add((reader.GetString(0), reader.GetString(1)));
        }
        return active;
    }

    public int PurgeQuietBefore(DateTime cutoff)
    {
        using var command = dataSource.CreateCommand("DELETE FROM desk_activity WHERE last_at < @cutoff");
        command.Parameters.AddWithValue("cutoff", Utc(cutoff));
        return command.ExecuteNonQuery();
    }

    private static DateTime Utc(DateTime value) => DateTime.SpecifyKind(value, DateTimeKind.Utc);
}
