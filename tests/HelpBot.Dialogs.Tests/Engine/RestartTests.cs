using HelpBot.Bot.Storage;

namespace HelpBot.Dialogs.Tests.Engine;

/// <summary>The dialog stack lives in the LiteDB file, so a conversation survives the bot restarting mid-flow.</summary>
public sealed class RestartTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("helpbot-restart-").FullName;

    [Fact]
    public async Task AConversationContinuesAfterTheProcessRestartsInTheMiddleOfAFlow()
    {
        var path = Path.Combine(_folder, "helpbot.db");
        Microsoft.Bot.Builder.Adapters.TestAdapter adapter;

        // First "process": two answers, then it stops.
        using (var database = new HelpBotDatabase(path))
        {
            var before = new DialogHarness(() => new RootDialog(), new LiteDbStorage(database));
            adapter = before.Adapter;
            await before.Flow()
                .Send("hi").AssertReply(ProfileFlow.AskName)
                .Send("Ada").AssertReply(ProfileFlow.AskAge)
                .StartTestAsync();
        }

        // Second "process": new database handle, new storage, new dialogs; same conversation.
        using (var database = new HelpBotDatabase(path))
        {
            var after = new DialogHarness(() => new RootDialog(), new LiteDbStorage(database), adapter);
            await after.Flow()
                .Send("36").AssertReply(ProfileFlow.AskColour)
                .Send("green").AssertReply(ProfileFlow.AskConfirm)
                .Send("yes").AssertReply("Ada, 36, green, saved=True")
                .StartTestAsync();
        }
    }

    public void Dispose()
    {
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { }
    }
}
