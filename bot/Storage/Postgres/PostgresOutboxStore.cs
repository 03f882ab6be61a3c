using System.Globalization;
using HelpBot.Bot.Messaging;
using HelpBot.Dialogs.Messaging;
using Npgsql;

namespace HelpBot.Bot.Storage.Postgres;

/// <summary>
/// The outbox in PostgreSQL (<c>outbox</c>), shared by the instances: the recipient, subject and text are sealed with
/// <c>outbox.key</c> (the same key on every instance), only the channel and the time are readable. A message is claimed
/// by the instance that queued it until <c>claimed_until</c>; each sweep claims the lapsed ones with
/// <c>FOR UPDATE SKIP LOCKED</c>, so of two instances sweeping at once each message goes to one. Delivery is at least
/// once: a message held up longer than the claim in a live instance can also be sent by another.
/// </summary>
public sealed class PostgresOutboxStore(NpgsqlDataSource dataSource, OutboxKey key, TimeSpan claim, TimeSpan sweepEvery) : IOutboxStore
{
    public TimeSpan? SweepEvery => sweepEvery;

    public async Task<string> AddAsync(OutboundMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        var id = Guid.CreateVersion7().ToString("N", CultureInfo.InvariantCulture);
        await using var command = dataSource.CreateCommand(
            "INSERT INTO outbox (id, channel, at, sealed, claimed_until) VALUES (@id, @channel, now(), @sealed, now() + @claim)");
        command.Parameters.AddWithValue("id", id);
        command.Parameters.AddWithValue("channel", message.Channel.ToString());
        command.Parameters.AddWithValue("sealed", key.Seal(id, message));
        command.Parameters.AddWithValue("claim", claim);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        return id;
    }

    public async Task RemoveAsync(string id, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand("DELETE FROM outbox WHERE id = @id");
        command.Parameters.AddWithValue("id", id);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<QueuedMessage>> PendingAsync(CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand(
            """
            UPDATE outbox SET claimed_until = now() + @claim
            WHERE id IN (SELECT id FROM outbox WHERE claimed_until <= now() ORDER BY at, id LIMIT 1000 FOR UPDATE SKIP LOCKED)
            RETURNING id, channel, at, sealed
            """);
        command.Parameters.AddWithValue("claim", claim);
        var taken = new List<(DateTime At, QueuedMessage Message)>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var id = reader.GetString(0);
            var channel = Enum.Parse<MessageChannel>(reader.GetString(1));
            taken.Add((reader.GetDateTime(2), new QueuedMessage(id, key.Open(id, channel, reader.GetFieldValue<byte[]>(3)))));
        }
        return [.. taken.OrderBy(t => t.At).ThenBy(t => t.Message.Id, StringComparer.Ordinal).Select(t => t.Message)];
    }
}
