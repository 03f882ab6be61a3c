using HelpBot.Dialogs.Messaging;

namespace HelpBot.Dialogs.Accounts;

/// <summary>
/// Provisioning of sponsored guests' eCommons accounts (issue 5): the directory side of a guest key. Kept apart from
/// <see cref="IAccountDirectory"/> because only the guest-key flows write new accounts, and a directory may support
/// reading and unlocking without supporting this (LDAP says so with a <see cref="NotSupportedException"/>).
/// </summary>
public interface IGuestAccounts
{
    /// <summary>Creates a registered guest account with no password yet and returns its new, unique username.</summary>
    Task<string> CreateGuestAccountAsync(GuestAccountRequest request, CancellationToken cancellationToken = default);

    /// <summary>Sets the guest's SafeCode destination: a text phone (E.164) or an e-mail address (replacing the other kind).</summary>
    Task SetSafeCodeContactAsync(string username, MessageChannel channel, string destination, CancellationToken cancellationToken = default);

    /// <summary>Records the last day of access (the directory's account expiry).</summary>
    Task SetAccessEndAsync(string username, DateOnly lastDay, CancellationToken cancellationToken = default);

    /// <summary>Disables the account: the guest can no longer log in or use self-service. Idempotent.</summary>
    Task DisableAsync(string username, CancellationToken cancellationToken = default);
}

/// <summary>What the sponsor told us about the guest, and until when they may use the account.</summary>
public sealed record GuestAccountRequest(string FirstName, string LastName, string Email, string Organisation, string Sponsor, DateOnly LastDay);
