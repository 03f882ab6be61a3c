namespace HelpBot.Dialogs.Handoff;

/// <summary>
/// Carries the desk's side to the user: into the user's own Teams or Web Chat conversation, through the stored
/// conversation reference and <see cref="Messaging.IProactiveMessenger"/>. What is sent is appended to the transcript
/// (redacted). Each method returns false when the ticket is unknown or the user can no longer be reached.
/// </summary>
public interface IAgentRelay
{
    /// <summary>An agent's words, shown to the user as "<paramref name="agentName"/>: text".</summary>
    Task<bool> SendToUserAsync(string ticket, string agentName, string text, CancellationToken cancellationToken = default);

    /// <summary>The agent is typing (a typing activity in the user's conversation).</summary>
    Task<bool> SendTypingAsync(string ticket, CancellationToken cancellationToken = default);

    /// <summary>Tells the user an agent has joined (after a take or a transfer).</summary>
    Task<bool> NotifyTakenAsync(string ticket, CancellationToken cancellationToken = default);

    /// <summary>Tells the user the conversation is over and sends the one-question satisfaction survey card.</summary>
    Task<bool> NotifyResolvedAsync(string ticket, CancellationToken cancellationToken = default);

    /// <summary>A message from HelpBot itself about the request ("you're now number 2 in the queue"); not added to the transcript.</summary>
    Task<bool> SendStatusAsync(string ticket, string text, CancellationToken cancellationToken = default);
}
