using HelpBot.Bot.Tests.Storage;
using HelpBot.Dialogs.Messaging;
using HelpBot.Tests.Shared;
using Microsoft.Extensions.DependencyInjection;

namespace HelpBot.Bot.Tests.Security;

/// <summary>
/// Issue 15, finding 9: a SafeCode or notice queued when the process dies is not lost. It is in the <c>outbox</c>
/// collection (sealed: the code is not in the file in clear) from the moment it is queued, and the next start sends it.
/// </summary>
public sealed class DurableOutboxTests : IDisposable
{
    private const string Code = "482913";
    private const string To = "crash.test@example.org";

    private readonly string _folder = Directory.CreateTempSubdirectory("helpbot-outbox-").FullName;

    [Fact]
    public async Task Finding9_AMessageQueuedBeforeACrashIsSentByTheNextStart()
    {
        var settings = new Dictionary<string, string?>
        {
            ["Storage:Path"] = Path.Combine(_folder, "helpbot.db"),
            ["Messaging:OutboxPath"] = Path.Combine(_folder, "outbox.jsonl"),
        };
        var outbox = new OutboxFile(settings["Messaging:OutboxPath"]!);

        // The first process queues a SafeCode and dies before its delivery service ever runs: nothing drains the queue.
        using (var factory = new HelpBotFactory(settings))
        using (var crashing = factory.WithoutDelivery())
        {
            await crashing.Services.GetRequiredService<IOutboundMessages>()
                .EnqueueAsync(new OutboundMessage(MessageChannel.Email, To, "Your HMS SafeCode", $"Your HMS SafeCode is {Code}."));
        }
        Assert.DoesNotContain(outbox.Read(), m => (string?)m["to"] == To);
        // At rest while it waited: neither the code nor the address in clear.
        StoredEverywhere.AssertNothingHolds(settings["Storage:Path"]!, Code);
        StoredEverywhere.AssertNothingHolds(settings["Storage:Path"]!, To);

        // The next start on the same file sends it, once.
        using (var factory = new HelpBotFactory(settings))
        {
            _ = factory.Server;
            var sent = await outbox.WaitForAsync(To, timeout: TimeSpan.FromSeconds(60));
            Assert.Contains(Code, (string)sent["text"]!, StringComparison.Ordinal);
        }
        Assert.Single(outbox.Read(), m => (string?)m["to"] == To);

        // And a third start does not send it again: it left the outbox once sent.
        using (var factory = new HelpBotFactory(settings))
        {
            _ = factory.Server;
            await Task.Delay(TimeSpan.FromSeconds(2));
        }
        Assert.Single(outbox.Read(), m => (string?)m["to"] == To);
    }

    public void Dispose()
    {
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { }
    }
}
