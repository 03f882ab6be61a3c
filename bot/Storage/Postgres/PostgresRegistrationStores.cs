using HelpBot.Dialogs.Registration;
using Npgsql;

namespace HelpBot.Bot.Storage.Postgres;

/// <summary>Registration requests from affiliated-hospital staff who aren't in the directory, in PostgreSQL (<c>registration_requests</c>).</summary>
public sealed class PostgresRegistrationRequests(NpgsqlDataSource dataSource) : IRegistrationRequests, IRetainedData
{
    public async Task AddAsync(RegistrationRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        await using var command = dataSource.CreateCommand(
            "INSERT INTO registration_requests (family_name, affiliate_email, at, channel, conversation_id) VALUES (@family_name, @affiliate_email, @at, @channel, @conversation_id)");
        command.Parameters.AddWithValue("family_name", request.FamilyName);
        command.Parameters.AddWithValue("affiliate_email", request.AffiliateEmail);
        command.Parameters.AddWithValue("at", request.At.UtcDateTime);
        command.Parameters.AddWithValue("channel", (object?)request.Channel ?? DBNull.Value);
        command.Parameters.AddWithValue("conversation_id", (object?)request.ConversationId ?? DBNull.Value);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<RegistrationRequest>> ReadAsync(int limit = 100, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand(
            "SELECT family_name, affiliate_email, at, channel, conversation_id FROM registration_requests ORDER BY at DESC, id DESC LIMIT @limit");
        command.Parameters.AddWithValue("limit", Math.Max(limit, 0));
        var requests = await PostgresValues.ReadAllAsync(command, reader => new RegistrationRequest
        {
            FamilyName = reader.GetString(0),
            AffiliateEmail = reader.GetString(1),
            At = PostgresValues.Utc(reader.GetDateTime(2)),
            Channel = reader.IsDBNull(3) ? null : reader.GetString(3),
            ConversationId = reader.IsDBNull(4) ? null : reader.GetString(4),
        }, cancellationToken).ConfigureAwait(false);
        return requests;
    }

    string IRetainedData.Name => "registration_requests";

    /// <summary>Requests made longer than <see cref="RetentionOptions.Requests"/> ago (the Service Desk has long handled them).</summary>
    Task<int> IRetainedData.PurgeAsync(DateTimeOffset now, RetentionOptions retention, CancellationToken cancellationToken) =>
        PostgresValues.DeleteBeforeAsync(dataSource, "DELETE FROM registration_requests WHERE at < @cutoff", now - retention.Requests, cancellationToken);
}

/// <summary>
/// Pending profile changes in PostgreSQL (<c>pending_profile_changes</c>), one row per (account, kind): a newer request
/// replaces the older one in one <c>INSERT … ON CONFLICT DO UPDATE</c>, so two instances recording at once leave one row.
/// </summary>
public sealed class PostgresPendingProfileChanges(NpgsqlDataSource dataSource) : IPendingProfileChanges, IRetainedData
{
    public async Task RecordAsync(PendingProfileChange change, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(change);
        await using var command = dataSource.CreateCommand(
            """
            INSERT INTO pending_profile_changes (username, kind, new_value, requested_at, channel, conversation_id)
            VALUES (@username, @kind, @new_value, @requested_at, @channel, @conversation_id)
            ON CONFLICT (username, kind) DO UPDATE SET new_value = EXCLUDED.new_value, requested_at = EXCLUDED.requested_at,
                channel = EXCLUDED.channel, conversation_id = EXCLUDED.conversation_id
            """);
        command.Parameters.AddWithValue("username", change.Username.Trim().ToLowerInvariant());
        command.Parameters.AddWithValue("kind", change.Kind.ToString());
        command.Parameters.AddWithValue("new_value", change.NewValue);
        command.Parameters.AddWithValue("requested_at", change.RequestedAt.UtcDateTime);
        command.Parameters.AddWithValue("channel", (object?)change.Channel ?? DBNull.Value);
        command.Parameters.AddWithValue("conversation_id", (object?)change.ConversationId ?? DBNull.Value);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<PendingProfileChange>> ForAccountAsync(string username, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(username);
        await using var command = dataSource.CreateCommand(
            "SELECT username, kind, new_value, requested_at, channel, conversation_id FROM pending_profile_changes WHERE username = @username ORDER BY requested_at DESC, kind");
        command.Parameters.AddWithValue("username", username.Trim().ToLowerInvariant());
        var changes = await PostgresValues.ReadAllAsync(command, reader => new PendingProfileChange
        {
            Username = reader.GetString(0),
            Kind = Enum.Parse<ProfileChangeKind>(reader.GetString(1)),
            NewValue = reader.GetString(2),
            RequestedAt = PostgresValues.Utc(reader.GetDateTime(3)),
            Channel = reader.IsDBNull(4) ? null : reader.GetString(4),
            ConversationId = reader.IsDBNull(5) ? null : reader.GetString(5),
        }, cancellationToken).ConfigureAwait(false);
        return changes;
    }

    string IRetainedData.Name => "pending_profile_changes";

    /// <summary>Changes asked for longer than <see cref="RetentionOptions.Requests"/> ago (HR has long had them).</summary>
    Task<int> IRetainedData.PurgeAsync(DateTimeOffset now, RetentionOptions retention, CancellationToken cancellationToken) =>
        PostgresValues.DeleteBeforeAsync(dataSource, "DELETE FROM pending_profile_changes WHERE requested_at < @cutoff", now - retention.Requests, cancellationToken);
}
