using HelpBot.Bot.AgentConsole;
using HelpBot.Bot.Storage;
using HelpBot.Bot.Storage.Postgres;
using Microsoft.Extensions.Time.Testing;
using Npgsql;

namespace HelpBot.Bot.Tests.Storage;

/// <summary>What every engine behind <see cref="IAgentAccounts"/> must do: agents sign in with their password, and the lockout counts every wrong one, from every instance.</summary>
public abstract class AgentAccountsContractTests
{
    private const string Password = "a-long-agent-password";
    private static readonly TimeSpan Lockout = TimeSpan.FromMinutes(15);

    protected FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 12, 3, 9, 0, 0, TimeSpan.Zero));

    protected abstract IAgentAccounts Agents { get; }

    /// <summary>The same accounts as another HelpBot instance sees them (its own connections on PostgreSQL).</summary>
    protected abstract IAgentAccounts AnotherInstance();

    [Fact]
    public void AnAddedAgentSignsInWithItsPasswordOnly_WhateverTheCaseOfTheName()
    {
        var added = Agents.AddOrUpdate(" Lee.Desk ", "Lee Desk", Password);
        Agents.AddOrUpdate("ana", " ", "another-long-password", isDemo: true);

        Assert.Equal(new Agent("lee.desk", "Lee Desk", false), added);
        Assert.Equal((SignInOutcome.Success, added), Agents.Verify("LEE.DESK", Password, 5, Lockout));
        Assert.Equal((SignInOutcome.WrongCredentials, (Agent?)null), Agents.Verify("lee.desk", "not-the-password", 5, Lockout));
        Assert.Equal((SignInOutcome.WrongCredentials, (Agent?)null), Agents.Verify("nobody", Password, 5, Lockout));
        Assert.Equal(added, Agents.Find("Lee.Desk"));
        Assert.Null(Agents.Find("lee desk<script>"));
        Assert.Equal([new Agent("ana", "ana", true), added], Agents.List());
    }

    [Fact]
    public void ABadUsernameOrAShortPasswordAddsNothing()
    {
        Assert.Throws<ArgumentException>(() => Agents.AddOrUpdate("lee desk", "Lee", Password));
        Assert.Throws<ArgumentException>(() => Agents.AddOrUpdate("lee.desk", "Lee", "short"));

        Assert.Empty(Agents.List());
    }

    [Fact]
    public void WrongPasswordsInARowLockTheAccountForTheLockout_ASuccessStartsTheCountAgain_AndAResetUnlocks()
    {
        Agents.AddOrUpdate("lee.desk", "Lee Desk", Password);
        for (var i = 0; i < 4; i++)
        {
            Assert.Equal(SignInOutcome.WrongCredentials, Agents.Verify("lee.desk", "wrong-password", 5, Lockout).Outcome);
        }
        Assert.Equal(SignInOutcome.Success, Agents.Verify("lee.desk", Password, 5, Lockout).Outcome);
        for (var i = 0; i < 4; i++)
        {
            Assert.Equal(SignInOutcome.WrongCredentials, Agents.Verify("lee.desk", "wrong-password", 5, Lockout).Outcome);
        }

        Assert.Equal(SignInOutcome.LockedOut, Agents.Verify("lee.desk", "wrong-password", 5, Lockout).Outcome);
        Assert.Equal(SignInOutcome.LockedOut, AnotherInstance().Verify("lee.desk", Password, 5, Lockout).Outcome);
        Time.Advance(Lockout + TimeSpan.FromSeconds(1));
        Assert.Equal(SignInOutcome.Success, Agents.Verify("lee.desk", Password, 5, Lockout).Outcome);

        for (var i = 0; i < 5; i++)
        {
            Agents.Verify("lee.desk", "wrong-password", 5, Lockout);
        }
        Assert.Equal(SignInOutcome.LockedOut, Agents.Verify("lee.desk", Password, 5, Lockout).Outcome);
        AnotherInstance().AddOrUpdate("lee.desk", "Lee Desk", "a-new-long-password");
        Assert.Equal(SignInOutcome.Success, Agents.Verify("lee.desk", "a-new-long-password", 5, Lockout).Outcome);
    }

    [Fact]
    public void WrongPasswordsTriedAtOnceOnTwoInstancesAreAllCounted()
    {
        const int MaxFailures = 8;
        Agents.AddOrUpdate("lee.desk", "Lee Desk", Password);
        var other = AnotherInstance();

        var outcomes = Enumerable.Range(0, MaxFailures).AsParallel().WithDegreeOfParallelism(MaxFailures)
            .Select(i => (i % 2 == 0 ? Agents : other).Verify("lee.desk", $"wrong-password-{i}", MaxFailures, Lockout).Outcome).ToList();

        Assert.Single(outcomes, o => o == SignInOutcome.LockedOut);
        Assert.Equal(SignInOutcome.LockedOut, Agents.Verify("lee.desk", Password, MaxFailures, Lockout).Outcome);
    }

    [Fact]
    public void RemovedAgentsNoLongerSignIn_AndDemoAgentsGoTogether()
    {
        Agents.AddOrUpdate("lee.desk", "Lee Desk", Password);
        Agents.AddOrUpdate(DemoAgent.Username, DemoAgent.DisplayName, DemoAgent.Password, isDemo: true);

        Assert.Equal(1, AnotherInstance().RemoveDemoAgents());
        Assert.True(Agents.Remove("LEE.DESK"));
        Assert.False(Agents.Remove("lee.desk"));

        Assert.Empty(Agents.List());
        Assert.Equal(SignInOutcome.WrongCredentials, Agents.Verify("lee.desk", Password, 5, Lockout).Outcome);
    }
}

public sealed class LiteDbAgentAccountsTests : AgentAccountsContractTests, IDisposable
{
    private readonly TempDatabaseFolder _folder = new();
    private readonly HelpBotDatabase _database;

    public LiteDbAgentAccountsTests()
    {
        _database = _folder.Open();
        Agents = new LiteDbAgentAccounts(_database, Time);
    }

    protected override IAgentAccounts Agents { get; }

    protected override IAgentAccounts AnotherInstance() => new LiteDbAgentAccounts(_database, Time);

    public void Dispose()
    {
        _database.Dispose();
        _folder.Dispose();
    }
}

public sealed class PostgresAgentAccountsTests : AgentAccountsContractTests, IClassFixture<PostgresServerFixture>, IDisposable
{
    private readonly NpgsqlDataSource _dataSource;
    private readonly NpgsqlDataSource _otherInstance;

    public PostgresAgentAccountsTests(PostgresServerFixture fixture)
    {
        _dataSource = fixture.Server.NewMigratedDataSource();
        _otherInstance = NpgsqlDataSource.Create(_dataSource.ConnectionString);
        Agents = new PostgresAgentAccounts(_dataSource, Time);
    }

    protected override IAgentAccounts Agents { get; }

    protected override IAgentAccounts AnotherInstance() => new PostgresAgentAccounts(_otherInstance, Time);

    public void Dispose()
    {
        _otherInstance.Dispose();
        _dataSource.Dispose();
    }
}
