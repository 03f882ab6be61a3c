using HelpBot.Bot.AgentConsole;
using HelpBot.Bot.Cli;
using HelpBot.Bot.Storage;
using HelpBot.Bot.Tests.Storage;

namespace HelpBot.Bot.Tests.AgentConsole;

/// <summary><c>dotnet run --project bot -- agents …</c> on a real LiteDB file: the account it adds can sign in; the password never comes from the command line.</summary>
public sealed class AgentsCommandTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("helpbot-agents-").FullName;

    private string DatabasePath => Path.Combine(_folder, "helpbot.db");

    [Fact]
    public void AnAddedAgentSignsInWithThePasswordReadFromStandardInput()
    {
        var (code, output, error) = Run(["add", "Lee.Desk", "--name", "Lee Desk", "--Storage:Path", DatabasePath], "a-long-agent-password\n");
        Assert.Equal(0, code);
        Assert.Equal("", error);
        Assert.Contains("Added agent lee.desk (Lee Desk)", output, StringComparison.Ordinal);

        using (var database = new HelpBotDatabase(DatabasePath))
        {
            var agents = new LiteDbAgentAccounts(database, TimeProvider.System);
            Assert.Equal(SignInOutcome.Success, agents.Verify("lee.desk", "a-long-agent-password", 5, TimeSpan.FromMinutes(15)).Outcome);
            Assert.Equal(SignInOutcome.WrongCredentials, agents.Verify("lee.desk", "another-password", 5, TimeSpan.FromMinutes(15)).Outcome);
        }

        var (listCode, list, _) = Run(["list", "--Storage:Path", DatabasePath], "");
        Assert.Equal(0, listCode);
        Assert.Contains("lee.desk\tLee Desk", list, StringComparison.Ordinal);
        Assert.DoesNotContain("pbkdf2", list, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("short\n")]
    [InlineData("\n")]
    public void AShortPasswordChangesNothing(string input)
    {
        var (code, _, error) = Run(["add", "lee.desk", "--Storage:Path", DatabasePath], input);
        Assert.Equal(1, code);
        Assert.Contains($"at least {AgentAccounts.MinimumPasswordLength} characters", error, StringComparison.Ordinal);
        using var database = new HelpBotDatabase(DatabasePath);
        Assert.Null(new LiteDbAgentAccounts(database, TimeProvider.System).Find("lee.desk"));
    }

    [Fact]
    public void ABadUsernameOrCommandGetsUsage()
    {
        Assert.Equal(1, Run(["add", "lee desk<script>", "--Storage:Path", DatabasePath], "a-long-agent-password\n").Code);
        Assert.Equal(2, Run(["promote", "lee"], "").Code);
    }

    internal static (int Code, string Output, string Error) Run(string[] args, string input)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        using var stdin = new StringReader(input);
        var code = AgentsCommand.Run(args, stdin, output, error, interactive: false);
        return (code, output.ToString(), error.ToString());
    }

    public void Dispose()
    {
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { }
    }
}

/// <summary>With <c>Storage:Provider=Postgres</c> the command manages the agents every instance signs in with.</summary>
public sealed class AgentsCommandOnPostgresTests(PostgresServerFixture fixture) : IClassFixture<PostgresServerFixture>
{
    [Fact]
    public void AnAgentAddedByTheCommandSignsInFromTheDatabase()
    {
        var connection = fixture.Server.ConnectionString(fixture.Server.NewDatabase());

        var (code, output, error) = AgentsCommandTests.Run(["add", "Lee.Desk", "--name", "Lee Desk", "--Storage:Provider", "Postgres", "--Storage:Postgres", connection], "a-long-agent-password\n");

        Assert.Equal((0, ""), (code, error));
        Assert.Contains("Added agent lee.desk (Lee Desk)", output, StringComparison.Ordinal);
        using var dataSource = Npgsql.NpgsqlDataSource.Create(connection);
        var agents = new HelpBot.Bot.Storage.Postgres.PostgresAgentAccounts(dataSource, TimeProvider.System);
        Assert.Equal(SignInOutcome.Success, agents.Verify("lee.desk", "a-long-agent-password", 5, TimeSpan.FromMinutes(15)).Outcome);
        Assert.Contains("lee.desk\tLee Desk", AgentsCommandTests.Run(["list", "--Storage:Provider", "Postgres", "--Storage:Postgres", connection], "").Output, StringComparison.Ordinal);
    }
}
