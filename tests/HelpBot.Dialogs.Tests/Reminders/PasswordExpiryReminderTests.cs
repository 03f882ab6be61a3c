using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using HelpBot.Bot.Reminders;
using HelpBot.Cards;
using HelpBot.Dialogs.Messaging;
using HelpBot.Dialogs.Reminders;
using HelpBot.Dialogs.SafeCode;
using HelpBot.Tests.Shared;
using Microsoft.Bot.Builder.Adapters;
using Microsoft.Bot.Schema;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Newtonsoft.Json.Linq;

namespace HelpBot.Dialogs.Tests.Reminders;

/// <summary>
/// Proactive password-expiry reminders over the real host: a Teams user's personal chat is remembered when they write,
/// the scheduler's pass sends the card through <see cref="IProactiveMessenger"/> (captured here by a recording
/// <see cref="IProactiveChannel"/> in place of the Bot Framework Connector), and the card's button starts the change.
/// </summary>
public sealed class PasswordExpiryReminderTests : IDisposable
{
    private const string MleeAad = "0b6f1c2e-4a11-4d1e-9c01-000000000002"; // password expires in 3 days
    private const string AkumarAad = "0b6f1c2e-4a11-4d1e-9c01-000000000003"; // in 120 days

    private readonly string _folder = Directory.CreateTempSubdirectory("helpbot-reminders-").FullName;

    [Fact]
    public async Task ATeamsUserThreeDaysFromExpiryGetsTheSevenDayReminderExactlyOnce()
    {
        var channel = new RecordingChannel();
        using var bot = Harness(channel);
        var mlee = bot.NewUser("mlee", "msteams", MleeAad);
        await TalkOnceAsync(bot, mlee);

        Assert.Equal(1, await Reminders(bot).RunOnceAsync(CancellationToken.None));
        var (to, activity) = Assert.Single(channel.Sent);
        Assert.Equal(mlee.Conversation.Conversation.Id, to.Conversation.Id);
        Assert.Equal("msteams", to.ChannelId);
        var card = Card(activity);
        var text = (string)card["body"]![1]!["text"]!;
        Assert.Contains("Your eCommons password expires on ", text, StringComparison.Ordinal);
        Assert.Contains("(3 days). Change it now to avoid being locked out.", text, StringComparison.Ordinal);
        Assert.Equal(PasswordExpiryReminderCard.ButtonTitle, (string)card["actions"]![0]!["title"]!);
        await CardValidator.AssertValidAsync(card);

        // The 7-day reminder, recorded durably; the 14-day one is never sent.
        Assert.Equal(0, await Reminders(bot).RunOnceAsync(CancellationToken.None));
        Assert.Single(channel.Sent);
    }

    [Fact]
    public async Task ARestartOverTheSameDatabaseNeverSendsTheSameReminderAgain()
    {
        var settings = new Dictionary<string, string?>
        {
            ["Storage:Path"] = Path.Combine(_folder, "helpbot.db"),
            ["Messaging:OutboxPath"] = Path.Combine(_folder, "outbox.jsonl"),
        };
        var before = new RecordingChannel();
        using (var bot = Harness(before, settings))
        {
            await TalkOnceAsync(bot, bot.NewUser("mlee", "msteams", MleeAad));
            Assert.Equal(1, await Reminders(bot).RunOnceAsync(CancellationToken.None));
        }
        Assert.Single(before.Sent);

        var after = new RecordingChannel();
        using (var restarted = Harness(after, settings))
        {
            // The stored conversation survived the restart; the reminder's record did too.
            Assert.Single(await restarted.Services.GetRequiredService<IConversationReferences>().GetAllAsync());
            Assert.Equal(0, await Reminders(restarted).RunOnceAsync(CancellationToken.None));
        }
        Assert.Empty(after.Sent);
    }

    [Fact]
    public async Task AUserFarFromExpiryGetsNoReminder()
    {
        var channel = new RecordingChannel();
        using var bot = Harness(channel);
        await TalkOnceAsync(bot, bot.NewUser("akumar", "msteams", AkumarAad));

        Assert.Single(await bot.Services.GetRequiredService<IConversationReferences>().GetAllAsync());
        Assert.Equal(0, await Reminders(bot).RunOnceAsync(CancellationToken.None));
        Assert.Empty(channel.Sent);
    }

