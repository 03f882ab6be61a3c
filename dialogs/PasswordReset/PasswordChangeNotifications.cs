using HelpBot.Dialogs.Accounts;
using Microsoft.Bot.Schema;

namespace HelpBot.Dialogs.PasswordReset;

/// <summary>
/// R3 for a password set on the reset page: the chat hears it (with the device checklist) and so does every address on
/// file — text phone, alternate and primary e-mail — with how to report it if it wasn't the user.
/// </summary>
public sealed class PasswordChangeNotifications(ChatPasswordChangeNotifications chat, IAccountDirectory directory, IAccountNotifier notifier)
    : IPasswordChangeNotifications
{
    public async Task PasswordChangedAsync(string username, ConversationReference conversation, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        if (await directory.FindAsync(username, cancellationToken).ConfigureAwait(false) is { } account)
        {
            await notifier.NotifyAsync(account, AccountEvent.PasswordReset, at, cancellationToken).ConfigureAwait(false);
        }
        await chat.PasswordChangedAsync(username, conversation, at, cancellationToken).ConfigureAwait(false);
    }
}
