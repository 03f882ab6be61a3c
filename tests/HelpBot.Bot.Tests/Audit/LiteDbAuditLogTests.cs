using HelpBot.Bot.Audit;
using HelpBot.Bot.Tests.Storage;
using HelpBot.Dialogs.Audit;

namespace HelpBot.Bot.Tests.Audit;

public sealed class LiteDbAuditLogTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2025, 3, 4, 14, 0, 0, TimeSpan.Zero);
    private readonly TempDatabaseFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task EntriesAreReadNewestFirstAndByAccount()
    {
        using (var db = new HelpBotDatabaseHolder(_folder))
        {
            var log = new LiteDbAuditLog(db.Database);
            await log.WriteAsync(new AuditEntry { At = T0, Action = "safecode.sent", Outcome = "success", Account = "jsmith", Actor = "u1", Channel = "webchat", ConversationId = "c1", Detail = "purpose=Unlock" });
            await log.WriteAsync(new AuditEntry { At = T0.AddMinutes(1), Action = "safecode.sent", Outcome = "success", Account = "mlee" });
            await log.WriteAsync(new AuditEntry { At = T0.AddMinutes(2), Action = "account.unlocked", Outcome = "success", Account = "jsmith" });
        }

        // Kept in the file: a new process reads them back.
        using var reopened = new HelpBotDatabaseHolder(_folder);
        var again = new LiteDbAuditLog(reopened.Database);

        Assert.Equal(["account.unlocked", "safecode.sent", "safecode.sent"], (await again.ReadAsync()).Select(e => e.Action));
        var jane = await again.ReadAsync("jsmith");
        Assert.Equal(2, jane.Count);
        Assert.Equal(new AuditEntry { At = T0, Action = "safecode.sent", Outcome = "success", Account = "jsmith", Actor = "u1", Channel = "webchat", ConversationId = "c1", Detail = "purpose=Unlock" }, jane[1]);
        Assert.Single(await again.ReadAsync(limit: 1));
        var indexes = reopened.Database.Database.GetCollection("$indexes").Find(LiteDB.Query.EQ("collection", LiteDbAuditLog.CollectionName)).Select(i => i["name"].AsString).ToList();
        Assert.Contains("Account", indexes);
        Assert.Contains("At", indexes);
    }
}
