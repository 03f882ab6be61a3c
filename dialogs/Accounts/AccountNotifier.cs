using System.Globalization;
using HelpBot.Dialogs.Audit;
using HelpBot.Dialogs.Messaging;

namespace HelpBot.Dialogs.Accounts;

/// <summary>What happened to an account that its owner must hear about (R3).</summary>
public enum AccountEvent
{
    Unlocked,
    PasswordReset,
    PasswordChanged,
}

/// <summary>SECURITY.md R3: every unlock and reset is told to every address on file, with how to report it. Never a password.</summary>
public interface IAccountNotifier
{
    Task NotifyAsync(Account account, AccountEvent accountEvent, DateTimeOffset at, CancellationToken cancellationToken = default);
}

public sealed class AccountNotifier(IOutboundMessages outbound, IAuditLog audit) : IAccountNotifier
{
    public const string ServiceDesk = "617-432-2000";

    public async Task NotifyAsync(Account account, AccountEvent accountEvent, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(account);
        var text = Text(accountEvent, at);
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

    /// <summary>Short enough for one text message; the time in UTC so nobody has to guess the zone.</summary>
    public static string Text(AccountEvent accountEvent, DateTimeOffset at)
    {
        var what = accountEvent switch
        {
            AccountEvent.Unlocked => "Your eCommons account was unlocked",
            AccountEvent.PasswordReset => "Your eCommons password was reset",
            _ => "Your eCommons password was changed",
        };
        var utc = at.ToUniversalTime();
        return string.Create(CultureInfo.InvariantCulture,
            $"{what} at {utc:HH:mm} (UTC, {utc:d MMMM yyyy}). If this wasn't you, call the HMS IT Service Desk at {ServiceDesk} right away.");
    }
}
