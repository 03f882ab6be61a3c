using System.Collections.Concurrent;
using HelpBot.Bot.Accounts;
using HelpBot.Bot.Reminders;
using HelpBot.Bot.Storage;
using HelpBot.Bot.Storage.Postgres;
using HelpBot.Dialogs.Messaging;
using HelpBot.Dialogs.PasswordReset;
using HelpBot.Dialogs.Reminders;
using Microsoft.Bot.Schema;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Npgsql;

namespace HelpBot.Bot.Tests.Storage;

/// <summary>
/// What every engine behind <see cref="IConversationReferences"/> and <see cref="ISentReminders"/> must do: Teams chats
/// kept per user, a reminder claimed once, and a reminder due while two instances run their passes sent once.
/// </summary>
public abstract class ReminderStoresContractTests
{
    private const string MleeAad = "0b6f1c2e-4a11-4d1e-9c01-000000000002"; // the demo directory's mlee: expires 3 days after it is seeded

    private static readonly DateTimeOffset Now = new(2026, 3, 2, 15, 0, 0, TimeSpan.Zero);

    protected abstract IConversationReferences References { get; }

    protected abstract ISentReminders Sent { get; }

    /// <summary>The same stores as another HelpBot instance sees them (its own connections on PostgreSQL).</summary>
    protected abstract (IConversationReferences References, ISentReminders Sent) AnotherInstance();

    private static ConversationReference Chat(string id) => new()
    {
        ChannelId = "msteams",
        ServiceUrl = "https://smba.trafficmanager.net/amer/",
        Conversation = new ConversationAccount(id: id, conversationType: "personal"),
        User = new ChannelAccount(id: "29:" + id),
    };

    [Fact]
    public async Task AUsersChatReadsBack_OnePerUser_TheLatestKept_AndAKnownUpnSurvivesASaveWithoutOne()
    {
        await References.SaveAsync("AAD-1", Chat("a:first"), Now, "jsmith@example.edu");
        await References.SaveAsync("aad-1", Chat("a:second"), Now.AddHours(1));
        await References.SaveAsync("aad-2", Chat("a:other"), Now, null);

        var all = (await References.GetAllAsync()).OrderBy(r => r.AadObjectId, StringComparer.Ordinal).ToList();

        Assert.Equal(["aad-1", "aad-2"], all.Select(r => r.AadObjectId));
        Assert.Equal(("a:second", "https://smba.trafficmanager.net/amer/", "29:a:second"), (all[0].Conversation.Conversation.Id, all[0].Conversation.ServiceUrl, all[0].Conversation.User.Id));
        Assert.Equal(Now.AddHours(1), all[0].UpdatedAt);
        Assert.Equal("jsmith@example.edu", all[0].UserPrincipalName);
        Assert.Equal("jsmith@example.edu", await References.FindUserPrincipalNameAsync("AAD-1"));
        Assert.Null(await References.FindUserPrincipalNameAsync("aad-2"));
        Assert.Null(await References.FindUserPrincipalNameAsync("aad-unknown"));
        await References.SaveAsync("aad-1", Chat("a:second"), Now.AddHours(2), "j.smith@example.edu");
        Assert.Equal("j.smith@example.edu", await References.FindUserPrincipalNameAsync("aad-1"));
    }

    [Fact]
    public async Task OfManyClaimsOfOneReminderExactlyOneWins_AndAReleasedOneCanBeClaimedAgain()
    {
        var key = ISentReminders.Key("MLee", 7, new DateOnly(2026, 3, 5));
        var other = AnotherInstance().Sent;

        var claims = await Task.WhenAll(Enumerable.Range(0, 16).Select(i => Task.Run(() => (i % 2 == 0 ? Sent : other).TryClaimAsync(key, Now))));

        Assert.Single(claims, c => c);
        Assert.False(await Sent.TryClaimAsync(ISentReminders.Key("mlee", 7, new DateOnly(2026, 3, 5)), Now));
        Assert.True(await Sent.TryClaimAsync(ISentReminders.Key("mlee", 1, new DateOnly(2026, 3, 5)), Now));
        await other.ReleaseAsync(key);
        Assert.True(await Sent.TryClaimAsync(key, Now));
    }