    [Fact]
    public async Task WebChatUsersAndTeamsChannelConversationsAreNeverStored()
    {
        var channel = new RecordingChannel();
        using var bot = Harness(channel);
        await TalkOnceAsync(bot, bot.NewUser());
        var inAChannel = bot.NewUser("mlee", "msteams", MleeAad);
        inAChannel.Conversation.Conversation.ConversationType = "channel";
        inAChannel.Conversation.Conversation.IsGroup = true;
        await TalkOnceAsync(bot, inAChannel);

        Assert.Empty(await bot.Services.GetRequiredService<IConversationReferences>().GetAllAsync());
        Assert.Equal(0, await Reminders(bot).RunOnceAsync(CancellationToken.None));
        Assert.Empty(channel.Sent);
    }

    [Fact]
    public async Task TheCardsButtonStartsTheChangePasswordFlowWithoutAskingWhoTheUserIs()
    {
        var channel = new RecordingChannel();
        using var bot = Harness(channel);
        var mlee = bot.NewUser("mlee", "msteams", MleeAad);
        await TalkOnceAsync(bot, mlee);
        await Reminders(bot).RunOnceAsync(CancellationToken.None);
        var data = JObject.Parse(Card(Assert.Single(channel.Sent).Activity)["actions"]![0]!["data"]!.ToJsonString());

        var replies = new List<string>();
        await bot.Flow(mlee)
            .Send(new Activity(ActivityTypes.Message) { Value = data })
            .AssertReply(r => replies.Add(BotHarness.AllText(r)))
            .StartTestAsync();
        // Teams proved who mlee is: straight to where the SafeCode should go, no username question.
        var first = replies.Single();
        Assert.Contains(SafeCodeDialogTexts.ChooseChannel, first, StringComparison.Ordinal);
        Assert.DoesNotContain(Accounts.AccountTexts.AskIdentifier, first, StringComparison.Ordinal);
    }

    private static BotHarness Harness(RecordingChannel channel, IDictionary<string, string?>? settings = null) =>
        new(settings, services =>
        {
            services.RemoveAll<IProactiveChannel>();
            services.AddSingleton<IProactiveChannel>(channel);
            // The tests run each pass themselves: the scheduler's own first pass, at start, would race them on a busy
            // machine (it could find the conversation first and leave the test's pass nothing to send).
            var schedulers = services.Where(d => d.ServiceType == typeof(Microsoft.Extensions.Hosting.IHostedService)
                && d.ImplementationFactory?.Method.ReturnType == typeof(PasswordExpiryReminders)).ToList();
            Assert.Single(schedulers);
            services.Remove(schedulers[0]);
        });

    private static PasswordExpiryReminders Reminders(BotHarness bot) => bot.Services.GetRequiredService<PasswordExpiryReminders>();

    private static Task TalkOnceAsync(BotHarness bot, TestAdapter user) =>
        bot.Flow(user).Send("hello").AssertReply(_ => { }).StartTestAsync();

    private static JsonObject Card(IActivity activity)
    {
        var attachment = Assert.Single(((Activity)activity).Attachments);
        Assert.Equal(AdaptiveCard.ContentType, attachment.ContentType);
        return JsonNode.Parse(Newtonsoft.Json.JsonConvert.SerializeObject(attachment.Content))!.AsObject();
    }

    private sealed class RecordingChannel : IProactiveChannel
    {
        private readonly ConcurrentQueue<(ConversationReference Conversation, IActivity Activity)> _sent = new();

        public IReadOnlyList<(ConversationReference Conversation, IActivity Activity)> Sent => [.. _sent];

        public bool Handles(ConversationReference conversation) => true;

        public Task SendAsync(ConversationReference conversation, IActivity activity, CancellationToken cancellationToken = default)
        {
            _sent.Enqueue((conversation, activity));
            return Task.CompletedTask;
        }
    }

    public void Dispose()
    {
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { }
    }
}
