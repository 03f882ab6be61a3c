using HelpBot.Bot.Teams;
using Npgsql;

namespace HelpBot.Bot.Storage.Postgres;

/// <summary>
/// The desk channel's cards in PostgreSQL (<c>teams_desk_cards</c>), by ticket, so a reply in a card's thread reaching any
/// instance finds its escalation. A save is one upsert; the purge removes the cards whose escalation is gone.
/// </summary>
public sealed class PostgresDeskCards(NpgsqlDataSource dataSource) : IDeskCards, IRetainedData
{
    public DeskCard? Get(string ticket) => QueryOne("ticket = @value", ticket);

    public DeskCard? FindByThread(string conversationId) =>
        IDeskCards.ThreadRoot(conversationId) is { } root ? QueryOne("activity_id = @value", root) : null;

    public void Save(DeskCard card)
    {
        ArgumentNullException.ThrowIfNull(card);
        using var command = dataSource.CreateCommand(
            """
            INSERT INTO teams_desk_cards (ticket, activity_id, thread_conversation_id) VALUES (@ticket, @activity_id, @thread)
            ON CONFLICT (ticket) DO UPDATE SET activity_id = EXCLUDED.activity_id, thread_conversation_id = EXCLUDED.thread_conversation_id
            """);
        command.Parameters.AddWithValue("ticket", card.Ticket);
        command.Parameters.AddWithValue("activity_id", card.ActivityId);
        command.Parameters.AddWithValue("thread", card.ThreadConversationId);
        command.ExecuteNonQuery();
    }

    string IRetainedData.Name => "teams_desk_cards";

    /// <summary>The cards of escalations that are no longer kept (<see cref="RetentionOptions.ClosedEscalations"/>).</summary>
    async Task<int> IRetainedData.PurgeAsync(DateTimeOffset now, RetentionOptions retention, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            "DELETE FROM teams_desk_cards c WHERE NOT EXISTS (SELECT 1 FROM escalations e WHERE e.ticket = c.ticket)");
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private DeskCard? QueryOne(string where, string value)
    {
        using var command = dataSource.CreateCommand($"SELECT ticket, activity_id, thread_conversation_id FROM teams_desk_cards WHERE {where} LIMIT 1");
        command.Parameters.AddWithValue("value", value);
        using var reader = command.ExecuteReader();
        return reader.Read() ? new DeskCard(reader.GetString(0), reader.GetString(1), reader.GetString(2)) : null;
    }
}
