using HelpBot.Bot.Tests.DirectLine;
using HelpBot.Bot.Tests.Storage;
using HelpBot.Dialogs.Messaging;
using HelpBot.Dialogs.Registration;

namespace HelpBot.Bot.Tests.Registration;

/// <summary>A Social Security number typed into Web Chat is never echoed, and nothing HelpBot stores holds it.</summary>
public sealed class SocialSecurityNumberStorageTests : IDisposable
{
    private const string Ssn = "078-05-1120";

    private readonly string _folder = Directory.CreateTempSubdirectory("helpbot-ssn-").FullName;

    [Fact]
    public async Task ASocialSecurityNumberTypedInWebChatIsNotEchoedNotStoredAndGoesToTheServiceDesk()
    {
        var settings = new Dictionary<string, string?> { ["Storage:Path"] = Path.Combine(_folder, "helpbot.db") };
        var logs = new CapturingLoggerProvider();
        string conversationId, token;
        using (var host = new DirectLineHost(settings, logs: logs))
        {
            var issued = host.NewToken();
            (conversationId, token) = (issued.ConversationId, issued.Token);
            await host.StartAsync(token);
            foreach (var said in new[] { "I want to register for eCommons", RegistrationTexts.KindAffiliate, "Garcia", $"I only have my SSN: {Ssn}" })
            {
                await host.PostAsync(conversationId, token, DirectLineHost.Message(said));
            }
            var (activities, _) = await host.PollAsync(conversationId, token);

            var bot = activities.Where(DirectLineHost.IsBotMessage).Select(a => (string?)a["text"] + a["attachments"]?.ToJsonString()).ToList();
            Assert.Contains(bot, a => a.StartsWith(RegistrationTexts.SocialSecurityNumber, StringComparison.Ordinal));
            Assert.Contains(bot, a => a.Contains("617-432-2000", StringComparison.Ordinal));
            Assert.DoesNotContain(bot, a => a.Contains("1120", StringComparison.Ordinal));
            Assert.DoesNotContain(logs.Messages, m => m.Contains("1120", StringComparison.Ordinal));
        }

        // The stored history (what a reload or a restart shows) has it redacted.
        using (var restarted = new DirectLineHost(settings))
        {
            var (history, _) = await restarted.PollAsync(conversationId, token);
            Assert.Contains(history, a => (string?)a["text"] == $"I only have my SSN: {TranscriptRedaction.Ssn}");
            Assert.DoesNotContain(history, a => a.ToJsonString().Contains("1120", StringComparison.Ordinal));
        }

        // Every collection of the database file: history, conversation state, audit, SafeCode counters.
        StoredEverywhere.AssertNothingHolds(settings["Storage:Path"]!, "1120");
    }

    [Theory]
    [InlineData("123-45-6789", true)]
    [InlineData("123 45 6789", true)]
    [InlineData("123456789", true)]
    [InlineData("call 617-432-2000", false)]
    [InlineData("my HUID is 70000007", false)]
    [InlineData("1234567890", false)]
    public void SocialSecurityNumbersAreRecognisedAndRedacted(string text, bool isSsn)
    {
        Assert.Equal(isSsn, TranscriptRedaction.ContainsSocialSecurityNumber(text));
        Assert.Equal(isSsn, TranscriptRedaction.Redact(text).Contains(TranscriptRedaction.Ssn, StringComparison.Ordinal));
    }

    public void Dispose()
    {
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { }
    }
}
