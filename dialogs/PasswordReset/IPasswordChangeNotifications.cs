using Microsoft.Bot.Schema;

namespace HelpBot.Dialogs.PasswordReset;

/// <summary>
/// Tells the user their password was changed (R3). The chat gets "Your password was changed at 14:02." and the device
/// checklist; the notices to every address on file (phone, e-mails) are added by the account notifier, composed in.
/// </summary>
public interface IPasswordChangeNotifications
{
    Task PasswordChangedAsync(string username, ConversationReference conversation, DateTimeOffset at, CancellationToken cancellationToken = default);
}
