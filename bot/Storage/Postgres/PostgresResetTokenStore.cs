using HelpBot.Dialogs.PasswordReset;
using Npgsql;

namespace HelpBot.Bot.Storage.Postgres;

/// <summary>
/// Reset links in PostgreSQL (<c>reset_links</c>, keyed by the token's hash, never the token: R4), so a link made by one
/// instance opens on any other. Consuming is one conditional <c>UPDATE … RETURNING</c>: of two concurrent uses, exactly one wins.
/// </summary>
public sealed class PostgresResetTokenStore(NpgsqlDataSource dataSource) : IResetTokenStore, IRetainedData
{
    private const string Columns = "token_hash, username, reason, conversation, issued_at, expires_at, used_at";

    public async Task AddAsync(ResetTicket ticket, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ticket);
        await using var command = dataSource.CreateCommand(
            $"INSERT INTO reset_links ({Columns}) VALUES (@token_hash, @username, @reason, @conversation, @issued_at, @expires_at, @used_at)");
        command.Parameters.AddWithValue("token_hash", ticket.TokenHash);
        command.Parameters.AddWithValue("username", ticket.Username);
        command.Parameters.AddWithValue("reason", ticket.Reason.ToString());
        command.Parameters.AddWithValue("conversation", ticket.Conversation);
        command.Parameters.AddWithValue("issued_at", ticket.IssuedAt.UtcDateTime);
        command.Parameters.AddWithValue("expires_at", ticket.ExpiresAt.UtcDateTime);
        command.Parameters.AddWithValue("used_at", ticket.UsedAt is { } used ? used.UtcDateTime : DBNull.Value);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public Task<ResetTicket?> FindAsync(string tokenHash, CancellationToken cancellationToken = default) =>
        QueryOneAsync($"SELECT {Columns} FROM reset_links WHERE token_hash = @token_hash", tokenHash, null, cancellationToken);

    public Task<ResetTicket?> ConsumeAsync(string tokenHash, DateTimeOffset now, CancellationToken cancellationToken = default) =>
        QueryOneAsync($"UPDATE reset_links SET used_at = @now WHERE token_hash = @token_hash AND used_at IS NULL AND expires_at > @now RETURNING {Columns}", tokenHash, now, cancellationToken);

    public async Task ReleaseAsync(string tokenHash, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand("UPDATE reset_links SET used_at = NULL WHERE token_hash = @token_hash");
        command.Parameters.AddWithValue("token_hash", tokenHash);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    string IRetainedData.Name => "reset_links";

    /// <summary>Links expired longer than <see cref="RetentionOptions.ResetLinks"/> ago, used or not.</summary>
    async Task<int> IRetainedData.PurgeAsync(DateTimeOffset now, RetentionOptions retention, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("DELETE FROM reset_links WHERE expires_at < @cutoff");
        command.Parameters.AddWithValue("cutoff", (now - retention.ResetLinks).UtcDateTime);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task<ResetTicket?> QueryOneAsync(string sql, string tokenHash, DateTimeOffset? now, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(sql);
        command.Parameters.AddWithValue("token_hash", tokenHash);
        if (now is { } at)
        {
            command.Parameters.AddWithValue("now", at.UtcDateTime);
        }
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            return null;
        }
        return new ResetTicket
        {
            TokenHash = reader.GetString(0),
            Username = reader.GetString(1),
            Reason = Enum.TryParse<ResetReason>(reader.GetString(2), out var reason) ? reason : ResetReason.Forgotten,
            Conversation = reader.GetString(3),
            IssuedAt = PostgresValues.Utc(reader.GetDateTime(4)),
            ExpiresAt = PostgresValues.Utc(reader.GetDateTime(5)),
            UsedAt = reader.IsDBNull(6) ? null : PostgresValues.Utc(reader.GetDateTime(6)),
        };
    }

}
