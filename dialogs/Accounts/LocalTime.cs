using System.Globalization;

namespace HelpBot.Dialogs.Accounts;

/// <summary>
/// Times as people read them, in one zone for everything HelpBot tells someone (the chat, texts, e-mails): the clock
/// with the zone named, "2:02 PM Eastern time", the way the desk's opening hours are already said.
/// </summary>
public static class LocalTime
{
    private static readonly Dictionary<string, string> Names = new(StringComparer.OrdinalIgnoreCase)
    {
        ["America/New_York"] = "Eastern time",
        ["America/Chicago"] = "Central time",
        ["America/Denver"] = "Mountain time",
        ["America/Phoenix"] = "Arizona time",
        ["America/Los_Angeles"] = "Pacific time",
        ["UTC"] = "UTC",
        ["Etc/UTC"] = "UTC",
        ["Etc/GMT"] = "UTC",
    };

    /// <summary>The configured zone; the host validates it at start-up, so UTC here is only a last resort.</summary>
    public static TimeZoneInfo Zone(string? id) =>
        !string.IsNullOrWhiteSpace(id) && TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone) ? zone : TimeZoneInfo.Utc;

    /// <summary>"Eastern time"; a zone without a common name is its offset at that moment, "UTC+05:30".</summary>
    public static string ZoneName(TimeZoneInfo zone, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(zone);
        var id = zone.Id;
        if (!Names.ContainsKey(id) && TimeZoneInfo.TryConvertWindowsIdToIanaId(id, out var iana))
        {
            id = iana;
        }
        if (Names.TryGetValue(id, out var name))
        {
            return name;
        }
        var offset = zone.GetUtcOffset(at);
        return offset == TimeSpan.Zero
            ? "UTC"
            : string.Create(CultureInfo.InvariantCulture, $"UTC{(offset < TimeSpan.Zero ? "-" : "+")}{offset.Duration():hh\\:mm}");
    }

    /// <summary>"2:02 PM Eastern time".</summary>
    public static string Clock(DateTimeOffset at, TimeZoneInfo zone)
    {
        var local = TimeZoneInfo.ConvertTime(at, zone);
        return string.Create(CultureInfo.InvariantCulture, $"{local:h:mm tt} {ZoneName(zone, at)}");
    }

    /// <summary>"2:02 PM Eastern time on 4 March 2025": the date is the one in that zone too.</summary>
    public static string ClockAndDate(DateTimeOffset at, TimeZoneInfo zone)
    {
        var local = TimeZoneInfo.ConvertTime(at, zone);
        return string.Create(CultureInfo.InvariantCulture, $"{Clock(at, zone)} on {local:d MMMM yyyy}");
    }
}
