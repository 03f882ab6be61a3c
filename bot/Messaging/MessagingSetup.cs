using HelpBot.Bot.Hosting;
using HelpBot.Bot.Storage;
using HelpBot.Bot.Storage.Postgres;
using HelpBot.Dialogs.Accounts;
using HelpBot.Dialogs.Messaging;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace HelpBot.Bot.Messaging;

/// <summary>
/// Registers delivery: the in-process queue and its background sender (C6), the senders chosen by
/// <c>Messaging:Email</c> and <c>Messaging:Text</c>, and the account notifier (R3).
/// </summary>
public static class MessagingSetup
{
    public static IServiceCollection AddMessaging(this IServiceCollection services)
    {
        services.AddOptions<MessagingOptions>().BindConfiguration(MessagingOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<MessagingOptions>, MessagingOptionsValidator>();
        services.TryAddSingleton(TimeProvider.System);

        services.AddSingleton(sp => new OutboxFileSender(
            StorageSetup.ResolvePath(sp.GetRequiredService<IHostEnvironment>().ContentRootPath, sp.GetRequiredService<IOptions<MessagingOptions>>().Value.OutboxPath),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<OutboxFileSender>>()));
        services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<MessagingOptions>>().Value;
            IMessageSender email = OptionsSetup.IsOneOf(options.Email, "Smtp")
                ? new SmtpEmailSender(options.Smtp, sp.GetRequiredService<ILogger<SmtpEmailSender>>())
                : sp.GetRequiredService<OutboxFileSender>();
            IMessageSender text = OptionsSetup.IsOneOf(options.Text, "Twilio")
                ? sp.GetRequiredService<TwilioSmsSender>()
                : sp.GetRequiredService<OutboxFileSender>();
            return new RoutingMessageSender(email, text);
        });
        services.AddSingleton(sp => new TwilioSmsSender(sp.GetRequiredService<IOptions<MessagingOptions>>().Value.Twilio, sp.GetRequiredService<ILogger<TwilioSmsSender>>()));
        services.AddSingleton<IMessageSender>(sp => sp.GetRequiredService<RoutingMessageSender>());

        // Durable (issue 15, finding 9): a message is in the outbox collection before the turn answers, sealed with outbox.key.
        services.AddSingleton(sp => new OutboxKey(sp.GetRequiredService<KeyRing>().Get(OutboxKey.FileName, sp.GetRequiredService<IOptions<MessagingOptions>>().Value.OutboxKey, OutboxKey.Bytes32, "Messaging:OutboxKey")));
        // With PostgreSQL the instances share it: what one queued and could not send (it died) is sent by another.
        services.AddSingleton<IOutboxStore>(sp =>
        {
            var key = sp.GetRequiredService<OutboxKey>();
            if (!StorageSetup.UsesPostgres(sp))
            {
                return new LiteDbOutboxStore(sp.GetRequiredService<HelpBotDatabase>(), key);
            }
            var options = sp.GetRequiredService<IOptions<MessagingOptions>>().Value;
            return new PostgresOutboxStore(StorageSetup.MigratedPostgres(sp), key,
                TimeSpan.FromSeconds(options.SharedOutboxClaimSeconds), TimeSpan.FromSeconds(options.SharedOutboxSweepSeconds));
        });
        services.AddSingleton<OutboundMessages>();
        services.AddSingleton<IOutboundMessages>(sp => sp.GetRequiredService<OutboundMessages>());
        services.AddHostedService<OutboundDeliveryService>();

        services.AddSingleton<IAccountNotifier, AccountNotifier>();
        return services;
    }
}

internal sealed class MessagingOptionsValidator : IValidateOptions<MessagingOptions>
{
    public ValidateOptionsResult Validate(string? name, MessagingOptions o)
    {
        var errors = new List<string>();
        if (!OptionsSetup.IsOneOf(o.Email, "Outbox", "Smtp"))
        {
            errors.Add($"Messaging:Email is {OptionsSetup.Quote(o.Email)}; use Outbox (a file, the default) or Smtp.");
        }
        if (!OptionsSetup.IsOneOf(o.Text, "Outbox", "Twilio"))
        {
            errors.Add($"Messaging:Text is {OptionsSetup.Quote(o.Text)}; use Outbox (a file, the default) or Twilio.");
        }
        if (!string.IsNullOrWhiteSpace(o.OutboxKey) && (!Convert.TryFromBase64String(o.OutboxKey, new byte[o.OutboxKey.Length], out var keyLength) || keyLength != OutboxKey.Bytes32))
        {
            errors.Add($"Messaging:OutboxKey is not a base64 key of {OutboxKey.Bytes32} bytes; generate one with `openssl rand -base64 32`, or leave it empty to have HelpBot keep one in {OutboxKey.FileName} in the keys folder.");
        }
        if (o.SharedOutboxClaimSeconds < 1 || o.SharedOutboxSweepSeconds < 1)
        {
            errors.Add(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"Messaging:SharedOutboxClaimSeconds ({o.SharedOutboxClaimSeconds}) and Messaging:SharedOutboxSweepSeconds ({o.SharedOutboxSweepSeconds}) must be at least 1; the defaults are 60 and 15."));
        }
        if (string.IsNullOrWhiteSpace(o.OutboxPath))
        {
            errors.Add("Messaging:OutboxPath is empty; give a file such as data/outbox.jsonl.");
        }
        if (OptionsSetup.IsOneOf(o.Email, "Smtp"))
        {
            if (string.IsNullOrWhiteSpace(o.Smtp.Host))
            {
                errors.Add("Messaging:Smtp:Host is missing; Messaging:Email = Smtp needs the relay's host name.");
            }
            if (o.Smtp.Port is < 1 or > 65535)
            {
                errors.Add(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"Messaging:Smtp:Port is {o.Smtp.Port}; use a TCP port such as 587 (StartTls) or 465 (SslOnConnect)."));
            }
            if (!MimeKit.MailboxAddress.TryParse(o.Smtp.From, out _))
            {
                errors.Add($"Messaging:Smtp:From is {OptionsSetup.Quote(o.Smtp.From)}; use a sender address such as HMS IT <no-reply@hms.harvard.edu>.");
            }
            if (!OptionsSetup.IsOneOf(o.Smtp.Security, "StartTls", "SslOnConnect", "StartTlsWhenAvailable", "Auto", "None"))
            {
                errors.Add($"Messaging:Smtp:Security is {OptionsSetup.Quote(o.Smtp.Security)}; use StartTls, SslOnConnect, StartTlsWhenAvailable, Auto or None.");
            }
        }
        if (OptionsSetup.IsOneOf(o.Text, "Twilio"))
        {
            if (string.IsNullOrWhiteSpace(o.Twilio.AccountSid) || !o.Twilio.AccountSid.StartsWith("AC", StringComparison.Ordinal))
            {
                errors.Add($"Messaging:Twilio:AccountSid is {OptionsSetup.Quote(o.Twilio.AccountSid)}; use the account sid from the Twilio console (it starts with AC).");
            }
            if (string.IsNullOrWhiteSpace(o.Twilio.AuthToken))
            {
                errors.Add("Messaging:Twilio:AuthToken is missing; Messaging:Text = Twilio needs the account's auth token.");
            }
            if (string.IsNullOrWhiteSpace(o.Twilio.From))
            {
                errors.Add("Messaging:Twilio:From is missing; give the sending number in E.164 (e.g. +16175550100) or a messaging service sid (MG…).");
            }
        }
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
