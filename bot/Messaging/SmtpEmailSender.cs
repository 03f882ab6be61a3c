using HelpBot.Dialogs.Messaging;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;

namespace HelpBot.Bot.Messaging;

/// <summary>E-mail through an SMTP relay (MailKit). One connection per message: SafeCodes are rare and must not wait on a stale one.</summary>
public sealed class SmtpEmailSender(SmtpOptions options, ILogger<SmtpEmailSender> logger) : IMessageSender
{
    public async Task SendAsync(OutboundMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        using var mime = new MimeMessage();
        mime.From.Add(MailboxAddress.Parse(options.From ?? throw new InvalidOperationException("Messaging:Smtp:From is missing.")));
        mime.To.Add(MailboxAddress.Parse(message.To));
        mime.Subject = message.Subject;
        mime.Body = new TextPart("plain") { Text = message.Text };

        using var client = new SmtpClient();
        await client.ConnectAsync(options.Host ?? throw new InvalidOperationException("Messaging:Smtp:Host is missing."), options.Port, SecurityOf(options.Security), cancellationToken);
        if (!string.IsNullOrEmpty(options.UserName))
        {
            await client.AuthenticateAsync(options.UserName, options.Password ?? "", cancellationToken);
        }
        await client.SendAsync(mime, cancellationToken);
        await client.DisconnectAsync(true, cancellationToken);
        logger.LogInformation("SMTP: sent an email message to {Destination} through {Host}:{Port}", Mask.Email(message.To), options.Host, options.Port);
    }

    internal static SecureSocketOptions SecurityOf(string? security) => security?.ToUpperInvariant() switch
    {
        "NONE" => SecureSocketOptions.None,
        "AUTO" => SecureSocketOptions.Auto,
        "SSLONCONNECT" => SecureSocketOptions.SslOnConnect,
        "STARTTLSWHENAVAILABLE" => SecureSocketOptions.StartTlsWhenAvailable,
        _ => SecureSocketOptions.StartTls,
    };
}
