using System.Security.Cryptography;
using System.Text.Json;
using HelpBot.Bot.DirectLine;
using StackExchange.Redis;

namespace HelpBot.Bot.Scale;

/// <summary>
/// Direct Line activities relayed between instances on the Redis channel <c>helpbot:directline</c> (publish/subscribe:
/// nothing is kept in Redis). Each instance ignores its own messages; a message that is lost (a dropped connection) is
/// made up from the store, where every activity is before it is relayed.
/// </summary>
public sealed class RedisDirectLineRelay(IConnectionMultiplexer redis, ILogger<RedisDirectLineRelay> logger) : IDirectLineRelay
{
    private static readonly RedisChannel Channel = RedisChannel.Literal("helpbot:directline");

    private readonly string _instance = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4));

    public bool Shared => true;

    public string IdSuffix => "." + _instance;

    public async Task PublishAsync(DirectLineRelayed activity, CancellationToken cancellationToken)
    {
        var message = JsonSerializer.Serialize(new Message(_instance, activity));
        await redis.GetSubscriber().PublishAsync(Channel, message).ConfigureAwait(false);
    }

    public void Receive(Func<DirectLineRelayed, Task> received)
    {
        // A ChannelMessageQueue hands messages over one at a time, in the order Redis delivers them.
        redis.GetSubscriber().Subscribe(Channel).OnMessage(async delivered =>
        {
            try
            {
                if (JsonSerializer.Deserialize<Message>(delivered.Message.ToString()) is { } message && message.From != _instance)
                {
                    await received(message.Activity).ConfigureAwait(false);
                }
            }
#pragma warning disable CA1031 // One bad message must not stop the relay; the store still has the activity.
            catch (Exception e)
#pragma warning restore CA1031
            {
                logger.LogWarning(e, "A Direct Line activity relayed from another instance could not be delivered here; clients catch up from the store.");
            }
        });
    }

    private sealed record Message(string From, DirectLineRelayed Activity);
}
