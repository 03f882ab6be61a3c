using System.Security.Cryptography;
using HelpBot.Bot.Tests.Storage;
using HelpBot.Dialogs.Messaging;
using HelpBot.Tests.Shared;
using Microsoft.Extensions.DependencyInjection;

namespace HelpBot.Bot.Tests.Scale;

/// <summary>
/// Two instances on one PostgreSQL share the outbox (issue 16): a SafeCode queued by an instance that dies before
/// sending it is sent by the other, once, and not by both.
/// </summary>
public sealed class OutboxAcrossInstancesTests(PostgresServerFixture postgres) : IClassFixture<PostgresServerFixture>
{
    private const string Code = "731904";
    private const string To = "jane.smith@example.org";

    private Dictionary<string, string?> SharedSettings() => new()
    {
        ["Storage:Provider"] = "Postgres",
        ["Storage:Postgres"] = postgres.Server.ConnectionString(postgres.Server.NewDatabase()),
        // One key for every instance, as the README asks: each must open what another sealed.
        ["Messaging:OutboxKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
        ["Messaging:SharedOutboxSweepSeconds"] = "1",
    };

    [Fact]
    public async Task ASafeCodeQueuedByAnInstanceThatDiedIsSentByTheOtherOnce()
    {
        var shared = SharedSettings();
        shared["Messaging:SharedOutboxClaimSeconds"] = "2";
        using var a = new HelpBotFactory(shared);
        using var b = new HelpBotFactory(shared);
        _ = b.Server;
        var fromA = new OutboxFile(Path.Combine(a.DataDirectory, "outbox.jsonl"));
        var fromB = new OutboxFile(Path.Combine(b.DataDirectory, "outbox.jsonl"));

        // A queues the code and dies before its delivery ever runs.
        using (var dying = a.WithoutDelivery())
        {
            await dying.Services.GetRequiredService<IOutboundMessages>()
                .EnqueueAsync(new OutboundMessage(MessageChannel.Email, To, "Your HMS SafeCode", $"Your HMS SafeCode is {Code}."));
        }

        // B, still running, sends it once A's claim on it has lapsed.
        var sent = await fromB.WaitForAsync(To, timeout: TimeSpan.FromSeconds(30));
        Assert.Contains(Code, (string)sent["text"]!, StringComparison.Ordinal);
        await Task.Delay(TimeSpan.FromSeconds(3));
        Assert.Single(fromB.Read(), m => (string?)m["to"] == To);
        Assert.DoesNotContain(fromA.Read(), m => (string?)m["to"] == To);
    }

    [Fact]
    public async Task AnInstanceSendsWhatItQueuedItself_AndTheOtherDoesNotSendItAgain()
    {
        var shared = SharedSettings();
        using var a = new HelpBotFactory(shared);
        using var b = new HelpBotFactory(shared);
        _ = a.Server;
        _ = b.Server;
        var fromA = new OutboxFile(Path.Combine(a.DataDirectory, "outbox.jsonl"));
        var fromB = new OutboxFile(Path.Combine(b.DataDirectory, "outbox.jsonl"));

        await a.Services.GetRequiredService<IOutboundMessages>()
            .EnqueueAsync(new OutboundMessage(MessageChannel.Email, To, "Your HMS SafeCode", $"Your HMS SafeCode is {Code}."));

        await fromA.WaitForAsync(To, timeout: TimeSpan.FromSeconds(30));
        await Task.Delay(TimeSpan.FromSeconds(3));
        Assert.Single(fromA.Read(), m => (string?)m["to"] == To);
        Assert.DoesNotContain(fromB.Read(), m => (string?)m["to"] == To);
    }
}
