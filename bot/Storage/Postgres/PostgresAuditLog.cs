using HelpBot.Dialogs.Audit;
using HelpBot.Dialogs.Telemetry;
using Npgsql;

namespace HelpBot.Bot.Storage.Postgres;

/// <summary>
/// The audit log (docs/security.md, C5) in PostgreSQL: table <c>audit</c>, one row per event from every instance. Append-only:
/// HelpBot never changes a row, and the table refuses updates (a trigger); rows leave only by the retention purge.
/// </summary>
public sealed class PostgresAuditLog(NpgsqlDataSource dataSource) : IAuditLog, IRetainedData
{
    private const string Columns = "at, action, outcome, account, actor, channel, conversation_id, detail";

    public async Task WriteAsync(AuditEntry entry, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entry);
        await using var command = dataSource.CreateCommand(
            $"INSERT INTO audit ({Columns}) VALUES (@at, @action, @outcome, @account, @actor, @channel, @conversation_id, @detail)");
        command.Parameters.AddWithValue("at", entry.At.UtcDateTime);
        command.Parameters.AddWithValue("action", entry.Action);
        command.Parameters.AddWithValue("outcome", entry.Outcome);
        command.Parameters.AddWithValue("account", (object?)entry.Account ?? DBNull.Value);
        command.Parameters.AddWithValue("actor", (object?)entry.Actor ?? DBNull.Value);
        command.Parameters.AddWithValue("channel", (object?)entry.Channel ?? DBNull.Value);
        command.Parameters.AddWithValue("conversation_id", (object?)entry.ConversationId ?? DBNull.Value);
        command.Parameters.AddWithValue("detail", (object?)entry.Detail ?? DBNull.Value);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        HelpBotMetrics.Audited(entry.Action, entry.Outcome);
    }

    public async Task<IReadOnlyList<AuditEntry>> ReadAsync(string? account = null, int limit = 100, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand(
            $"SELECT {Columns} FROM audit WHERE (@account::text IS NULL OR account = @account) ORDER BY at DESC, id DESC LIMIT @limit");
        command.Parameters.AddWithValue("account", (object?)account ?? DBNull.Value);
        command.Parameters.AddWithValue("limit", Math.Max(limit, 0));
        var entries = await PostgresValues.ReadAllAsync(command, reader => new AuditEntry
        {
            At = PostgresValues.Utc(reader.GetDateTime(0)),
            Action = reader.GetString(1),
            Outcome = reader.GetString(2),
            Account = reader.IsDBNull(3) ? null : reader.GetString(3),
            Actor = reader.IsDBNull(4) ? null : reader.GetString(4),
            Channel = reader.IsDBNull(5) ? null : reader.GetString(5),
            ConversationId = reader.IsDBNull(6) ? null : reader.GetString(6),
            Detail = reader.IsDBNull(7) ? null : reader.GetString(7),
        }, cancellationToken).ConfigureAwait(false);
        return entries;
    }

    string IRetainedData.Name => "audit";

    /// <summary>Entries older than <see cref="RetentionOptions.Audit"/>.</summary>
    async Task<int> IRetainedData.PurgeAsync(DateTimeOffset now, RetentionOptions retention, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("DELETE FROM audit WHERE at < @cutoff");
        command.Parameters.AddWithValue("cutoff", (now - retention.Audit).UtcDateTime);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
