using HelpBot.Dialogs.SafeCode;
using Npgsql;

namespace HelpBot.Bot.Storage.Postgres;

/// <summary>
/// SafeCode's challenges and blocks in PostgreSQL (<c>safecode_challenges</c>, <c>safecode_blocks</c>), so a code sent by
/// one instance is checked by any other, and its wrong-attempt count and the 24-hour block hold across all of them (S6).
/// An update locks the challenge's row (<c>SELECT … FOR UPDATE</c>) for its read-change-write.
/// </summary>
public sealed class PostgresSafeCodeStore(NpgsqlDataSource dataSource) : ISafeCodeStore, IRetainedData
{
    private const string Columns = "id, subject, username, conversation_id, purpose, code_hash, created_at, expires_at, wrong_attempts, used, phantom";

    public async Task InsertChallengeAsync(SafeCodeChallenge challenge, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(challenge);
        await using var command = dataSource.CreateCommand(
            $"INSERT INTO safecode_challenges ({Columns}) VALUES (@id, @subject, @username, @conversation_id, @purpose, @code_hash, @created_at, @expires_at, @wrong_attempts, @used, @phantom)");
        Bind(command, challenge);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<SafeCodeChallenge?> GetChallengeAsync(string id, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand($"SELECT {Columns} FROM safecode_challenges WHERE id = @id");
        command.Parameters.AddWithValue("id", id);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? Read(reader) : null;
    }

    public async Task<SafeCodeChallenge?> UpdateChallengeAsync(string id, Func<SafeCodeChallenge, SafeCodeChallenge> update, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(update);
        var (current, written) = await PostgresRowLock.UpdateAsync(
            dataSource,
            $"SELECT {Columns} FROM safecode_challenges WHERE id = @id FOR UPDATE",
            id,
            Read,
            c => update(c) is var updated && !ReferenceEquals(updated, c) ? updated : null,
            """
            UPDATE safecode_challenges SET subject = @subject, username = @username, conversation_id = @conversation_id, purpose = @purpose,
                code_hash = @code_hash, created_at = @created_at, expires_at = @expires_at, wrong_attempts = @wrong_attempts, used = @used, phantom = @phantom
            WHERE id = @id
            """,
            (write, c, updated) => Bind(write, updated with { Id = c.Id }),
            cancellationToken).ConfigureAwait(false);
        // Unchanged (the same instance back): nothing written, the challenge as it is.
        return written ?? current;
    }

    public async Task<DateTimeOffset?> GetBlockedUntilAsync(string subject, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand("SELECT until FROM safecode_blocks WHERE subject = @subject");
        command.Parameters.AddWithValue("subject", subject);
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is DateTime until ? PostgresValues.Utc(until) : null;
    }

    public async Task BlockAsync(string subject, DateTimeOffset until, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand(
            "INSERT INTO safecode_blocks (subject, until) VALUES (@subject, @until) ON CONFLICT (subject) DO UPDATE SET until = EXCLUDED.until");
        command.Parameters.AddWithValue("subject", subject);
        command.Parameters.AddWithValue("until", until.UtcDateTime);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task PurgeAsync(DateTimeOffset before, CancellationToken cancellationToken = default) =>
        await PurgeCountAsync(before, cancellationToken).ConfigureAwait(false);

    string IRetainedData.Name => "safecode_challenges, safecode_blocks";

    Task<int> IRetainedData.PurgeAsync(DateTimeOffset now, RetentionOptions retention, CancellationToken cancellationToken) =>
        PurgeCountAsync(now - retention.SafeCodeChallenges, cancellationToken);

    private async Task<int> PurgeCountAsync(DateTimeOffset before, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            "WITH c AS (DELETE FROM safecode_challenges WHERE expires_at < @beforeTicks RETURNING 1), b AS (DELETE FROM safecode_blocks WHERE until < @before RETURNING 1) SELECT (SELECT count(*) FROM c) + (SELECT count(*) FROM b)");
        command.Parameters.AddWithValue("beforeTicks", before.UtcTicks);
        command.Parameters.AddWithValue("before", before.UtcDateTime);
        return Convert.ToInt32(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static void Bind(NpgsqlCommand command, SafeCodeChallenge c)
    {
        command.Parameters.AddWithValue("id", c.Id);
        command.Parameters.AddWithValue("subject", c.Subject);
        command.Parameters.AddWithValue("username", (object?)c.Username ?? DBNull.Value);
        command.Parameters.AddWithValue("conversation_id", c.ConversationId);
        command.Parameters.AddWithValue("purpose", c.Purpose.ToString());
        command.Parameters.AddWithValue("code_hash", c.CodeHash);
        // Ticks, as LiteDB's store keeps them: expiry is compared exactly (timestamptz holds microseconds).
        command.Parameters.AddWithValue("created_at", c.CreatedAt.UtcTicks);
        command.Parameters.AddWithValue("expires_at", c.ExpiresAt.UtcTicks);
        command.Parameters.AddWithValue("wrong_attempts", c.WrongAttempts);
        command.Parameters.AddWithValue("used", c.Used);
        command.Parameters.AddWithValue("phantom", c.Phantom);
    }

    private static SafeCodeChallenge Read(NpgsqlDataReader r) => new()
    {
        Id = r.GetString(0),
        Subject = r.GetString(1),
        Username = r.IsDBNull(2) ? null : r.GetString(2),
        ConversationId = r.GetString(3),
        Purpose = Enum.Parse<SafeCodePurpose>(r.GetString(4)),
        CodeHash = (byte[])r[5],
        CreatedAt = new DateTimeOffset(r.GetInt64(6), TimeSpan.Zero),
        ExpiresAt = new DateTimeOffset(r.GetInt64(7), TimeSpan.Zero),
        WrongAttempts = r.GetInt32(8),
        Used = r.GetBoolean(9),
        Phantom = r.GetBoolean(10),
    };

}
