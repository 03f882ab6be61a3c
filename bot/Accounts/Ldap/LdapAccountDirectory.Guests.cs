using HelpBot.Dialogs.Accounts;
using HelpBot.Dialogs.Messaging;

namespace HelpBot.Bot.Accounts.Ldap;

/// <summary>
/// Guest provisioning against LDAP is not done by HelpBot: creating entries needs the organisation's naming (which OU,
/// which object classes, which required attributes such as Active Directory's sAMAccountName rules and
/// userAccountControl) and rights a help-desk service account should not hold. With <c>Directory:Provider=Ldap</c> a
/// guest who uses a valid key is told kindly that the account couldn't be created, and the key is given back.
/// </summary>
public sealed partial class LdapAccountDirectory : IGuestAccounts
{
    public const string NotSupportedMessage =
        "Creating guest accounts in an LDAP or Active Directory directory is not supported by HelpBot: provision guests with the organisation's identity-management process, or use Directory:Provider=Embedded.";

    public Task<string> CreateGuestAccountAsync(GuestAccountRequest request, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException(NotSupportedMessage);

    public Task SetSafeCodeContactAsync(string username, MessageChannel channel, string destination, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException(NotSupportedMessage);

    public Task SetAccessEndAsync(string username, DateOnly lastDay, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException(NotSupportedMessage);

    public Task DisableAsync(string username, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException(NotSupportedMessage);
}
