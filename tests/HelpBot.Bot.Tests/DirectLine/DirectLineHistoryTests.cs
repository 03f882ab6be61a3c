using HelpBot.Bot.DirectLine;
using HelpBot.Bot.Storage;
using HelpBot.Dialogs.Messaging;

namespace HelpBot.Bot.Tests.DirectLine;

public sealed class DirectLineHistoryTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("helpbot-dl-history-").FullName;

    [Fact]
    public async Task AWebChatConversationResumesAfterTheBotRestarts()
    {
        var settings = new Dictionary<string, string?> { ["Storage:Path"] = Path.Combine(_folder, "helpbot.db") };
        string conversationId, token;
        using (var before = new DirectLineHost(settings))
        {
            var issued = before.NewToken();
            (conversationId, token) = (issued.ConversationId, issued.Token);
            await before.StartAsync(token);
            await before.PostAsync(conversationId, token, DirectLineHost.Message("what is a safecode"));
        }

        using var after = new DirectLineHost(settings);
        var (activities, watermark) = await after.PollAsync(conversationId, token);

        Assert.Contains(activities, a => (string?)a["text"] == "what is a safecode" && (string?)a["from"]?["role"] == "user");
        Assert.Contains(activities, DirectLineHost.IsBotMessage);
        // The conversation goes on where it stopped.
        await after.PostAsync(conversationId, token, DirectLineHost.Message("how do I register for eCommons?"));
        var (next, _) = await after.PollAsync(conversationId, token, watermark);
        Assert.Contains(next, DirectLineHost.IsBotMessage);
    }

    [Fact]
    public async Task S4_SafeCodesAndHarvardIdsTypedByTheUserAreNotKeptInTheStoredHistory()
    {
        using var database = new HelpBotDatabase(Path.Combine(_folder, "history.db"));
        var store = new LiteDbDirectLineConversationStore(database);
        await store.CreateAsync(new DirectLineConversationRecord("c1", "u1", null, DateTimeOffset.UtcNow), default);

        await store.AppendAsync("c1", Entry(1, "user", "123 456"), 500, default);
        await store.AppendAsync("c1", Entry(2, "user", "my HUID is 70000001, right?"), 500, default);
        await store.AppendAsync("c1", Entry(3, "bot", "Your Harvard ID (HUID) is 70000003."), 500, default);

        var history = await store.ReadHistoryAsync("c1", 500, default);
        Assert.Equal(TranscriptRedaction.Code, (string?)System.Text.Json.Nodes.JsonNode.Parse(history[0].ActivityJson)!["text"]);
        Assert.DoesNotContain("123 456", history[0].ActivityJson, StringComparison.Ordinal);
        Assert.DoesNotContain("70000001", history[1].ActivityJson, StringComparison.Ordinal);
        // Only what the user typed is rewritten; the bot's own words are stored as sent (Teams-only HUID answers).
        Assert.Contains("70000003", history[2].ActivityJson, StringComparison.Ordinal);
    }

    [Fact]
    public async Task S4_AReloadedPageShowsTypedSecretsInBulletsWhileTheBotIsStillRunning()
    {
        using var host = new DirectLineHost(new Dictionary<string, string?> { ["Storage:Path"] = Path.Combine(_folder, "reload.db") });
        var issued = host.NewToken();
        await host.StartAsync(issued.Token);
        var (_, watermark) = await host.PollAsync(issued.ConversationId, issued.Token);
        await host.PostAsync(issued.ConversationId, issued.Token, DirectLineHost.Message("I'm locked out and my password is Tulip-Garden-77"));
        await host.PostAsync(issued.ConversationId, issued.Token, DirectLineHost.Message("482 913"));

        // The open page, reading on from where it was, has its own messages as typed (it shows them already).
        var (live, _) = await host.PollAsync(issued.ConversationId, issued.Token, watermark);
        // A reload (or anyone else at that computer) reads from the beginning: bullets, without restarting the bot.
        var (reloaded, _) = await host.PollAsync(issued.ConversationId, issued.Token);

        Assert.Contains(live, a => ((string?)a["text"] ?? "").Contains("Tulip-Garden-77", StringComparison.Ordinal));
        var typed = reloaded.Where(a => (string?)a["from"]?["role"] == "user").Select(a => (string?)a["text"] ?? "").ToList();
        Assert.Equal(2, typed.Count);
        Assert.All(typed, t => Assert.DoesNotContain("Tulip-Garden-77", t, StringComparison.Ordinal));
        Assert.All(typed, t => Assert.DoesNotContain("482 913", t, StringComparison.Ordinal));
        Assert.Contains(typed, t => t.Contains(TranscriptRedaction.Password, StringComparison.Ordinal));
        Assert.Contains(TranscriptRedaction.Code, typed);
    }

    [Fact]
    public async Task TheStoredHistoryKeepsTheNewestEntriesUpToTheLimit()
    {
        using var database = new HelpBotDatabase(Path.Combine(_folder, "limit.db"));
        var store = new LiteDbDirectLineConversationStore(database);
        for (var i = 1; i <= 12; i++)
        {
            await store.AppendAsync("c2", Entry(i, "bot", $"message {i}"), 5, default);
        }

        var history = await store.ReadHistoryAsync("c2", 100, default);

        Assert.Equal([8L, 9L, 10L, 11L, 12L], history.Select(h => h.Watermark));
    }

    private static DirectLineHistoryEntry Entry(long watermark, string role, string text) =>
        new(watermark, $"c|{watermark:D7}", $$"""{"type":"message","id":"c|{{watermark:D7}}","from":{"id":"x","role":"{{role}}"},"text":"{{text}}"}""");

    public void Dispose()
    {
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { }
    }
}
