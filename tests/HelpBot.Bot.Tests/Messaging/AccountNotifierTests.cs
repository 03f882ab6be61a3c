using HelpBot.Bot.Audit;
using HelpBot.Bot.Tests.SafeCode;
using HelpBot.Bot.Tests.Storage;
using HelpBot.Dialogs.Accounts;
using HelpBot.Dialogs.Messaging;
using HelpBot.Dialogs.PasswordReset;
using Microsoft.Extensions.Options;

namespace HelpBot.Bot.Tests.Messaging;

/// <summary>docs/security.md, R3: every unlock and reset is told to every address on file.</summary>
public sealed class AccountNotifierTests : IDisposable
{
    private static readonly DateTimeOffset At = new(2025, 3, 4, 14, 2, 0, TimeSpan.Zero);

    private readonly TempDatabaseFolder _folder = new();
    private readonly HelpBotDatabaseHolder _db;
    private readonly CapturedOutbound _outbound = new();
    private readonly LiteDbAuditLog _audit;

    public AccountNotifierTests()
    {
        _db = new HelpBotDatabaseHolder(_folder);
        _audit = new LiteDbAuditLog(_db.Database);
    }

    private AccountNotifier Notifier(string timeZone = "America/New_York") =>
        new(_outbound, _audit, Options.Create(new PasswordResetOptions { TimeZone = timeZone }));

    public void Dispose()
    {
        _db.Dispose();
        _folder.Dispose();
    }

    private static readonly Account Jane = new()
    {
        Username = "jsmith",
        DisplayName = "Jane Smith",
        School = "HMS",
        Affiliation = Affiliation.FullTimeStaff,
        Email = "jsmith@hms.harvard.edu",
        TextPhone = "+16175550101",
        AlternateEmail = "jane.smith@example.org",
    };

    [Fact]
    public async Task R3_AnUnlockIsToldToThePhoneAndBothEmailAddresses()
    {
        await Notifier().NotifyAsync(Jane, AccountEvent.Unlocked, At);

        Assert.Equal(
            [(MessageChannel.Text, "+16175550101"), (MessageChannel.Email, "jane.smith@example.org"), (MessageChannel.Email, "jsmith@hms.harvard.edu")],
            _outbound.Messages.Select(m => (m.Channel, m.To)));
        Assert.All(_outbound.Messages, m =>
        {
            // 14:02 UTC is 9:02 AM in Boston, in the zone the chat uses.
            Assert.Equal("Your eCommons account was unlocked at 9:02 AM Eastern time on 4 March 2025. If this wasn't you, call the HMS IT Service Desk at 617-432-2000 right away.", m.Text);
            Assert.Equal("Your eCommons account was unlocked", m.Subject);
        });
        var entry = Assert.Single(await _audit.ReadAsync("jsmith"));
        Assert.Equal(("account.notified", "success"), (entry.Action, entry.Outcome));
        Assert.Equal("event=Unlocked to=•••• 0101, j•••@example.org, j•••@hms.harvard.edu", entry.Detail);
    }

    [Fact]
    public async Task R3_AResetNoticeNeverHoldsAPasswordAndSkipsMissingAddresses()
    {
        var rosa = Jane with { Username = "rbrown", TextPhone = null, Email = "rbrown@hms.harvard.edu", AlternateEmail = "rosa.brown@example.net" };

        await Notifier().NotifyAsync(rosa, AccountEvent.PasswordReset, At.ToOffset(TimeSpan.FromHours(-5)));

        Assert.Equal(["rosa.brown@example.net", "rbrown@hms.harvard.edu"], _outbound.Messages.Select(m => m.To));
        Assert.All(_outbound.Messages, m =>
        {
            Assert.StartsWith("Your eCommons password was reset at 9:02 AM Eastern time on 4 March 2025.", m.Text, StringComparison.Ordinal);
            Assert.DoesNotContain("password is", m.Text, StringComparison.OrdinalIgnoreCase);
            Assert.True(m.Text.Length <= 160, "one SMS segment");
        });
    }

    [Fact]
    public async Task TextsAndEmailsSayTheTimeInTheZoneTheChatSays()
    {
        // 2 July: summer time in Boston (UTC-4); the chat message for the same moment names the same clock and zone.
        var summer = new DateTimeOffset(2025, 7, 2, 23, 30, 0, TimeSpan.Zero);
        var zone = LocalTime.Zone("America/New_York");

        await Notifier().NotifyAsync(Jane, AccountEvent.PasswordChanged, summer);

        var chat = ChatPasswordChangeNotifications.ChangedText(summer, zone);
        Assert.StartsWith("Your password was changed at 7:30 PM Eastern time.", chat, StringComparison.Ordinal);
        Assert.All(_outbound.Messages, m =>
            Assert.StartsWith("Your eCommons password was changed at 7:30 PM Eastern time on 2 July 2025.", m.Text, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("UTC", "2:02 PM UTC on 4 March 2025")]
    [InlineData("Asia/Kolkata", "7:32 PM UTC+05:30 on 4 March 2025")]
    [InlineData("America/Los_Angeles", "6:02 AM Pacific time on 4 March 2025")]
    public async Task AnotherZoneIsNamedToo(string timeZone, string expected)
    {
        await Notifier(timeZone).NotifyAsync(Jane, AccountEvent.Unlocked, At);

        Assert.All(_outbound.Messages, m => Assert.Contains($" at {expected}.", m.Text, StringComparison.Ordinal));
        Assert.All(_outbound.Messages, m => Assert.True(m.Text.Length <= 160, "one SMS segment"));
    }
}
