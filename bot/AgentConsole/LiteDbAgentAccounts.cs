using HelpBot.Bot.Accounts;
using HelpBot.Bot.Storage;
using LiteDB;

namespace HelpBot.Bot.AgentConsole;

/// <summary>Local agent accounts in the shared LiteDB file, collection <c>agents</c>; a sign-in's count is changed under the collection's write lock.</summary>
public sealed class LiteDbAgentAccounts(HelpBotDatabase database, TimeProvider time) : IAgentAccounts
{
    public const string CollectionName = "agents";

    private ILiteCollection<AgentDocument> Collection => database.GetCollection<AgentDocument>(CollectionName);

    public Agent? Find(string username) =>
        AgentAccounts.IsValidUsername(username) ? Collection.FindById(AgentAccounts.Normalize(username))?.ToAgent() : null;

    public IReadOnlyList<Agent> List() => Collection.FindAll().OrderBy(a => a.Id, StringComparer.Ordinal).Select(a => a.ToAgent()).ToList();

    public Agent AddOrUpdate(string username, string displayName, string password, bool isDemo = false)
    {
        AgentAccounts.CheckNew(username, password);
        var id = AgentAccounts.Normalize(username);
        var document = new AgentDocument
        {
            Id = id,
            DisplayName = AgentAccounts.DisplayNameOf(id, displayName),
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
            return Collection.Delete(AgentAccounts.Normalize(username));
        }
    }

    public int RemoveDemoAgents()
    {
        lock (database.WriteLockFor(CollectionName))
        {
            return Collection.DeleteMany(a => a.IsDemo);
        }
    }

    public (SignInOutcome Outcome, Agent? Agent) Verify(string username, string password, int maxFailures, TimeSpan lockout)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var document = AgentAccounts.IsValidUsername(username) ? Collection.FindById(AgentAccounts.Normalize(username)) : null;
        if (document is null)
        {
            AgentAccounts.VerifyDecoy(password);
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
            var after = AgentAccounts.AfterAttempt(new AgentAccounts.SignInState(current.FailedSignIns, current.LockedUntil, SignInOutcome.Success), ok, now, maxFailures, lockout);
            current.FailedSignIns = after.FailedSignIns;
            current.LockedUntil = after.LockedUntil;
            if (ok)
            {
                current.LastSignInAt = now;
            }
            Collection.Update(current);
            if (!ok)
            {
                return (after.Outcome, null);
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
