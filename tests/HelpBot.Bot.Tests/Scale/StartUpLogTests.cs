using HelpBot.Bot.Tests.PasswordReset;
using HelpBot.Bot.Tests.Storage;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace HelpBot.Bot.Tests.Scale;

/// <summary>What an operator starting one of several instances reads first: which database and which Redis it uses.</summary>
public sealed class StartUpLogTests(RedisServerFixture redis, PostgresServerFixture postgres) : IClassFixture<RedisServerFixture>, IClassFixture<PostgresServerFixture>
{
    private const string Password = "not-for-the-log-7741";

    [Fact]
    public void AnInstanceOnPostgresAndRedisSaysWhereItsDataIsAndWhatItShares_WithoutThePassword()
    {
        var database = postgres.Server.NewDatabase();
        var settings = new Dictionary<string, string?>
        {
            ["Storage:Provider"] = "Postgres",
            // The test server trusts loopback, so the password is never asked for; it must not be logged either.
            ["Storage:Postgres"] = postgres.Server.ConnectionString(database) + $";Password={Password}",
            ["Scale:Redis"] = redis.Server.Configuration + $",password={Password}",
        };
        var logs = new LogCapture();
        using var factory = new HelpBotFactory(settings);
        using var host = factory.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.AddSingleton<ILoggerProvider>(logs)));
        _ = host.Services;

        var data = Assert.Single(logs.Lines, l => l.Contains("HelpBot data is in PostgreSQL at", StringComparison.Ordinal));
        Assert.Contains(database, data, StringComparison.Ordinal);
        Assert.Contains("schema version", data, StringComparison.Ordinal);
        var shared = Assert.Single(logs.Lines, l => l.Contains("Shared with the other instances through Redis at", StringComparison.Ordinal));
        Assert.Contains(redis.Server.Configuration.Split(',')[0], shared, StringComparison.Ordinal);
        Assert.Contains("turn leases (5 s)", shared, StringComparison.Ordinal);
        Assert.DoesNotContain(logs.Lines, l => l.Contains(Password, StringComparison.Ordinal));
    }
}
