using HelpBot.Bot.Accounts;
using HelpBot.Bot.Reminders;
using HelpBot.Bot.Storage;
using HelpBot.Dialogs.Messaging;
using HelpBot.Dialogs.PasswordReset;
using Microsoft.Bot.Schema;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace HelpBot.Bot.Tests.Reminders;

public sealed class PasswordExpiryReminderRulesTests : IDisposable
{
    private const string MleeAad = "0b6f1c2e-4a11-4d1e-9c01-000000000002"; // expires 3 days after the directory is seeded

    private static readonly DateTimeOffset Now = new(2026, 3, 2, 15, 0, 0, TimeSpan.Zero);
    private static readonly int[] Thresholds = [14, 7, 1];

    private readonly HelpBotDatabase _database = new(HelpBotDatabase.InMemory);

    [Theory]
    [InlineData(20.0, null)]
    [InlineData(14.0, 14)]
    [InlineData(10.0, 14)]
    [InlineData(7.0, 7)]
    [InlineData(3.0, 7)]
    [InlineData(1.5, 7)]
    [InlineData(0.5, 1)]
    [InlineData(0.0, null)] // expired: the expired-password flow is the help, not a reminder
    [InlineData(-2.0, null)]
    public void OnlyTheSmallestThresholdTheExpiryIsWithinIsDue(double daysLeft, int? expected) =>
        Assert.Equal(expected, PasswordExpiryReminders.DueThreshold(Now.AddDays(daysLeft), Now, Thresholds));

    [Fact]
    public async Task AsExpiryNearsEachThresholdFiresOnceAndTheLargerOnesNever()
    {
        var time = new FakeTimeProvider(Now);
        var messenger = new RecordingMessenger();
        var references = new LiteDbConversationReferences(_database);
        await references.SaveAsync(MleeAad, new ConversationReference { ChannelId = "msteams", Conversation = new ConversationAccount(id: "a:mlee") }, Now);
        var reminders = Scheduler(time, messenger);

        Assert.Equal(1, await reminders.RunOnceAsync(CancellationToken.None)); // 3 days: the 7-day reminder
        Assert.Equal(0, await reminders.RunOnceAsync(CancellationToken.None));
        time.Advance(TimeSpan.FromDays(1.5));
        Assert.Equal(0, await reminders.RunOnceAsync(CancellationToken.None)); // 1.5 days: still the 7-day one, already sent
        time.Advance(TimeSpan.FromDays(1));
        Assert.Equal(1, await reminders.RunOnceAsync(CancellationToken.None)); // half a day: the 1-day reminder
        Assert.Equal(0, await Scheduler(time, messenger).RunOnceAsync(CancellationToken.None)); // a new instance: nothing again
        time.Advance(TimeSpan.FromDays(1));
        Assert.Equal(0, await reminders.RunOnceAsync(CancellationToken.None)); // expired

        Assert.Collection(messenger.Texts,
            t => Assert.Contains("(3 days)", t, StringComparison.Ordinal),
            t => Assert.Contains("(1 day)", t, StringComparison.Ordinal));
    }

    [Fact]
    public async Task AFailedSendIsTriedAgainOnTheNextPass()
    {
        var time = new FakeTimeProvider(Now);
        var messenger = new RecordingMessenger { FailNext = true };
        await new LiteDbConversationReferences(_database).SaveAsync(MleeAad, new ConversationReference { ChannelId = "msteams", Conversation = new ConversationAccount(id: "a:mlee") }, Now);
        var reminders = Scheduler(time, messenger);

        Assert.Equal(0, await reminders.RunOnceAsync(CancellationToken.None));
        Assert.Equal(1, await reminders.RunOnceAsync(CancellationToken.None));
        Assert.Single(messenger.Texts);
    }

    [Theory]
    [InlineData("00:00:10", null)]
    [InlineData("2.00:00:00", null)]
    [InlineData("01:00:00", "0")]
    [InlineData("01:00:00", "120")]
    public void ABadIntervalOrThresholdStopsTheStartNamingTheKey(string interval, string? threshold)
    {
        var settings = new Dictionary<string, string?> { ["Reminders:Interval"] = interval };
        if (threshold is not null)
        {
            settings["Reminders:ThresholdsDays:0"] = threshold;
        }
        using var factory = new HelpBotFactory(settings);

        var error = Assert.Throws<OptionsValidationException>(() => factory.Services);
        Assert.Contains(threshold is null ? "Reminders:Interval" : "Reminders:ThresholdsDays", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ConfiguredThresholdsReplaceTheDefaults()
    {
        Assert.Equal([1, 7, 14], new RemindersOptions().Thresholds);
        Assert.Equal([3, 10], new RemindersOptions { ThresholdsDays = [10, 3] }.Thresholds);
    }

    private PasswordExpiryReminders Scheduler(FakeTimeProvider time, RecordingMessenger messenger) =>
        new(new LiteDbConversationReferences(_database),
            new EmbeddedAccountDirectory(_database, time, Options.Create(new DirectoryOptions())),
            messenger,
            new LiteDbSentReminders(_database),
            time,
            Options.Create(new RemindersOptions()),
            Options.Create(new PasswordResetOptions()),
            NullLogger<PasswordExpiryReminders>.Instance);

    private sealed class RecordingMessenger : IProactiveMessenger
    {
        public bool FailNext { get; set; }

        public List<string> Texts { get; } = [];

        public Task SendAsync(ConversationReference conversation, IActivity activity, CancellationToken cancellationToken = default)
        {
            if (FailNext)
            {
                FailNext = false;
                throw new HttpRequestException("Teams did not answer");
            }
            Texts.Add(Newtonsoft.Json.JsonConvert.SerializeObject(activity));
            return Task.CompletedTask;
        }
    }

    public void Dispose() => _database.Dispose();
}
