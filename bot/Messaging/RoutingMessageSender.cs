using HelpBot.Dialogs.Messaging;

namespace HelpBot.Bot.Messaging;

/// <summary>The <see cref="IMessageSender"/> the delivery queue uses: e-mails to the configured e-mail sender, texts to the text sender.</summary>
public sealed class RoutingMessageSender(IMessageSender email, IMessageSender text) : IMessageSender
{
    public IMessageSender Email { get; } = email;

    public IMessageSender Text { get; } = text;

    public Task SendAsync(OutboundMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        return (message.Channel == MessageChannel.Text ? Text : Email).SendAsync(message, cancellationToken);
    }
}
