using HelpBot.Dialogs.GuestKeys;
using Npgsql;

namespace HelpBot.Bot.Storage.Postgres;

/// <summary>
/// Guest keys in PostgreSQL (<c>guest_invitations</c>: one row per sponsored guest, with the key's HMAC and never the key;
/// the hash is unique), so a key issued on one instance is redeemed on any other. An update locks the invitation's row
/// (<c>SELECT … FOR UPDATE</c>) for its read-change-write, so a key is used up by one registration only.
/// </summary>
public sealed class PostgresGuestKeyStore(NpgsqlDataSource dataSource) : IGuestKeyStore
{
    private const string Columns = "id, key_hash, sponsor, sponsor_key, first_name, last_name, email, organisation, role, reason, last_day, issued_at, key_expires_at, used_at, revoked_at, ended_at, guest_username, registration_notice_sent, ending_notice_sent_for";

    public async Task InsertAsync(GuestInvitation invitation, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(invitation);
        await using var command = dataSource.CreateCommand(
            $"INSERT INTO guest_invitations ({Columns}) VALUES (@id, @key_hash, @sponsor, @sponsor_key, @first_name, @last_name, @email, @organisation, @role, @reason, @last_day, @issued_at, @key_expires_at, @used_at, @revoked_at, @ended_at, @guest_username, @registration_notice_sent, @ending_notice_sent_for)");
        Bind(command, invitation);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<GuestInvitation?> GetAsync(string id, CancellationToken cancellationToken = default) =>
        await QueryAsync($"SELECT {Columns} FROM guest_invitations WHERE id = @value", id, cancellationToken).ConfigureAwait(false) is [var found] ? found : null;

    public async Task<GuestInvitation?> FindByKeyHashAsync(string keyHash, CancellationToken cancellationToken = default) =>
        await QueryAsync($"SELECT {Columns} FROM guest_invitations WHERE key_hash = @value", keyHash, cancellationToken).ConfigureAwait(false) is [var found] ? found : null;

    public Task<IReadOnlyList<GuestInvitation>> ListBySponsorAsync(string sponsor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(sponsor);
        return QueryAsync($"SELECT {Columns} FROM guest_invitations WHERE sponsor_key = @value ORDER BY issued_at DESC, id", SponsorKey(sponsor), cancellationToken);
    }

    public Task<IReadOnlyList<GuestInvitation>> ListNeedingAttentionAsync(CancellationToken cancellationToken = default) =>
        QueryAsync($"SELECT {Columns} FROM guest_invitations WHERE guest_username IS NOT NULL AND (ended_at IS NULL OR NOT registration_notice_sent) ORDER BY issued_at, id", null, cancellationToken);

    public async Task<GuestInvitation?> UpdateAsync(string id, Func<GuestInvitation, GuestInvitation?> update, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(update);
        var (_, written) = await PostgresRowLock.UpdateAsync(
            dataSource,
            $"SELECT {Columns} FROM guest_invitations WHERE id = @id FOR UPDATE",
            id,
            Read,
            update,
            "UPDATE guest_invitations SET sponsor = @sponsor, sponsor_key = @sponsor_key, first_name = @first_name, last_name = @last_name, email = @email, organisation = @organisation, role = @role, reason = @reason, last_day = @last_day, issued_at = @issued_at, key_expires_at = @key_expires_at, used_at = @used_at, revoked_at = @revoked_at, ended_at = @ended_at, guest_username = @guest_username, registration_notice_sent = @registration_notice_sent, ending_notice_sent_for = @ending_notice_sent_for WHERE id = @id",
            // The id and the key's hash never change (as in the LiteDB store).
            (write, current, updated) => Bind(write, updated with { Id = current.Id, KeyHash = current.KeyHash }),
            cancellationToken).ConfigureAwait(false);
        return written;
    }

    private async Task<IReadOnlyList<GuestInvitation>> QueryAsync(string sql, string? value, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(sql);
        if (value is not null)
        {
            command.Parameters.AddWithValue("value", value);
        }
        var found = await PostgresValues.ReadAllAsync(command, reader => Read(reader), cancellationToken).ConfigureAwait(false);
        return found;
    }

    private static string SponsorKey(string sponsor) => sponsor.Trim().ToLowerInvariant();

    private static void Bind(NpgsqlCommand command, GuestInvitation i)
    {
        command.Parameters.AddWithValue("id", i.Id);
        command.Parameters.AddWithValue("key_hash", i.KeyHash);
        command.Parameters.AddWithValue("sponsor", i.Sponsor);
        command.Parameters.AddWithValue("sponsor_key", SponsorKey(i.Sponsor));
        command.Parameters.AddWithValue("first_name", i.FirstName);
        command.Parameters.AddWithValue("last_name", i.LastName);
        command.Parameters.AddWithValue("email", i.Email);
        command.Parameters.AddWithValue("organisation", i.Organisation);
        command.Parameters.AddWithValue("role", i.Role.ToString());
        command.Parameters.AddWithValue("reason", i.Reason);
        command.Parameters.AddWithValue("last_day", i.LastDay);
        command.Parameters.AddWithValue("issued_at", i.IssuedAt.UtcDateTime);
        command.Parameters.AddWithValue("key_expires_at", i.KeyExpiresAt.UtcDateTime);
        command.Parameters.AddWithValue("used_at", PostgresValues.Utc(i.UsedAt));
        command.Parameters.AddWithValue("revoked_at", PostgresValues.Utc(i.RevokedAt));
        command.Parameters.AddWithValue("ended_at", PostgresValues.Utc(i.EndedAt));
        command.Parameters.AddWithValue("guest_username", (object?)i.GuestUsername ?? DBNull.Value);
        command.Parameters.AddWithValue("registration_notice_sent", i.RegistrationNoticeSent);
        command.Parameters.AddWithValue("ending_notice_sent_for", i.EndingNoticeSentFor is { } day ? day : DBNull.Value);
    }

    private static GuestInvitation Read(NpgsqlDataReader r) => new()
    {
        Id = r.GetString(0),
        KeyHash = r.GetString(1),
        Sponsor = r.GetString(2),
        FirstName = r.GetString(4),
        LastName = r.GetString(5),
        Email = r.GetString(6),
        Organisation = r.GetString(7),
        Role = Enum.Parse<GuestRole>(r.GetString(8)),
        Reason = r.GetString(9),
        LastDay = r.GetFieldValue<DateOnly>(10),
        IssuedAt = PostgresValues.Utc(r.GetDateTime(11)),
        KeyExpiresAt = PostgresValues.Utc(r.GetDateTime(12)),
        UsedAt = PostgresValues.UtcOrNull(r, 13),
        RevokedAt = PostgresValues.UtcOrNull(r, 14),
        EndedAt = PostgresValues.UtcOrNull(r, 15),
        GuestUsername = r.IsDBNull(16) ? null : r.GetString(16),
        RegistrationNoticeSent = r.GetBoolean(17),
        EndingNoticeSentFor = r.IsDBNull(18) ? null : r.GetFieldValue<DateOnly>(18),
    };
}
