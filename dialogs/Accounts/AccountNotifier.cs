using HelpBot.Dialogs.Audit;
using HelpBot.Dialogs.Messaging;
using HelpBot.Dialogs.PasswordReset;
using Microsoft.Extensions.Options;

namespace HelpBot.Dialogs.Accounts;

/// <summary>What happened to an account that its owner must hear about (R3).</summary>
public enum AccountEvent
{
    Unlocked,
    PasswordReset,
    PasswordChanged,
}

/// <summary>docs/security.md, R3: every unlock and reset is told to every address on file, with how to report it. Never a password.</summary>
public interface IAccountNotifier
{
    Task NotifyAsync(Account account, AccountEvent accountEvent, DateTimeOffset at, CancellationToken cancellationToken = default);
}

/// <param name="options">Its <c>TimeZone</c> is the zone the chat tells the time in; texts and e-mails use the same one.</param>
public sealed class AccountNotifier(IOutboundMessages outbound, IAuditLog audit, IOptions<PasswordResetOptions> options) : IAccountNotifier
{
    public const string ServiceDesk = "617-432-2000";

    public async Task NotifyAsync(Account account, AccountEvent accountEvent, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(account);
        var text = Text(accountEvent, at, LocalTime.Zone(options.Value.TimeZone));
        var subject = Subject(accountEvent);
        var sent = new List<string>();
        if (!string.IsNullOrWhiteSpace(account.TextPhone))
        {
            await outbound.EnqueueAsync(new OutboundMessage(MessageChannel.Text, account.TextPhone, subject, text), cancellationToken);
            sent.Add(Mask.Phone(account.TextPhone));
        }
        // Both e-mail addresses, once each: a thief who controls one should not be able to hide the change from the other.
        foreach (var email in new[] { account.AlternateEmail, account.Email }
                     .Where(e => !string.IsNullOrWhiteSpace(e))
                     .Distinct(StringComparer.OrdinalIgnoreCase))
        {
            await outbound.EnqueueAsync(new OutboundMessage(MessageChannel.Email, email!, subject, text), cancellationToken);
            sent.Add(Mask.Email(email));
        }
        await audit.WriteAsync(new AuditEntry
        {
            At = at,
            Action = "account.notified",
            Outcome = sent.Count > 0 ? "success" : "no-address",
            Account = account.Username,
            Detail = $"event={accountEvent} to={string.Join(", ", sent)}",
        }, cancellationToken);
    }

    public static string Subject(AccountEvent accountEvent) => accountEvent switch
    {
        AccountEvent.Unlocked => "Your eCommons account was unlocked",
        AccountEvent.PasswordReset => "Your eCommons password was reset",
        _ => "Your eCommons password was changed",
    };

    /// <summary>Short enough for one text message; the time and date in the chat's zone, the zone named ("Eastern time").</summary>
    public static string Text(AccountEvent accountEvent, DateTimeOffset at, TimeZoneInfo zone)
    {
        var what = accountEvent switch
        {
            AccountEvent.Unlocked => "Your eCommons account was unlocked",
            AccountEvent.PasswordReset => "Your eCommons password was reset",
            _ => "Your eCommons password was changed",
        };
        return $"{what} at {LocalTime.ClockAndDate(at, zone)}. If this wasn't you, call the HMS IT Service Desk at {ServiceDesk} right away.";
    }
}
