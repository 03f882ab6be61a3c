using HelpBot.Dialogs.Accounts;

namespace HelpBot.Bot.Tests.Accounts;

/// <summary>Failure injection: a directory that never answers (every call throws <see cref="DirectoryUnavailableException"/>).</summary>
public sealed class UnavailableDirectory : IAccountDirectory
{
    private static DirectoryUnavailableException Down() => new("LDAP server 127.0.0.1:389 did not answer");

    public Task<Account?> FindAsync(string usernameOrEmail, CancellationToken cancellationToken = default) => throw Down();

    public Task<Account?> FindByHuidAsync(string huid, CancellationToken cancellationToken = default) => throw Down();

    public Task<Account?> FindByTeamsIdentityAsync(string? aadObjectId, string? userPrincipalName, CancellationToken cancellationToken = default) => throw Down();

    public Task UnlockAsync(string username, CancellationToken cancellationToken = default) => throw Down();

    public Task SetPasswordAsync(string username, string newPassword, CancellationToken cancellationToken = default) => throw Down();

    public Task<bool> CheckPasswordAsync(string username, string password, CancellationToken cancellationToken = default) => throw Down();
}
