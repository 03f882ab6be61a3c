using HelpBot.Bot.Storage;
using HelpBot.Bot.Tests.DirectLine;
using HelpBot.Bot.Tests.Storage;
using HelpBot.Dialogs.Accounts;
using HelpBot.Dialogs.SafeCode;
using HelpBot.Tests.Shared;

namespace HelpBot.Bot.Tests.Security;

/// <summary>
/// Issue 15, finding 1: nothing secret at rest. A Web Chat conversation where the user types passwords and receives a
/// reset link, over real HTTP into a real LiteDB file; then every collection of the file, and the logs, are searched.
/// </summary>
public sealed partial class SecretsAtRestTests : IDisposable
{
    private const string TypedFirst = "Winter2024!";
    private const string TypedLater = "Tr0ub4dor&3";

    private readonly string _folder = Directory.CreateTempSubdirectory("helpbot-at-rest-").FullName;

    [Fact]
    public async Task Finding1_TypedPasswordsTheResetLinkAndTheSentenceThatStartsAFlowAreNotInAnyCollection()
    {
        var settings = new Dictionary<string, string?>
        {
            ["Storage:Path"] = Path.Combine(_folder, "helpbot.db"),
            ["Messaging:OutboxPath"] = Path.Combine(_folder, "outbox.jsonl"),
        };
        var logs = new CapturingLoggerProvider();
        string token, code;
        using (var host = new DirectLineHost(settings, logs: logs))
        {
            // Rosa resets her password in Web Chat and is sent the one-time link; then she types her new password anyway.
            var rosa = host.NewToken();
            await host.StartAsync(rosa.Token);
            foreach (var said in new[] { "I forgot my password", "rbrown", SafeCodeDialogTexts.EmailChoice })
            {
                await host.PostAsync(rosa.ConversationId, rosa.Token, DirectLineHost.Message(said));
            }
            // Sent by the background queue: allow for a machine busy with other builds.
            var sent = await new OutboxFile(settings["Messaging:OutboxPath"]!).WaitForAsync("rosa.brown@example.net", pattern: SixDigits(), timeout: TimeSpan.FromSeconds(90));
            code = SixDigits().Match((string)sent["text"]!).Value;
            await host.PostAsync(rosa.ConversationId, rosa.Token, DirectLineHost.Message(code));
            var link = await PollForAsync(host, rosa, activities => activities.Where(DirectLineHost.IsBotMessage)
                .SelectMany(a => a["attachments"]?.AsArray() ?? [])
                .Select(a => (string?)a?["content"]?["actions"]?[0]?["url"])
                .SingleOrDefault(url => url is not null && url.Contains("/reset/", StringComparison.Ordinal)));
            token = link[(link.IndexOf("/reset/", StringComparison.Ordinal) + "/reset/".Length)..];
            await host.PostAsync(rosa.ConversationId, rosa.Token, DirectLineHost.Message($"password: {TypedLater}"));

            // Someone else starts a flow with a sentence holding their password, and stops at the first question: the
            // flow (and the words that started it) are still in the conversation state.
            var other = host.NewToken();
            await host.StartAsync(other.Token);
            await host.PostAsync(other.ConversationId, other.Token, DirectLineHost.Message($"I forgot my password, my password is {TypedFirst} I think"));
            Assert.NotNull(await PollForAsync(host, other, asked => asked.Any(a => (string?)a["text"] == AccountTexts.AskIdentifier) ? "asked" : null));
        }

        var database = settings["Storage:Path"]!;
        foreach (var secret in new[] { TypedFirst, TypedLater, token, code })
        {
            StoredEverywhere.AssertNothingHolds(database, secret);
            Assert.DoesNotContain(logs.Messages, m => m.Contains(secret, StringComparison.Ordinal));
        }
    }

    /// <summary>Polls the conversation until <paramref name="find"/> finds what it looks for (at most 30 s: replies can
    /// trail the POST on a busy machine); fails the test when it never does.</summary>
    private static async Task<string> PollForAsync(DirectLineHost host, HelpBot.Bot.DirectLine.DirectLineToken user, Func<List<System.Text.Json.Nodes.JsonObject>, string?> find)
    {
        for (var tries = 0; tries < 150; tries++)
        {
            // As the open page reads (on from the welcome, watermark 1); a reload from the beginning gets bullets.
            var (activities, _) = await host.PollAsync(user.ConversationId, user.Token, "1");
            if (find(activities) is { } found)
            {
                return found;
            }
            await Task.Delay(200);
        }
        Assert.Fail("The reply the test waits for never came.");
        return null!;
    }

    [Fact]
    public void Finding1_TheDatabaseFileIsCreatedReadableByItsOwnerOnly()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }
        var path = Path.Combine(_folder, "data", "helpbot.db");
        using (var database = new HelpBotDatabase(path))
        {
            database.GetCollection("probe").Insert(new LiteDB.BsonDocument { ["said"] = "hello" });
        }

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        // The folder it made for the file too: LiteDB's journal (helpbot-log.db) is written beside it.
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(Path.GetDirectoryName(path)!));
    }

    [Fact]
    public async Task Finding1_InAFolderOthersCanReadTheJournalAndTheOutboxAreStillReadableByTheirOwnerOnly()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }
        // The operator's own folder, or bot/data made by someone else first: anyone on the machine may list and read it.
        File.SetUnixFileMode(_folder, (UnixFileMode)0b111_101_101);
        var path = Path.Combine(_folder, "helpbot.db");
        var journal = Path.Combine(_folder, "helpbot-log.db");
        using (var database = new HelpBotDatabase(path))
        {
            database.GetCollection("probe").Insert(new LiteDB.BsonDocument { ["said"] = "hello" });
            // What LiteDB has committed so far is in its journal until a checkpoint copies it into the file.
            Assert.True(new FileInfo(journal).Length > 0, "the write went to the journal");
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(journal));
        }
        using (var reopened = new HelpBotDatabase(path))
        {
            Assert.Equal("hello", reopened.GetCollection("probe").FindAll().Single()["said"].AsString);
        }

        var outbox = new HelpBot.Bot.Messaging.OutboxFileSender(Path.Combine(_folder, "outbox.jsonl"), TimeProvider.System,
            Microsoft.Extensions.Logging.Abstractions.NullLogger<HelpBot.Bot.Messaging.OutboxFileSender>.Instance);
        await outbox.SendAsync(new HelpBot.Dialogs.Messaging.OutboundMessage(HelpBot.Dialogs.Messaging.MessageChannel.Text, "+16175550100", "SafeCode", "Your SafeCode is 123456"));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(_folder, "outbox.jsonl")));
    }

    [Fact]
    public void Finding1_TheOutboxFolderHelpBotMakesIsItsOwnerOnly()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }
        var outbox = Path.Combine(_folder, "data", "outbox.jsonl");
        _ = new HelpBot.Bot.Messaging.OutboxFileSender(outbox, TimeProvider.System,
            Microsoft.Extensions.Logging.Abstractions.NullLogger<HelpBot.Bot.Messaging.OutboxFileSender>.Instance);

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(Path.GetDirectoryName(outbox)!));
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"\b\d{6}\b")]
    private static partial System.Text.RegularExpressions.Regex SixDigits();

    public void Dispose()
    {
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { }
    }
}
