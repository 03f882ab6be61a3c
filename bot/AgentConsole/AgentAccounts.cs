using HelpBot.Bot.Accounts;
using HelpBot.Bot.Storage;
using LiteDB;

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
/// Local agent accounts (AgentConsole:Authentication = Local) in the shared LiteDB file, collection <c>agents</c>:
/// PBKDF2 password hashes (<see cref="PasswordHash"/>), and a lockout after too many wrong passwords in a row.
/// </summary>
public sealed class AgentAccounts(HelpBotDatabase database, TimeProvider time)
{
    public const string CollectionName = "agents";

    /// <summary>Verified when the username is unknown, so an unknown name costs as much as a wrong password.</summary>
    private static readonly Lazy<string> DecoyHash = new(() => PasswordHash.Create(Guid.NewGuid().ToString("N")));

    private ILiteCollection<AgentDocument> Collection => database.GetCollection<AgentDocument>(CollectionName);

    public static string Normalize(string username) => username.Trim().ToLowerInvariant();

    /// <summary>A username agents type easily and that is safe in logs: letters, digits, dot, dash, underscore.</summary>
    public static bool IsValidUsername(string? username) =>
        !string.IsNullOrWhiteSpace(username) && username.Trim().Length <= 64
        && username.Trim().All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_');

    public const int MinimumPasswordLength = 12;

    public Agent? Find(string username) =>
        IsValidUsername(username) ? Collection.FindById(Normalize(username))?.ToAgent() : null;

    public IReadOnlyList<Agent> List() => Collection.FindAll().OrderBy(a => a.Id, StringComparer.Ordinal).Select(a => a.ToAgent()).ToList();

    /// <summary>Adds an agent, or sets the password and name of an existing one (a reset by an administrator also clears a lockout).</summary>
    public Agent AddOrUpdate(string username, string displayName, string password, bool isDemo = false)
    {
        if (!IsValidUsername(username))
        {
            throw new ArgumentException("Use letters, digits, '.', '-' or '_' (at most 64) for an agent username.", nameof(username));
        }
        if (string.IsNullOrEmpty(password) || password.Length < MinimumPasswordLength)
        {
            throw new ArgumentException($"An agent password needs at least {MinimumPasswordLength} characters.", nameof(password));
        }
        var id = Normalize(username);
        var document = new AgentDocument
        {
            Id = id,
            DisplayName = string.IsNullOrWhiteSpace(displayName) ? id : displayName.Trim(),
            PasswordHash = PasswordHash.Create(password),
            IsDemo = isDemo,
            CreatedAt = time.GetUtcNow().UtcDateTime,
        };
        lock (database.WriteLockFor(CollectionName))
        {
            Collection.Upsert(document);
        }
        return document.ToAgent();
    }

    public bool Remove(string username)
    {
        lock (database.WriteLockFor(CollectionName))
        {
            return Collection.Delete(Normalize(username));
        }
    }

    /// <summary>Removes every demo agent (a database that was used for a demo and is now run in Production).</summary>
    public int RemoveDemoAgents()
    {
        lock (database.WriteLockFor(CollectionName))
        {
            return Collection.DeleteMany(a => a.IsDemo);
        }
    }

    /// <summary>Checks a password, counting failures; after <paramref name="maxFailures"/> in a row the account is locked for <paramref name="lockout"/>.</summary>
    public (SignInOutcome Outcome, Agent? Agent) Verify(string username, string password, int maxFailures, TimeSpan lockout)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var document = IsValidUsername(username) ? Collection.FindById(Normalize(username)) : null;
        if (document is null)
        {
            _ = PasswordHash.Verify(password ?? "", DecoyHash.Value);
            return (SignInOutcome.WrongCredentials, null);
        }
        if (document.LockedUntil is { } until && until > now)
        {
            // Not even checked: a locked account gives a guesser nothing, right or wrong.
            return (SignInOutcome.LockedOut, null);
        }
        var ok = PasswordHash.Verify(password ?? "", document.PasswordHash);
        lock (database.WriteLockFor(CollectionName))
        {
            var current = Collection.FindById(document.Id) ?? document;
            if (ok)
            {
                current.FailedSignIns = 0;
                current.LockedUntil = null;
                current.LastSignInAt = now;
            }
            else
            {
                current.FailedSignIns++;
                if (current.FailedSignIns >= maxFailures)
                {
                    current.LockedUntil = now + lockout;
                    current.FailedSignIns = 0;
                }
            }
            Collection.Update(current);
            if (!ok)
            {
                return (current.LockedUntil is { } locked && locked > now ? SignInOutcome.LockedOut : SignInOutcome.WrongCredentials, null);
            }
        }
        return (SignInOutcome.Success, document.ToAgent());
    }

    private sealed class AgentDocument
    {
        public string Id { get; set; } = "";
        public string DisplayName { get; set; } = "";
        public string PasswordHash { get; set; } = "";
        public bool IsDemo { get; set; }
        public int FailedSignIns { get; set; }
        public DateTime? LockedUntil { get; set; }
        public DateTime CreatedAt { get; set; }
        public DateTime? LastSignInAt { get; set; }

        public Agent ToAgent() => new(Id, DisplayName, IsDemo);
    }
}

/// <summary>The one demo agent, for demos and local development only (never in Production; see README).</summary>
public static class DemoAgent
{
    public const string Username = "demo.agent";
    public const string DisplayName = "Dana Demo (demo agent)";
    public const string Password = "HelpBot-demo-desk-2026";
}
