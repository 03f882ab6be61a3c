using System.Text;
using HelpBot.Bot.DirectLine;
using HelpBot.Bot.Storage;
using HelpBot.Dialogs.Accounts;
using HelpBot.Dialogs.GuestKeys;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace HelpBot.Bot.Tests.GuestKeys;

public sealed class GuestKeyStorageTests
{
    [Fact]
    public async Task AKeyIsStoredOnlyAsAKeyedHashNeverAsText_S4()
    {
        using var factory = new HelpBotFactory();
        var service = factory.Services.GetRequiredService<GuestKeyService>();
        var issued = await service.IssueAsync("jsmith", Form(service.Today()), AuditScope.System);
        var compact = issued.Key.Replace("-", "", StringComparison.Ordinal);
        var database = factory.Services.GetRequiredService<HelpBotDatabase>();
        database.Database.Checkpoint();

        var files = Directory.GetFiles(factory.DataDirectory).Where(f => !f.EndsWith("outbox.jsonl", StringComparison.Ordinal)).ToList();
        Assert.Contains(files, f => f.EndsWith("helpbot.db", StringComparison.Ordinal));
        foreach (var file in files)
        {
            var bytes = await ReadSharedAsync(file);
            var text = Encoding.UTF8.GetString(bytes) + Encoding.Unicode.GetString(bytes);
            Assert.DoesNotContain(issued.Key, text, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain(compact, text, StringComparison.OrdinalIgnoreCase);
        }
        // What is stored is the HMAC: the key is found by it, and it works.
        var stored = await factory.Services.GetRequiredService<IGuestKeyStore>().GetAsync(issued.Invitation.Id);
        Assert.Equal(64, stored!.KeyHash.Length);
        Assert.Equal(GuestKeyRedeemOutcome.Accepted, (await service.RedeemAsync("Lopez", issued.Key, AuditScope.System)).Outcome);
    }

    [Fact]
    public async Task TheKeyCardShownToTheSponsorIsKeptInTheDirectLineHistoryWithTheKeyRedacted_S4()
    {
        using var folder = new Storage.TempDatabaseFolder();
        using var database = folder.Open();
        var store = new LiteDbDirectLineConversationStore(database);
        const string Key = "K7QM-4TXP-9HRW-C2NB";
        var botCard = """{"type":"message","from":{"id":"helpbot","role":"bot"},"attachments":[{"contentType":"application/vnd.adaptive","content":{"body":[{"type":"TextBlock","text":"KEY"}]}}]}""".Replace("KEY", Key, StringComparison.Ordinal);
        var userTyped = """{"type":"message","from":{"id":"u1","role":"user"},"text":"my key is k7qm4txp9hrwc2nb"}""";

        await store.AppendAsync("c1", new DirectLineHistoryEntry(1, "c1|1", botCard), 100, default);
        await store.AppendAsync("c1", new DirectLineHistoryEntry(2, "c1|2", userTyped), 100, default);

        var history = await store.ReadHistoryAsync("c1", 100, default);
        Assert.All(history, e => Assert.DoesNotContain("K7QM", e.ActivityJson, StringComparison.OrdinalIgnoreCase));
        Assert.Contains("••••-••••-••••-••••", history[0].ActivityJson, StringComparison.Ordinal);
        Assert.Equal("my key is ••••-••••-••••-••••", (string?)System.Text.Json.Nodes.JsonNode.Parse(history[1].ActivityJson)!["text"]);
    }

    [Fact]
    public void AnUnusedKeyLifetimeOutOfRangeStopsTheStartNamingTheKey()
    {
        using var factory = new HelpBotFactory(new Dictionary<string, string?> { ["GuestKeys:UnusedKeyLifetimeDays"] = "0" });

        var error = Assert.Throws<OptionsValidationException>(() => factory.Services);

        Assert.Contains("GuestKeys:UnusedKeyLifetimeDays is 0", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheUnusedKeyLifetimeIsConfigurable()
    {
        using var factory = new HelpBotFactory(new Dictionary<string, string?> { ["GuestKeys:UnusedKeyLifetimeDays"] = "7" });
        var service = factory.Services.GetRequiredService<GuestKeyService>();

        var issued = await service.IssueAsync("akumar", Form(service.Today()), AuditScope.System);

        Assert.Equal(TimeSpan.FromDays(7), issued.Invitation.KeyExpiresAt - issued.Invitation.IssuedAt);
    }

    [Fact]
    public async Task WithLdapGuestProvisioningSaysClearlyThatItIsNotSupported()
    {
        var ldap = new HelpBot.Bot.Accounts.Ldap.LdapAccountDirectory(
            Options.Create(new HelpBot.Bot.Accounts.Ldap.LdapOptions()), Options.Create(new HelpBot.Bot.Accounts.DirectoryOptions()), Microsoft.Extensions.Logging.Abstractions.NullLogger<HelpBot.Bot.Accounts.Ldap.LdapAccountDirectory>.Instance);
        var error = await Assert.ThrowsAsync<NotSupportedException>(() => ldap.CreateGuestAccountAsync(new GuestAccountRequest("Ana", "Lopez", "a@example.com", "Acme", "jsmith", new DateOnly(2030, 1, 1))));
        Assert.Contains("Directory:Provider=Embedded", error.Message, StringComparison.Ordinal);
    }

    private static GuestInvitationForm Form(DateOnly today) => new()
    {
        FirstName = "Ana",
        LastName = "Lopez",
        Email = "ana@example.com",
        Organisation = "Acme",
        Role = nameof(GuestRole.Consultant),
        Reason = "Data analysis",
        LastDay = today.AddDays(60).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
    };

    private static async Task<byte[]> ReadSharedAsync(string path)
    {
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy);
        return copy.ToArray();
    }
}
