using HelpBot.Bot.Accounts;

namespace HelpBot.Bot.AgentConsole;

/// <summary>A service-desk agent as the console shows it. Never holds the password hash.</summary>
public sealed record Agent(string Username, string DisplayName, bool IsDemo);

/// <summary>What a sign-in attempt came to.</summary>
public enum SignInOutcome
{
    Success,
    WrongCredentials,
    LockedOut,
}

/// <summary>
/// Local agent accounts (AgentConsole:Authentication = Local): PBKDF2 password hashes (<see cref="PasswordHash"/>, never
/// the password), and a lockout after too many wrong passwords in a row, counted across concurrent attempts. Synchronous,
/// as the console's sign-in and the <c>agents</c> command use it. LiteDB (<see cref="LiteDbAgentAccounts"/>) or PostgreSQL.
/// </summary>
public interface IAgentAccounts
{
    Agent? Find(string username);

    /// <summary>Every agent, by username.</summary>
    IReadOnlyList<Agent> List();

    /// <summary>Adds an agent, or sets the password and name of an existing one (a reset by an administrator also clears a lockout).</summary>
    Agent AddOrUpdate(string username, string displayName, string password, bool isDemo = false);

    bool Remove(string username);

    /// <summary>Removes every demo agent (a database that was used for a demo and is now run in Production).</summary>
    int RemoveDemoAgents();

    /// <summary>Checks a password, counting failures; after <paramref name="maxFailures"/> in a row the account is locked for <paramref name="lockout"/>.</summary>
    (SignInOutcome Outcome, Agent? Agent) Verify(string username, string password, int maxFailures, TimeSpan lockout);
}

/// <summary>The rules every <see cref="IAgentAccounts"/> applies alike: usernames, passwords, the lockout.</summary>
public static class AgentAccounts
{
    public const int MinimumPasswordLength = 12;

    /// <summary>Verified when the username is unknown, so an unknown name costs as much as a wrong password.</summary>
    private static readonly Lazy<string> DecoyHash = new(() => PasswordHash.Create(Guid.NewGuid().ToString("N")));

    public static string Normalize(string username) => username.Trim().ToLowerInvariant();

    /// <summary>A username agents type easily and that is safe in logs: letters, digits, dot, dash, underscore.</summary>
    public static bool IsValidUsername(string? username) =>
        !string.IsNullOrWhiteSpace(username) && username.Trim().Length <= 64
        && username.Trim().All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_');

    /// <summary>Throws when the username or the password cannot be an agent's.</summary>
    internal static void CheckNew(string username, string password)
    {
        if (!IsValidUsername(username))
        {
            throw new ArgumentException("Use letters, digits, '.', '-' or '_' (at most 64) for an agent username.", nameof(username));
        }
        if (string.IsNullOrEmpty(password) || password.Length < MinimumPasswordLength)
        {
            throw new ArgumentException($"An agent password needs at least {MinimumPasswordLength} characters.", nameof(password));
        }
    }

    /// <summary>The display name kept: the one given, or the username.</summary>
    internal static string DisplayNameOf(string id, string displayName) => string.IsNullOrWhiteSpace(displayName) ? id : displayName.Trim();

    /// <summary>Spends as long as a real check when the username is unknown.</summary>
    internal static void VerifyDecoy(string? password) => _ = PasswordHash.Verify(password ?? "", DecoyHash.Value);

    /// <summary>
    /// An attempt's effect on the account's counters, read under the account's lock: a success clears them; a failure
    /// counts, and the one that reaches <paramref name="maxFailures"/> locks the account and starts the count again.
    /// </summary>
    internal static SignInState AfterAttempt(SignInState current, bool ok, DateTime now, int maxFailures, TimeSpan lockout)
    {
        if (ok)
        {
            return new SignInState(0, null, SignInOutcome.Success);
        }
        var failed = current.FailedSignIns + 1;
        var lockedUntil = current.LockedUntil;
        if (failed >= maxFailures)
        {
            lockedUntil = now + lockout;
            failed = 0;
        }
        return new SignInState(failed, lockedUntil, lockedUntil is { } locked && locked > now ? SignInOutcome.LockedOut : SignInOutcome.WrongCredentials);
    }

    internal sealed record SignInState(int FailedSignIns, DateTime? LockedUntil, SignInOutcome Outcome);
}

/// <summary>The one demo agent, for demos and local development only (never in Production; see README).</summary>
public static class DemoAgent
{
    public const string Username = "demo.agent";
    public const string DisplayName = "Dana Demo (demo agent)";
    public const string Password = "HelpBot-demo-desk-2026";
}
