using HelpBot.Dialogs.Handoff;
using Microsoft.Extensions.Options;

namespace HelpBot.Bot.Tests.Handoff;

/// <summary>Handoff:* settings: service hours in Boston time, and a wrong value stops the start with the key named.</summary>
public sealed class HandoffOptionsTests
{
    private static readonly ServiceHours Desk = ServiceHours.Parse("Mon-Fri 08:00-18:00", "America/New_York");

    [Theory]
    [InlineData("2026-12-01T13:00:00Z", true)]   // Tuesday 08:00 EST: opens
    [InlineData("2026-12-01T12:59:00Z", false)]  // 07:59
    [InlineData("2026-12-01T22:59:00Z", true)]   // 17:59
    [InlineData("2026-12-01T23:00:00Z", false)]  // 18:00: closed
    [InlineData("2026-12-05T15:00:00Z", false)]  // Saturday
    [InlineData("2026-07-07T12:30:00Z", true)]   // Tuesday 08:30 EDT (summer time)
    public void OpenOnlyInServiceHoursInTheDesksTimeZone(string utc, bool open) =>
        Assert.Equal(open, Desk.IsOpen(DateTimeOffset.Parse(utc, System.Globalization.CultureInfo.InvariantCulture)));

    [Fact]
    public void AfterFridayEveningTheNextOpeningIsMondayMorning()
    {
        var friday = new DateTimeOffset(2026, 12, 4, 23, 30, 0, TimeSpan.Zero); // 18:30 in Boston
        var next = Desk.NextOpening(friday)!.Value;
        Assert.Equal(new DateTimeOffset(2026, 12, 7, 8, 0, 0, TimeSpan.FromHours(-5)), next);
        Assert.Equal("Monday at 8:00 AM Eastern time", Desk.Describe(next, friday));
        var early = new DateTimeOffset(2026, 12, 1, 11, 0, 0, TimeSpan.Zero); // Tuesday 06:00
        Assert.Equal("today at 8:00 AM Eastern time", Desk.Describe(Desk.NextOpening(early)!.Value, early));
    }

    [Fact]
    public void SeveralWindowsAndAlwaysOpen()
    {
        var hours = ServiceHours.Parse("Mon-Fri 08:00-18:00; Sat 09:00-13:00", "America/New_York");
        Assert.True(hours.IsOpen(new DateTimeOffset(2026, 12, 5, 15, 0, 0, TimeSpan.Zero)));  // Saturday 10:00
        Assert.False(hours.IsOpen(new DateTimeOffset(2026, 12, 6, 15, 0, 0, TimeSpan.Zero))); // Sunday
        var always = ServiceHours.Parse("24/7", "America/New_York");
        Assert.True(always.IsOpen(new DateTimeOffset(2026, 12, 6, 7, 0, 0, TimeSpan.Zero)));
        Assert.Null(always.NextOpening(DateTimeOffset.UnixEpoch));
    }

    [Theory]
    [InlineData("Handoff:ServiceHours", "weekdays 9 to 5", "Handoff:ServiceHours 'weekdays 9 to 5'")]
    [InlineData("Handoff:ServiceHours", "Mon-Fri 18:00-08:00", "Mon-Fri 18:00-08:00")]
    [InlineData("Handoff:TimeZone", "Boston", "'Boston' is not a time zone")]
    [InlineData("Handoff:UpdateInterval", "00:00:01", "Handoff:UpdateInterval is 00:00:01")]
    [InlineData("Handoff:TranscriptMessages", "0", "Handoff:TranscriptMessages is 0")]
    public void AWrongSettingStopsTheStartAndNamesTheKey(string key, string value, string message)
    {
        using var factory = new HelpBotFactory(new Dictionary<string, string?> { [key] = value });
        var error = Assert.Throws<OptionsValidationException>(() => factory.Services);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }
}
