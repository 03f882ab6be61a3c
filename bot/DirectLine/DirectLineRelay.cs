namespace HelpBot.Bot.DirectLine;

/// <summary>What one instance did to a Direct Line conversation that the others must know.</summary>
public enum DirectLineRelayedKind
{
    /// <summary>An activity stored at <see cref="DirectLineRelayed.Watermark"/>, as sent (a socket on another instance shows it exactly as one here would).</summary>
    Stored,

    /// <summary>A typing indicator: pushed to sockets, never stored.</summary>
    Typing,

    /// <summary>The bot deleted <see cref="DirectLineRelayed.ActivityId"/>.</summary>
    Removed,

    /// <summary>The retention purge removed the whole conversation: no instance may serve it from memory any more.</summary>
    Forgotten,
}

/// <summary>One change to a conversation, relayed between instances.</summary>
public sealed record DirectLineRelayed(DirectLineRelayedKind Kind, string ConversationId, long? Watermark = null, string? ActivityId = null, string? ActivityJson = null);

/// <summary>
/// Tells the other instances what this one stored in a Direct Line conversation, so a Web Chat socket open on any of
/// them receives replies produced on another (an agent's message, a turn posted through another instance).
/// Implementations: <see cref="NoDirectLineRelay"/> (one instance) and <see cref="Scale.RedisDirectLineRelay"/> (<c>Scale:Redis</c>).
/// </summary>
public interface IDirectLineRelay
{
    /// <summary>True when other instances may write the same conversations: memory is then caught up from the store before it is read.</summary>
    bool Shared { get; }

    /// <summary>Appended to the activity ids this instance gives, so two instances never give the same one ("" alone).</summary>
    string IdSuffix { get; }

    Task PublishAsync(DirectLineRelayed activity, CancellationToken cancellationToken);

    /// <summary>From now on, hands what other instances publish to <paramref name="received"/>, one at a time, in the order published.</summary>
    void Receive(Func<DirectLineRelayed, Task> received);
}

/// <summary>One instance: nobody else to tell.</summary>
public sealed class NoDirectLineRelay : IDirectLineRelay
{
    public bool Shared => false;

    public string IdSuffix => "";

    public Task PublishAsync(DirectLineRelayed activity, CancellationToken cancellationToken) => Task.CompletedTask;

    public void Receive(Func<DirectLineRelayed, Task> received)
    {
    }
}
