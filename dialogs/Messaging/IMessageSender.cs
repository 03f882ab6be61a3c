namespace HelpBot.Dialogs.Messaging;

/// <summary>How a message reaches a person outside the chat.</summary>
public enum MessageChannel
{
    Text,
    Email,
}

/// <summary>One message to a phone or a mailbox. <see cref="Text"/> may hold a SafeCode: never log it.</summary>
public sealed record OutboundMessage(MessageChannel Channel, string To, string Subject, string Text);

/// <summary>
/// Delivers SafeCodes and notifications. Implementations: the embedded outbox file (default, <c>data/outbox.jsonl</c>),
/// SMTP e-mail (MailKit) and SMS (Twilio). Implementations log that a message was queued, never its text.
/// </summary>
public interface IMessageSender
{
    Task SendAsync(OutboundMessage message, CancellationToken cancellationToken = default);
}
