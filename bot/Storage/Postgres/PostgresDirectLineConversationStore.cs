using HelpBot.Bot.DirectLine;
using Npgsql;

namespace HelpBot.Bot.Storage.Postgres;

/// <summary>
/// Direct Line conversations and their history in PostgreSQL (<c>directline_conversations</c>, <c>directline_activities</c>),
/// so a Web Chat conversation resumes on any instance. What is stored is redacted exactly as in the LiteDB store
/// (<see cref="DirectLineRedaction.ForHistory"/>: SafeCodes, Harvard IDs, guest keys, typed passwords, reset-link tokens).
/// </summary>
public sealed class PostgresDirectLineConversationStore(NpgsqlDataSource dataSource, TimeProvider? time = null) : IDirectLineConversationStore
{
    private readonly TimeProvider _time = time ?? TimeProvider.System;

    public async Task<DirectLineConversationRecord?> FindAsync(string conversationId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("SELECT id, user_id, user_name, created FROM directline_conversations WHERE id = @id");
        command.Parameters.AddWithValue("id", conversationId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false)
            ? new DirectLineConversationRecord(reader.GetString(0), reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2), PostgresValues.Utc(reader.GetDateTime(3)))
            : null;
    }

    public async Task CreateAsync(DirectLineConversationRecord conversation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(conversation);
        await using var command = dataSource.CreateCommand(
            """
            INSERT INTO directline_conversations (id, user_id, user_name, created) VALUES (@id, @user_id, @user_name, @created)
            ON CONFLICT (id) DO UPDATE SET user_id = EXCLUDED.user_id, user_name = EXCLUDED.user_name, created = EXCLUDED.created
            """);
        command.Parameters.AddWithValue("id", conversation.ConversationId);
        command.Parameters.AddWithValue("user_id", conversation.UserId);
        command.Parameters.Add(new NpgsqlParameter<string?>("user_name", conversation.UserName));
        command.Parameters.AddWithValue("created", conversation.Created.UtcDateTime);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<DirectLineHistoryEntry>> ReadHistoryAsync(string conversationId, int limit, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            "SELECT watermark, activity_id, activity_json FROM directline_activities WHERE conversation_id = @id ORDER BY watermark DESC, id DESC LIMIT @limit");
        command.Parameters.AddWithValue("id", conversationId);
        command.Parameters.AddWithValue("limit", Math.Max(limit, 0));
        var newestFirst = await PostgresValues.ReadAllAsync(command, reader => new DirectLineHistoryEntry(reader.GetInt64(0), reader.GetString(1), reader.GetString(2)), cancellationToken).ConfigureAwait(false);
        newestFirst.Reverse();
        return newestFirst;
    }

    public async Task<IReadOnlyList<DirectLineHistoryEntry>> ReadAfterAsync(string conversationId, long watermark, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            "SELECT watermark, activity_id, activity_json FROM directline_activities WHERE conversation_id = @id AND watermark > @watermark ORDER BY watermark, id");
        command.Parameters.AddWithValue("id", conversationId);
        command.Parameters.AddWithValue("watermark", watermark);
        return await PostgresValues.ReadAllAsync(command, reader => new DirectLineHistoryEntry(reader.GetInt64(0), reader.GetString(1), reader.GetString(2)), cancellationToken).ConfigureAwait(false);
    }

    public async Task<long> AppendAsync(string conversationId, DirectLineHistoryEntry entry, int limit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        // One statement, one transaction: the conversation's row stays locked from taking the position to the commit,
        // so a second instance appending meanwhile waits and takes the next one.
        await using var command = dataSource.CreateCommand(
            """
            WITH position AS (
                UPDATE directline_conversations SET last_watermark = GREATEST(last_watermark + 1, @watermark) WHERE id = @id RETURNING last_watermark),
            added AS (
                INSERT INTO directline_activities (conversation_id, watermark, activity_id, at, activity_json)
                SELECT @id, last_watermark, @activity_id, @at, @json FROM position RETURNING watermark),
            trimmed AS (
                DELETE FROM directline_activities a USING added WHERE a.conversation_id = @id AND a.watermark <= added.watermark - @limit)
            SELECT watermark FROM added
            """);
        command.Parameters.AddWithValue("id", conversationId);
        command.Parameters.AddWithValue("watermark", entry.Watermark);
        command.Parameters.AddWithValue("activity_id", entry.ActivityId);
        command.Parameters.AddWithValue("at", _time.GetUtcNow().UtcDateTime);
        command.Parameters.AddWithValue("json", DirectLineRedaction.ForHistory(entry.ActivityJson));
        command.Parameters.AddWithValue("limit", (long)limit);
        // A conversation that is not stored (purged meanwhile) keeps nothing, as in the other stores.
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is long stored ? stored : entry.Watermark;
    }

    public async Task RemoveAsync(string conversationId, string activityId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("DELETE FROM directline_activities WHERE conversation_id = @id AND activity_id = @activity_id");
        command.Parameters.AddWithValue("id", conversationId);
        command.Parameters.AddWithValue("activity_id", activityId);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<string>> PurgeIdleAsync(DateTimeOffset lastActivityBefore, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            """
            WITH idle AS (
                DELETE FROM directline_conversations c
                WHERE c.created < @cutoff AND NOT EXISTS (SELECT 1 FROM directline_activities a WHERE a.conversation_id = c.id AND a.at >= @cutoff)
                RETURNING c.id),
            history AS (DELETE FROM directline_activities a USING idle WHERE a.conversation_id = idle.id)
            SELECT id FROM idle
            """);
        command.Parameters.AddWithValue("cutoff", lastActivityBefore.UtcDateTime);
        var idle = await PostgresValues.ReadAllAsync(command, reader => reader.GetString(0), cancellationToken).ConfigureAwait(false);
        return idle;
    }
}
