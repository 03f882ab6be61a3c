namespace HelpBot.Bot.DirectLine;

/// <summary>
/// An activity one instance stored for a conversation, as sent (so a socket on another instance shows it exactly as a
/// socket on the first would), or a typing indicator it pushed (no watermark).
/// </summary>
public sealed record DirectLineRelayed(string ConversationId, long? Watermark, string ActivityId, string ActivityJson);

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
