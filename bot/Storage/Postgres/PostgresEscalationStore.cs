using System.Globalization;
using System.Text.Json;
using HelpBot.Bot.Handoff;
using HelpBot.Dialogs.Handoff;
using Npgsql;
using NpgsqlTypes;

namespace HelpBot.Bot.Storage.Postgres;

/// <summary>
/// Escalations in PostgreSQL (<c>escalations</c>; ticket numbers from the sequence <c>escalation_tickets</c>), shared by
/// every instance: an agent on one takes a ticket a user raised on another. Every change locks the ticket's row
/// (<c>SELECT … FOR UPDATE</c>), compares and writes in one transaction, so two agents taking one ticket cannot both win,
/// and a line appended while an agent resolves is never lost (as <see cref="LiteDbEscalationStore"/>).
/// </summary>
public sealed class PostgresEscalationStore(NpgsqlDataSource dataSource) : IEscalationStore, IRetainedData
{
    private const string Columns = "ticket, reason, intent, username, display_name, verified, channel_id, conversation_id, conversation_reference, transcript, status, agent_id, agent_name, callback_number, created_at, taken_at, resolved_at, resolution_note, satisfaction, version";

    public async Task<Escalation> CreateAsync(NewEscalation request, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Status is not (EscalationStatus.Waiting or EscalationStatus.OutOfHours))
        {
            throw new ArgumentException("A new escalation is Waiting or OutOfHours.", nameof(request));
        }
        await using var command = dataSource.CreateCommand(
            $"""
            WITH next AS (SELECT nextval('escalation_tickets') AS n)
            INSERT INTO escalations (sequence, ticket, reason, intent, username, display_name, verified, channel_id, conversation_id,
                                     conversation_reference, transcript, status, created_at, version)
            SELECT n, @prefix || lpad(n::text, 6, '0'), @reason, @intent, @username, @display_name, @verified, @channel_id, @conversation_id,
                   @conversation_reference, @transcript, @status, @created_at, 1
            FROM next
            RETURNING {Columns}
            """);
        command.Parameters.AddWithValue("prefix", LiteDbEscalationStore.TicketPrefix);
        command.Parameters.AddWithValue("reason", request.Reason.ToString());
        command.Parameters.AddWithValue("intent", request.Intent);
        command.Parameters.AddWithValue("username", (object?)request.Username ?? DBNull.Value);
        command.Parameters.AddWithValue("display_name", (object?)request.DisplayName ?? DBNull.Value);
        command.Parameters.AddWithValue("verified", request.Verified);
        command.Parameters.AddWithValue("channel_id", request.ChannelId);
        command.Parameters.AddWithValue("conversation_id", request.ConversationId);
        command.Parameters.AddWithValue("conversation_reference", request.ConversationReference);
        command.Parameters.Add(new NpgsqlParameter("transcript", NpgsqlDbType.Jsonb) { Value = TranscriptJson(request.Transcript) });
        command.Parameters.AddWithValue("status", request.Status.ToString());
        command.Parameters.AddWithValue("created_at", now.UtcDateTime);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        return Read(reader);
    }

    public async Task<Escalation?> GetAsync(string ticket, CancellationToken cancellationToken = default) =>
        string.IsNullOrEmpty(ticket) ? null : Single(await QueryAsync("ticket = @value", ticket, cancellationToken).ConfigureAwait(false));

    public async Task<Escalation?> FindOpenByConversationAsync(string conversationId, CancellationToken cancellationToken = default) =>
        Single(await QueryAsync("conversation_id = @value AND status IN ('Waiting', 'Taken') ORDER BY sequence DESC LIMIT 1", conversationId, cancellationToken).ConfigureAwait(false));

    public Task<IReadOnlyList<Escalation>> ListOpenAsync(CancellationToken cancellationToken = default) =>
        QueryAsync("status NOT IN ('Resolved', 'Cancelled') ORDER BY sequence", null, cancellationToken);

    /// <summary>How many people are waiting for a person now (the <c>helpbot.handoff.waiting</c> gauge).</summary>
    public int CountWaiting()
    {
        using var command = dataSource.CreateCommand("SELECT count(*) FROM escalations WHERE status = 'Waiting'");
        return Convert.ToInt32(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    public async Task<int?> QueuePositionAsync(string ticket, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand(
            "SELECT (SELECT count(*) FROM escalations a WHERE a.status = 'Waiting' AND a.sequence < e.sequence) + 1 FROM escalations e WHERE e.ticket = @ticket AND e.status = 'Waiting'");
        command.Parameters.AddWithValue("ticket", ticket);
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is { } position and not DBNull
            ? Convert.ToInt32(position, CultureInfo.InvariantCulture)
            : null;
    }

    public Task<bool> TryTakeAsync(string ticket, string agentId, string agentName, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(agentId);
        return ChangeAsync(ticket, e => e.Status is EscalationStatus.Waiting or EscalationStatus.CallbackRequested or EscalationStatus.OutOfHours,
            e => e with { Status = EscalationStatus.Taken, AgentId = agentId, AgentName = agentName, TakenAt = now }, cancellationToken);
    }

    public Task<bool> TransferAsync(string ticket, string fromAgentId, string toAgentId, string toAgentName, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(toAgentId);
        return ChangeAsync(ticket, e => e.Status == EscalationStatus.Taken && e.AgentId == fromAgentId && fromAgentId != toAgentId,
            e => e with { AgentId = toAgentId, AgentName = toAgentName }, cancellationToken);
    }

    public Task<bool> AppendLineAsync(string ticket, TranscriptLine line, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(line);
        return ChangeAsync(ticket, e => e.IsOpen, e => e with { Transcript = [.. e.Transcript, line] }, cancellationToken);
    }

    public Task<bool> ResolveAsync(string ticket, string agentId, string? note, DateTimeOffset now, CancellationToken cancellationToken = default) =>
        ChangeAsync(ticket, e => e.IsOpen && (e.Status != EscalationStatus.Taken || e.AgentId == agentId),
            e => e with { Status = EscalationStatus.Resolved, AgentId = e.AgentId ?? agentId, ResolvedAt = now, ResolutionNote = note }, cancellationToken);

    public Task<bool> CancelAsync(string ticket, DateTimeOffset now, CancellationToken cancellationToken = default) =>
        ChangeAsync(ticket, e => e.Status is EscalationStatus.Waiting or EscalationStatus.CallbackRequested or EscalationStatus.OutOfHours,
            e => e with { Status = EscalationStatus.Cancelled, ResolvedAt = now }, cancellationToken);

    public Task<bool> RequestCallbackAsync(string ticket, string number, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(number);
        return ChangeAsync(ticket, e => e.Status is EscalationStatus.Waiting or EscalationStatus.OutOfHours,
            e => e with { Status = EscalationStatus.CallbackRequested, CallbackNumber = number }, cancellationToken);
    }

    public Task<bool> SetSatisfactionAsync(string ticket, int score, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(score, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(score, 5);
        return ChangeAsync(ticket, e => e.Status == EscalationStatus.Resolved && e.Satisfaction is null, e => e with { Satisfaction = score }, cancellationToken);
    }

    public async Task<IReadOnlyList<Escalation>> ListSinceAsync(DateTimeOffset since, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand($"SELECT {Columns} FROM escalations WHERE created_at >= @since ORDER BY sequence");
        command.Parameters.AddWithValue("since", since.UtcDateTime);
        return await ReadAllAsync(command, cancellationToken).ConfigureAwait(false);
    }

    string IRetainedData.Name => "escalations";

    /// <summary>Resolved and cancelled escalations closed longer than <see cref="RetentionOptions.ClosedEscalations"/> ago; open ones stay whatever their age.</summary>
    async Task<int> IRetainedData.PurgeAsync(DateTimeOffset now, RetentionOptions retention, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("DELETE FROM escalations WHERE status IN ('Resolved', 'Cancelled') AND resolved_at < @cutoff");
        command.Parameters.AddWithValue("cutoff", (now - retention.ClosedEscalations).UtcDateTime);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Lock, check, write as one transaction; the version goes up on every change.</summary>
    private async Task<bool> ChangeAsync(string ticket, Func<Escalation, bool> allowed, Func<Escalation, Escalation> apply, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(ticket))
        {
            return false;
        }
        var (_, written) = await PostgresRowLock.UpdateAsync(
            dataSource,
            $"SELECT {Columns} FROM escalations WHERE ticket = @id FOR UPDATE",
            ticket,
            Read,
            e => allowed(e) ? apply(e) : null,
            """
            UPDATE escalations SET transcript = @transcript, status = @status, agent_id = @agent_id, agent_name = @agent_name,
                callback_number = @callback_number, taken_at = @taken_at, resolved_at = @resolved_at, resolution_note = @resolution_note,
                satisfaction = @satisfaction, version = version + 1
            WHERE ticket = @ticket
            """,
            (write, _, changed) =>
            {
                write.Parameters.AddWithValue("ticket", ticket);
                write.Parameters.Add(new NpgsqlParameter("transcript", NpgsqlDbType.Jsonb) { Value = TranscriptJson(changed.Transcript) });
                write.Parameters.AddWithValue("status", changed.Status.ToString());
                write.Parameters.AddWithValue("agent_id", (object?)changed.AgentId ?? DBNull.Value);
                write.Parameters.AddWithValue("agent_name", (object?)changed.AgentName ?? DBNull.Value);
                write.Parameters.AddWithValue("callback_number", (object?)changed.CallbackNumber ?? DBNull.Value);
                write.Parameters.AddWithValue("taken_at", PostgresValues.Utc(changed.TakenAt));
                write.Parameters.AddWithValue("resolved_at", PostgresValues.Utc(changed.ResolvedAt));
                write.Parameters.AddWithValue("resolution_note", (object?)changed.ResolutionNote ?? DBNull.Value);
                write.Parameters.AddWithValue("satisfaction", (object?)changed.Satisfaction ?? DBNull.Value);
            },
            cancellationToken).ConfigureAwait(false);
        return written is not null;
    }

    private async Task<IReadOnlyList<Escalation>> QueryAsync(string where, string? value, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"SELECT {Columns} FROM escalations WHERE {where}");
        if (value is not null)
        {
            command.Parameters.AddWithValue("value", value);
        }
        return await ReadAllAsync(command, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<IReadOnlyList<Escalation>> ReadAllAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        var found = await PostgresValues.ReadAllAsync(command, reader => Read(reader), cancellationToken).ConfigureAwait(false);
        return found;
    }

    private static Escalation? Single(IReadOnlyList<Escalation> found) => found is [var one] ? one : null;

    private static string TranscriptJson(IReadOnlyList<TranscriptLine> lines) =>
        JsonSerializer.Serialize(lines.Select(l => new LineRow(l.From.ToString(), l.Text, l.At.UtcDateTime)).ToList());

    private static Escalation Read(NpgsqlDataReader r) => new()
    {
        Ticket = r.GetString(0),
        Reason = Enum.TryParse<EscalationReason>(r.GetString(1), out var reason) ? reason : EscalationReason.Other,
        Intent = r.GetString(2),
        Username = r.IsDBNull(3) ? null : r.GetString(3),
        DisplayName = r.IsDBNull(4) ? null : r.GetString(4),
        Verified = r.GetBoolean(5),
        ChannelId = r.GetString(6),
        ConversationId = r.GetString(7),
        ConversationReference = r.GetString(8),
        Transcript = (JsonSerializer.Deserialize<List<LineRow>>(r.GetString(9)) ?? [])
            .Select(l => new TranscriptLine(Enum.TryParse<TranscriptFrom>(l.From, out var from) ? from : TranscriptFrom.System, l.Text, PostgresValues.Utc(l.At)))
            .ToList(),
        Status = Enum.Parse<EscalationStatus>(r.GetString(10)),
        AgentId = r.IsDBNull(11) ? null : r.GetString(11),
        AgentName = r.IsDBNull(12) ? null : r.GetString(12),
        CallbackNumber = r.IsDBNull(13) ? null : r.GetString(13),
        CreatedAt = PostgresValues.Utc(r.GetDateTime(14)),
        TakenAt = PostgresValues.UtcOrNull(r, 15),
        ResolvedAt = PostgresValues.UtcOrNull(r, 16),
        ResolutionNote = r.IsDBNull(17) ? null : r.GetString(17),
        Satisfaction = r.IsDBNull(18) ? null : r.GetInt32(18),
        Version = r.GetInt32(19),
    };

    /// <summary>One transcript line in the <c>transcript</c> JSON array.</summary>
    private sealed record LineRow(string From, string Text, DateTime At);
}
