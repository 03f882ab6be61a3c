using HelpBot.Bot.Reminders;
using HelpBot.Dialogs.Reminders;
using Microsoft.Bot.Schema;
using Newtonsoft.Json;
using Npgsql;

namespace HelpBot.Bot.Storage.Postgres;

/// <summary>Teams personal conversations in PostgreSQL (<c>teams_conversations</c>), one row per Entra object id (lower case).</summary>
public sealed class PostgresConversationReferences(NpgsqlDataSource dataSource) : IConversationReferences
{
    public async Task SaveAsync(string aadObjectId, ConversationReference conversation, DateTimeOffset updatedAt, string? userPrincipalName = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(aadObjectId);
        ArgumentNullException.ThrowIfNull(conversation);
        // A null UPN keeps the one stored (as the LiteDB store does), in the same statement.
        await using var command = dataSource.CreateCommand(
            """
            INSERT INTO teams_conversations (aad_object_id, reference, updated_at, user_principal_name) VALUES (@id, @reference, @updated_at, @upn)
            ON CONFLICT (aad_object_id) DO UPDATE SET reference = EXCLUDED.reference, updated_at = EXCLUDED.updated_at,
                user_principal_name = coalesce(EXCLUDED.user_principal_name, teams_conversations.user_principal_name)
            """);
        command.Parameters.AddWithValue("id", aadObjectId.ToLowerInvariant());
        command.Parameters.AddWithValue("reference", JsonConvert.SerializeObject(conversation));
        command.Parameters.AddWithValue("updated_at", updatedAt.UtcDateTime);
        command.Parameters.Add(new NpgsqlParameter<string?>("upn", userPrincipalName));
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<string?> FindUserPrincipalNameAsync(string aadObjectId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(aadObjectId);
        await using var command = dataSource.CreateCommand("SELECT user_principal_name FROM teams_conversations WHERE aad_object_id = @id");
        command.Parameters.AddWithValue("id", aadObjectId.ToLowerInvariant());
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) as string;
    }

    public async Task<IReadOnlyList<StoredConversationReference>> GetAllAsync(CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand("SELECT aad_object_id, reference, updated_at, user_principal_name FROM teams_conversations ORDER BY aad_object_id");
        var all = await PostgresValues.ReadAllAsync(command, reader => new StoredConversationReference(
            reader.GetString(0),
            JsonConvert.DeserializeObject<ConversationReference>(reader.GetString(1))!,
            PostgresValues.Utc(reader.GetDateTime(2)),
            reader.IsDBNull(3) ? null : reader.GetString(3)), cancellationToken).ConfigureAwait(false);
        return all;
    }
}

/// <summary>
/// The reminders already sent, in PostgreSQL (<c>password_expiry_reminders</c>). A claim is one
/// <c>INSERT … ON CONFLICT DO NOTHING</c>: of several instances claiming one reminder at once, exactly one gets it and sends.
/// </summary>
public sealed class PostgresSentReminders(NpgsqlDataSource dataSource) : ISentReminders
{
    public async Task<bool> TryClaimAsync(string key, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand("INSERT INTO password_expiry_reminders (key, at) VALUES (@key, @at) ON CONFLICT (key) DO NOTHING");
        command.Parameters.AddWithValue("key", key);
        command.Parameters.AddWithValue("at", at.UtcDateTime);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
    }

    public async Task ReleaseAsync(string key, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand("DELETE FROM password_expiry_reminders WHERE key = @key");
        command.Parameters.AddWithValue("key", key);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
