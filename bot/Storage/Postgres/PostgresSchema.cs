using Npgsql;

namespace HelpBot.Bot.Storage.Postgres;

/// <summary>
/// Creates and migrates HelpBot's tables at start, in numbered steps recorded in <c>helpbot_schema</c>. Idempotent, and
/// safe when several instances start together: the migration holds a transaction-level advisory lock, so one instance
/// migrates and the others wait, then find nothing to do.
/// </summary>
public static class PostgresSchema
{
    private const long MigrationLock = 0x48656C70426F74; // "HelpBot"

    /// <summary>Each step runs once, in order; never edit a step that has shipped, add the next one.</summary>
    private static readonly string[] Steps =
    [
        $"""
        CREATE TABLE {PostgresStorage.TableName} (
            id text PRIMARY KEY,
            key bytea,
            json text NOT NULL,
            etag text NOT NULL,
            updated_at timestamptz NOT NULL DEFAULT now())
        """,
        // Expiry in UTC ticks, compared exactly (as the LiteDB store does); the purge compares them too.
        """
        CREATE TABLE safecode_challenges (
            id text PRIMARY KEY,
            subject text NOT NULL,
            username text,
            conversation_id text NOT NULL,
            purpose text NOT NULL,
            code_hash bytea NOT NULL,
            created_at bigint NOT NULL,
            expires_at bigint NOT NULL,
            wrong_attempts int NOT NULL,
            used boolean NOT NULL,
            phantom boolean NOT NULL);
        CREATE INDEX safecode_challenges_expires ON safecode_challenges (expires_at);
        CREATE TABLE safecode_blocks (subject text PRIMARY KEY, until timestamp NOT NULL)
        """,
        """
        CREATE TABLE reset_links (
            token_hash text PRIMARY KEY,
            username text NOT NULL,
            reason text NOT NULL,
            conversation text NOT NULL,
            issued_at timestamp NOT NULL,
            expires_at timestamp NOT NULL,
            used_at timestamp);
        CREATE INDEX reset_links_expires ON reset_links (expires_at)
        """,
        // The audit log is append-only: a trigger refuses every UPDATE; rows leave only by the retention purge.
        """
        CREATE TABLE audit (
            id bigserial PRIMARY KEY,
            at timestamp NOT NULL,
            action text NOT NULL,
            outcome text NOT NULL,
            account text,
            actor text,
            channel text,
            conversation_id text,
            detail text);
        CREATE INDEX audit_at ON audit (at);
        CREATE INDEX audit_account_at ON audit (account, at);
        CREATE FUNCTION audit_is_append_only() RETURNS trigger LANGUAGE plpgsql AS
            $$ BEGIN RAISE EXCEPTION 'the audit log is append-only'; END $$;
        CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit FOR EACH ROW EXECUTE FUNCTION audit_is_append_only()
        """,
        // Guest keys: the key's HMAC only, unique; the sponsor's username lower-cased for the sponsor's list.
        """
        CREATE TABLE guest_invitations (
            id text PRIMARY KEY,
            key_hash text NOT NULL UNIQUE,
            sponsor text NOT NULL,
            sponsor_key text NOT NULL,
            first_name text NOT NULL,
            last_name text NOT NULL,
            email text NOT NULL,
            organisation text NOT NULL,
            role text NOT NULL,
            reason text NOT NULL,
            last_day date NOT NULL,
            issued_at timestamp NOT NULL,
            key_expires_at timestamp NOT NULL,
            used_at timestamp,
            revoked_at timestamp,
            ended_at timestamp,
            guest_username text,
            registration_notice_sent boolean NOT NULL,
            ending_notice_sent_for date);
        CREATE INDEX guest_invitations_sponsor ON guest_invitations (sponsor_key, issued_at)
        """,
        // Instants as timestamptz: a timestamp column took the UTC instants the stores write in the session's time zone,
        // so on a server not set to UTC they came back hours off (an expired reset link still valid, a block ended early).
        // The values written so far are UTC (the only zone in which they read back right).
        """
        ALTER TABLE safecode_blocks ALTER COLUMN until TYPE timestamptz USING until AT TIME ZONE 'UTC';
        ALTER TABLE reset_links
            ALTER COLUMN issued_at TYPE timestamptz USING issued_at AT TIME ZONE 'UTC',
            ALTER COLUMN expires_at TYPE timestamptz USING expires_at AT TIME ZONE 'UTC',
            ALTER COLUMN used_at TYPE timestamptz USING used_at AT TIME ZONE 'UTC';
        ALTER TABLE audit ALTER COLUMN at TYPE timestamptz USING at AT TIME ZONE 'UTC';
        ALTER TABLE guest_invitations
            ALTER COLUMN issued_at TYPE timestamptz USING issued_at AT TIME ZONE 'UTC',
            ALTER COLUMN key_expires_at TYPE timestamptz USING key_expires_at AT TIME ZONE 'UTC',
            ALTER COLUMN used_at TYPE timestamptz USING used_at AT TIME ZONE 'UTC',
            ALTER COLUMN revoked_at TYPE timestamptz USING revoked_at AT TIME ZONE 'UTC',
            ALTER COLUMN ended_at TYPE timestamptz USING ended_at AT TIME ZONE 'UTC'
        """,
        // Escalations: tickets numbered by a sequence (HD-000001 …); the transcript (redacted lines) as a JSON array.
        """
        CREATE SEQUENCE escalation_tickets;
        CREATE TABLE escalations (
            ticket text PRIMARY KEY,
            sequence bigint NOT NULL UNIQUE,
            reason text NOT NULL,
            intent text NOT NULL,
            username text,
            display_name text,
            verified boolean NOT NULL,
            channel_id text NOT NULL,
            conversation_id text NOT NULL,
            conversation_reference text NOT NULL,
            transcript jsonb NOT NULL,
            status text NOT NULL,
            agent_id text,
            agent_name text,
            callback_number text,
            created_at timestamptz NOT NULL,
            taken_at timestamptz,
            resolved_at timestamptz,
            resolution_note text,
            satisfaction int,
            version int NOT NULL);
        CREATE INDEX escalations_conversation ON escalations (conversation_id);
        CREATE INDEX escalations_status ON escalations (status, sequence);
        CREATE INDEX escalations_created ON escalations (created_at)
        """,
        // Registration requests (kept Retention:Requests) and pending profile changes, one per account and kind.
        """
        CREATE TABLE registration_requests (
            id bigserial PRIMARY KEY,
            family_name text NOT NULL,
            affiliate_email text NOT NULL,
            at timestamptz NOT NULL,
            channel text,
            conversation_id text);
        CREATE INDEX registration_requests_at ON registration_requests (at);
        CREATE TABLE pending_profile_changes (
            username text NOT NULL,
            kind text NOT NULL,
            new_value text NOT NULL,
            requested_at timestamptz NOT NULL,
            channel text,
            conversation_id text,
            PRIMARY KEY (username, kind));
        CREATE INDEX pending_profile_changes_requested ON pending_profile_changes (requested_at)
        """,
        // Teams chats remembered for reminders, and the reminders claimed (sent, or being sent): the key is the claim.
        """
        CREATE TABLE teams_conversations (
            aad_object_id text PRIMARY KEY,
            reference text NOT NULL,
            updated_at timestamptz NOT NULL,
            user_principal_name text);
        CREATE TABLE password_expiry_reminders (
            key text PRIMARY KEY,
            at timestamptz NOT NULL)
        """,
        // Local agent accounts: PBKDF2 hashes only; the wrong-password count and the lockout.
        """
        CREATE TABLE agents (
            username text PRIMARY KEY,
            display_name text NOT NULL,
            password_hash text NOT NULL,
            is_demo boolean NOT NULL,
            failed_sign_ins int NOT NULL,
            locked_until timestamptz,
            created_at timestamptz NOT NULL,
            last_sign_in_at timestamptz)
        """,
        // Desk activity (containment's denominator): one row per conversation with a user message, no text.
        """
        CREATE TABLE desk_activity (
            conversation_id text PRIMARY KEY,
            channel text NOT NULL,
            first_at timestamptz NOT NULL,
            last_at timestamptz NOT NULL);
        CREATE INDEX desk_activity_last ON desk_activity (last_at)
        """,
        // The Teams desk channel's cards, by ticket; a reply's thread finds its card by the root activity id.
        """
        CREATE TABLE teams_desk_cards (
            ticket text PRIMARY KEY,
            activity_id text NOT NULL,
            thread_conversation_id text NOT NULL);
        CREATE INDEX teams_desk_cards_activity ON teams_desk_cards (activity_id)
        """,
        // Web Chat conversations and their (redacted) history, by watermark; a conversation's last activity decides its retention.
        """
        CREATE TABLE directline_conversations (
            id text PRIMARY KEY,
            user_id text NOT NULL,
            user_name text,
            created timestamptz NOT NULL);
        CREATE TABLE directline_activities (
            id bigserial PRIMARY KEY,
            conversation_id text NOT NULL,
            watermark bigint NOT NULL,
            activity_id text NOT NULL,
            at timestamptz NOT NULL,
            activity_json text NOT NULL);
        CREATE INDEX directline_activities_conversation ON directline_activities (conversation_id, watermark);
        CREATE INDEX directline_activities_at ON directline_activities (at)
        """,
        // Each conversation's newest watermark, taken under the conversation's row lock: instances appending to one
        // conversation at once get distinct positions, committed in order.
        """
        ALTER TABLE directline_conversations ADD COLUMN last_watermark bigint NOT NULL DEFAULT 0;
        UPDATE directline_conversations c SET last_watermark = COALESCE((SELECT max(a.watermark) FROM directline_activities a WHERE a.conversation_id = c.id), 0)
        """,
        // The outbox the instances share: texts and e-mails waiting to be sent, sealed with outbox.key; each claimed by
        // one instance until claimed_until, then by whichever instance sweeps first.
        """
        CREATE TABLE outbox (
            id text PRIMARY KEY,
            channel text NOT NULL,
            at timestamptz NOT NULL,
            sealed bytea NOT NULL,
            claimed_until timestamptz NOT NULL);
        CREATE INDEX outbox_claimed ON outbox (claimed_until)
        """,
    ];

    /// <summary>The schema version this build expects.</summary>
    public static int Version => Steps.Length;

    public static async Task MigrateAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(connection, transaction, $"SELECT pg_advisory_xact_lock({MigrationLock})", cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(connection, transaction, "CREATE TABLE IF NOT EXISTS helpbot_schema (version int PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())", cancellationToken).ConfigureAwait(false);
        await using var read = new NpgsqlCommand("SELECT coalesce(max(version), 0) FROM helpbot_schema", connection, transaction);
        var current = Convert.ToInt32(await read.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture);
        if (current > Steps.Length)
        {
            throw new InvalidOperationException($"The PostgreSQL database is at schema version {current}, newer than this HelpBot ({Steps.Length}). Run the newer version, or restore a backup taken before the upgrade.");
        }
        for (var version = current + 1; version <= Steps.Length; version++)
        {
            await ExecuteAsync(connection, transaction, Steps[version - 1], cancellationToken).ConfigureAwait(false);
            await ExecuteAsync(connection, transaction, $"INSERT INTO helpbot_schema (version) VALUES ({version})", cancellationToken).ConfigureAwait(false);
        }
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
