using HelpBot.Bot.Accounts;
using HelpBot.Bot.AgentConsole;
using Npgsql;

namespace HelpBot.Bot.Storage.Postgres;

/// <summary>
/// Local agent accounts in PostgreSQL (<c>agents</c>: PBKDF2 hashes, never a password), so an agent added once signs in on
/// every instance and a lockout holds on all of them. A sign-in's count is changed with the account's row locked
/// (<c>SELECT … FOR UPDATE</c>), so concurrent wrong passwords on several instances are all counted.
/// </summary>
public sealed class PostgresAgentAccounts(NpgsqlDataSource dataSource, TimeProvider time) : IAgentAccounts
{
    public Agent? Find(string username)
    {
        if (!AgentAccounts.IsValidUsername(username))
        {
            return null;
        }
        using var command = dataSource.CreateCommand("SELECT username, display_name, is_demo FROM agents WHERE username = @username");
        command.Parameters.AddWithValue("username", AgentAccounts.Normalize(username));
        using var reader = command.ExecuteReader();
        return reader.Read() ? new Agent(reader.GetString(0), reader.GetString(1), reader.GetBoolean(2)) : null;
    }

    public IReadOnlyList<Agent> List()
    {
        using var command = dataSource.CreateCommand("SELECT username, display_name, is_demo FROM agents ORDER BY username COLLATE \"C\"");
        using var reader = command.ExecuteReader();
        var agents = new List<Agent>();
        while (reader.Read())
        {
            agents.Add(new Agent(reader.GetString(0), reader.GetString(1), reader.GetBoolean(2)));
        }
        return agents;
    }

    public Agent AddOrUpdate(string username, string displayName, string password, bool isDemo = false)
    {
        AgentAccounts.CheckNew(username, password);
        var id = AgentAccounts.Normalize(username);
        var agent = new Agent(id, AgentAccounts.DisplayNameOf(id, displayName), isDemo);
        // As in the LiteDB store, the account is replaced whole: a new password also clears the count and a lockout.
        using var command = dataSource.CreateCommand(
            """
            INSERT INTO agents (username, display_name, password_hash, is_demo, failed_sign_ins, locked_until, created_at, last_sign_in_at)
            VALUES (@username, @display_name, @password_hash, @is_demo, 0, NULL, @created_at, NULL)
            ON CONFLICT (username) DO UPDATE SET display_name = EXCLUDED.display_name, password_hash = EXCLUDED.password_hash,
                is_demo = EXCLUDED.is_demo, failed_sign_ins = 0, locked_until = NULL, created_at = EXCLUDED.created_at, last_sign_in_at = NULL
            """);
        command.Parameters.AddWithValue("username", id);
        command.Parameters.AddWithValue("display_name", agent.DisplayName);
        command.Parameters.AddWithValue("password_hash", PasswordHash.Create(password));
        command.Parameters.AddWithValue("is_demo", isDemo);
        command.Parameters.AddWithValue("created_at", time.GetUtcNow().UtcDateTime);
        command.ExecuteNonQuery();
        return agent;
    }

    public bool Remove(string username)
    {
        ArgumentNullException.ThrowIfNull(username);
        using var command = dataSource.CreateCommand("DELETE FROM agents WHERE username = @username");
        command.Parameters.AddWithValue("username", AgentAccounts.Normalize(username));
        return command.ExecuteNonQuery() > 0;
    }

    public int RemoveDemoAgents()
    {
        using var command = dataSource.CreateCommand("DELETE FROM agents WHERE is_demo");
        return command.ExecuteNonQuery();
    }

    public (SignInOutcome Outcome, Agent? Agent) Verify(string username, string password, int maxFailures, TimeSpan lockout)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var id = AgentAccounts.IsValidUsername(username) ? AgentAccounts.Normalize(username) : null;
        (Agent Agent, string Hash, DateTime? LockedUntil)? found = null;
        if (id is not null)
        {
            using var command = dataSource.CreateCommand("SELECT display_name, is_demo, password_hash, locked_until FROM agents WHERE username = @username");
            command.Parameters.AddWithValue("username", id);
            using var reader = command.ExecuteReader();
            if (reader.Read())
            {
                found = (new Agent(id, reader.GetString(0), reader.GetBoolean(1)), reader.GetString(2), reader.IsDBNull(3) ? null : reader.GetDateTime(3));
            }
        }
        if (found is not { } account)
        {
            AgentAccounts.VerifyDecoy(password);
            return (SignInOutcome.WrongCredentials, null);
        }
        if (account.LockedUntil is { } until && until > now)
        {
            // Not even checked: a locked account gives a guesser nothing, right or wrong.
            return (SignInOutcome.LockedOut, null);
        }
        // The hash is checked outside the transaction (it is slow on purpose); the count is changed with the row locked.
        var ok = PasswordHash.Verify(password ?? "", account.Hash);
        using var connection = dataSource.OpenConnection();
        using var transaction = connection.BeginTransaction();
        var current = new AgentAccounts.SignInState(0, null, SignInOutcome.Success);
        using (var select = new NpgsqlCommand("SELECT failed_sign_ins, locked_until FROM agents WHERE username = @username FOR UPDATE", connection, transaction))
        {
            select.Parameters.AddWithValue("username", id!);
            using var reader = select.ExecuteReader();
            if (reader.Read())
            {
                current = new AgentAccounts.SignInState(reader.GetInt32(0), reader.IsDBNull(1) ? null : reader.GetDateTime(1), SignInOutcome.Success);
            }
        }
        var after = AgentAccounts.AfterAttempt(current, ok, now, maxFailures, lockout);
        using (var update = new NpgsqlCommand(
            $"UPDATE agents SET failed_sign_ins = @failed, locked_until = @locked_until{(ok ? ", last_sign_in_at = @now" : "")} WHERE username = @username", connection, transaction))
        {
            update.Parameters.AddWithValue("username", id!);
            update.Parameters.AddWithValue("failed", after.FailedSignIns);
            update.Parameters.AddWithValue("locked_until", after.LockedUntil is { } locked ? locked : DBNull.Value);
            update.Parameters.AddWithValue("now", now);
            update.ExecuteNonQuery();
        }
        transaction.Commit();
        return ok ? (SignInOutcome.Success, account.Agent) : (after.Outcome, null);
    }
}
