using System.Security.Cryptography;
using System.Text;
using HelpBot.Bot.Storage;
using HelpBot.Dialogs.Messaging;
using LiteDB;
using JsonSerializer = System.Text.Json.JsonSerializer;

namespace HelpBot.Bot.Messaging;

/// <summary>
/// The outbox in the shared LiteDB file (collection <c>outbox</c>, issue 15, finding 9): a message waits here from the
/// turn that queued it until its delivery was attempted. A message may hold a SafeCode, which is never kept in clear
/// (docs/security.md, S4), so the recipient, subject and text are sealed with AES-GCM under <c>outbox.key</c> from the
/// key ring (the keys folder, <c>Storage:KeysPath</c>); only the channel and the time are readable.
/// </summary>
public sealed class LiteDbOutboxStore(HelpBotDatabase database, OutboxKey key) : IOutboxStore
{
    public const string CollectionName = "outbox";

    private ILiteCollection<OutboxDocument> Collection => database.GetCollection<OutboxDocument>(CollectionName);

    public Task<string> AddAsync(OutboundMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        var id = ObjectId.NewObjectId();
        Collection.Insert(new OutboxDocument
        {
            Id = id,
            Channel = message.Channel,
            At = DateTime.UtcNow,
            Sealed = key.Seal(id.ToString(), message),
        });
        return Task.FromResult(id.ToString());
    }

    public Task RemoveAsync(string id, CancellationToken cancellationToken = default)
    {
        Collection.Delete(new ObjectId(id));
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<QueuedMessage>> PendingAsync(CancellationToken cancellationToken = default)
    {
        IReadOnlyList<QueuedMessage> pending = Collection.FindAll().OrderBy(d => d.Id).ToList()
            .Select(d => new QueuedMessage(d.Id.ToString(), key.Open(d.Id.ToString(), d.Channel, d.Sealed)))
            .ToList();
        return Task.FromResult(pending);
    }

    private sealed class OutboxDocument
    {
        public ObjectId Id { get; set; } = ObjectId.Empty;
        public MessageChannel Channel { get; set; }
        public DateTime At { get; set; }
        public byte[] Sealed { get; set; } = [];
    }
}

/// <summary>
/// The 256-bit key that seals the outbox (<c>outbox.key</c>, or <c>Messaging:OutboxKey</c>): a message's recipient,
/// subject and text are kept only sealed with AES-GCM, in the LiteDB file and in PostgreSQL alike.
/// </summary>
public sealed class OutboxKey(byte[] bytes)
{
    public const string FileName = "outbox.key";
    public const int Bytes32 = 32;

    private const int NonceBytes = 12;
    private const int TagBytes = 16;

    public byte[] Bytes { get; } = bytes.Length == Bytes32 ? bytes : throw new ArgumentException($"The outbox key must be {Bytes32} bytes.", nameof(bytes));

    /// <summary>nonce | ciphertext | tag; the message's id is the associated data, so a sealed text cannot be moved to another message.</summary>
    public byte[] Seal(string id, OutboundMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var plain = JsonSerializer.SerializeToUtf8Bytes(new Content(message.To, message.Subject, message.Text));
        var result = new byte[NonceBytes + plain.Length + TagBytes];
        var nonce = result.AsSpan(0, NonceBytes);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(Bytes, TagBytes);
        aes.Encrypt(nonce, plain, result.AsSpan(NonceBytes, plain.Length), result.AsSpan(NonceBytes + plain.Length), Encoding.UTF8.GetBytes(id));
        return result;
    }

    /// <summary>The message <see cref="Seal"/> sealed under <paramref name="id"/>.</summary>
    public OutboundMessage Open(string id, MessageChannel channel, byte[] sealedBytes)
    {
        ArgumentNullException.ThrowIfNull(sealedBytes);
        var plain = new byte[sealedBytes.Length - NonceBytes - TagBytes];
        using var aes = new AesGcm(Bytes, TagBytes);
        aes.Decrypt(sealedBytes.AsSpan(0, NonceBytes), sealedBytes.AsSpan(NonceBytes, plain.Length), sealedBytes.AsSpan(NonceBytes + plain.Length), plain, Encoding.UTF8.GetBytes(id));
        var content = JsonSerializer.Deserialize<Content>(plain)!;
        return new OutboundMessage(channel, content.To, content.Subject, content.Text);
    }

    private sealed record Content(string To, string Subject, string Text);
}