    [Fact]
    public async Task AReminderDueWhileTwoInstancesRunTheirPassesIsSentOnce()
    {
        var time = new FakeTimeProvider(Now);
        var messenger = new RecordingMessenger();
        await References.SaveAsync(MleeAad, Chat("a:mlee"), Now);
        using var directoryA = new HelpBotDatabase(HelpBotDatabase.InMemory);
        using var directoryB = new HelpBotDatabase(HelpBotDatabase.InMemory);
        var (referencesB, sentB) = AnotherInstance();
        using var a = Scheduler(References, Sent, directoryA, time, messenger);
        using var b = Scheduler(referencesB, sentB, directoryB, time, messenger);

        var sent = 0;
        for (var pass = 0; pass < 5; pass++)
        {
            sent += (await Task.WhenAll(Task.Run(() => a.RunOnceAsync(CancellationToken.None)), Task.Run(() => b.RunOnceAsync(CancellationToken.None)))).Sum();
        }

        Assert.Equal(1, sent);
        var card = Assert.Single(messenger.Texts);
        Assert.Contains("(3 days)", card, StringComparison.Ordinal);
    }

    private static PasswordExpiryReminders Scheduler(IConversationReferences references, ISentReminders sent, HelpBotDatabase directory, FakeTimeProvider time, RecordingMessenger messenger) =>
        new(references,
            new EmbeddedAccountDirectory(directory, time, Options.Create(new DirectoryOptions())),
            messenger,
            sent,
            time,
            Options.Create(new RemindersOptions()),
            Options.Create(new PasswordResetOptions()),
            NullLogger<PasswordExpiryReminders>.Instance);

    private sealed class RecordingMessenger : IProactiveMessenger
    {
        public ConcurrentQueue<string> Texts { get; } = new();

        public Task SendAsync(ConversationReference conversation, IActivity activity, CancellationToken cancellationToken = default)
        {
            Texts.Enqueue(Newtonsoft.Json.JsonConvert.SerializeObject(activity));
            return Task.CompletedTask;
        }
    }
}

public sealed class LiteDbReminderStoresTests : ReminderStoresContractTests, IDisposable
{
    private readonly TempDatabaseFolder _folder = new();
    private readonly HelpBotDatabase _database;

    public LiteDbReminderStoresTests()
    {
        _database = _folder.Open();
        References = new LiteDbConversationReferences(_database);
        Sent = new LiteDbSentReminders(_database);
    }

    protected override IConversationReferences References { get; }

    protected override ISentReminders Sent { get; }

    protected override (IConversationReferences References, ISentReminders Sent) AnotherInstance() =>
        (new LiteDbConversationReferences(_database), new LiteDbSentReminders(_database));

    public void Dispose()
    {
        _database.Dispose();
        _folder.Dispose();
    }
}

public sealed class PostgresReminderStoresTests : ReminderStoresContractTests, IClassFixture<PostgresServerFixture>, IDisposable
{
    private readonly NpgsqlDataSource _dataSource;
    private readonly NpgsqlDataSource _otherInstance;

    public PostgresReminderStoresTests(PostgresServerFixture fixture)
    {
        _dataSource = fixture.Server.NewMigratedDataSource();
        _otherInstance = NpgsqlDataSource.Create(_dataSource.ConnectionString);
        References = new PostgresConversationReferences(_dataSource);
        Sent = new PostgresSentReminders(_dataSource);
    }

    protected override IConversationReferences References { get; }

    protected override ISentReminders Sent { get; }

    protected override (IConversationReferences References, ISentReminders Sent) AnotherInstance() =>
        (new PostgresConversationReferences(_otherInstance), new PostgresSentReminders(_otherInstance));

    public void Dispose()
    {
        _otherInstance.Dispose();
        _dataSource.Dispose();
    }
}
