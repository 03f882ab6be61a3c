using HelpBot.Bot.Tests.DirectLine;
using HelpBot.Bot.Tests.Storage;
using HelpBot.Dialogs.Messaging;
using HelpBot.Dialogs.Registration;

namespace HelpBot.Bot.Tests.Registration;

/// <summary>A date of birth typed into Web Chat for eCommons registration is used, then kept out of everything stored.</summary>
public sealed class DateOfBirthStorageTests : IDisposable
{
    // Pedro Garcia's, as the demo cast has it (1985-04-12), typed the way a person might.
    private const string Typed = "April 12, 1985";

    private readonly string _folder = Directory.CreateTempSubdirectory("helpbot-dob-").FullName;

    [Fact]
    public async Task ADateOfBirthTypedInWebChatFindsTheAccountButIsNotInTheHistoryOrAnyCollection()
    {
        var settings = new Dictionary<string, string?> { ["Storage:Path"] = Path.Combine(_folder, "helpbot.db") };
        string conversationId, token;
        using (var host = new DirectLineHost(settings))
        {
            var issued = host.NewToken();
            (conversationId, token) = (issued.ConversationId, issued.Token);
            await host.StartAsync(token);
            foreach (var said in new[] { "I want to register for eCommons", RegistrationTexts.KindAffiliate, "Garcia", Typed })
            {
                await host.PostAsync(conversationId, token, DirectLineHost.Message(said));
            }
            var (activities, _) = await host.PollAsync(conversationId, token);
            var bot = activities.Where(DirectLineHost.IsBotMessage).Select(a => (string?)a["text"] ?? "").ToList();
            // The date was read (the flow moved on to the SafeCode step), not asked for again.
            Assert.DoesNotContain(bot.SkipWhile(t => !t.StartsWith(RegistrationTexts.AskDateOfBirth, StringComparison.Ordinal)).Skip(1),
                t => t.StartsWith(RegistrationTexts.DateOfBirthRetry, StringComparison.Ordinal) || t.StartsWith(RegistrationTexts.AskDateOfBirth, StringComparison.Ordinal));
        }

        // The stored history (what a reload or a restart shows) has it bulleted.
        using (var restarted = new DirectLineHost(settings))
        {
            var (history, _) = await restarted.PollAsync(conversationId, token);
            Assert.Contains(history, a => (string?)a["text"] == TranscriptRedaction.DateOfBirth);
            Assert.DoesNotContain(history, a => a.ToJsonString().Contains(Typed, StringComparison.Ordinal));
        }

        // Every collection of the database file: history, conversation state, audit, registration counters.
        StoredEverywhere.AssertNothingHolds(settings["Storage:Path"]!, Typed);
    }

    public void Dispose()
    {
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { }
    }
}
