using System.Globalization;

namespace HelpBot.Dialogs.Handoff;

/// <summary>
/// When people staff the desk, e.g. <c>Mon-Fri 08:00-18:00</c> or <c>Mon-Fri 08:00-18:00; Sat 09:00-13:00</c>, in a
/// time zone (America/New_York by default). <c>24/7</c> means always open.
/// </summary>
public sealed class ServiceHours
{
    private static readonly string[] DayNames = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"];

    private readonly List<(DayOfWeek Day, TimeOnly Opens, TimeOnly Closes)> _windows;
    private readonly bool _always;

    private ServiceHours(List<(DayOfWeek, TimeOnly, TimeOnly)> windows, bool always, TimeZoneInfo zone)
    {
        _windows = windows;
        _always = always;
        Zone = zone;
    }

    public TimeZoneInfo Zone { get; }

    /// <summary>Parses the setting; on failure <paramref name="error"/> says what is wrong.</summary>
    public static bool TryParse(string? text, string? timeZone, out ServiceHours? hours, out string? error)
    {
        hours = null;
        error = null;
        if (!TryFindZone(timeZone, out var zone))
        {
            error = $"'{timeZone}' is not a time zone this machine knows; use an IANA id such as America/New_York.";
            return false;
        }
        var spec = (text ?? "").Trim();
        if (spec.Equals("24/7", StringComparison.OrdinalIgnoreCase))
        {
            hours = new ServiceHours([], always: true, zone);
            return true;
        }
        var windows = new List<(DayOfWeek, TimeOnly, TimeOnly)>();
        foreach (var segment in spec.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var parts = segment.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length != 2 || !TryDays(parts[0], out var days) || !TryTimes(parts[1], out var opens, out var closes))
            {
                error = $"'{segment}' is not understood; write days and hours like Mon-Fri 08:00-18:00 (several separated by ';'), or 24/7.";
                return false;
            }
            windows.AddRange(days.Select(d => (d, opens, closes)));
        }
        if (windows.Count == 0)
        {
            error = "it is empty; write days and hours like Mon-Fri 08:00-18:00, or 24/7.";
            return false;
        }
        hours = new ServiceHours(windows, always: false, zone);
        return true;
    }

    public static ServiceHours Parse(string? text, string? timeZone) =>
        TryParse(text, timeZone, out var hours, out var error) ? hours! : throw new FormatException(error);

    public bool IsOpen(DateTimeOffset now)
    {
        if (_always)
        {
            return true;
        }
        var local = TimeZoneInfo.ConvertTime(now, Zone);
        var time = TimeOnly.FromDateTime(local.DateTime);
        return _windows.Any(w => w.Day == local.DayOfWeek && time >= w.Opens && time < w.Closes);
    }

    /// <summary>The next time the desk opens after <paramref name="now"/> (local to <see cref="Zone"/>); null when always open.</summary>
    public DateTimeOffset? NextOpening(DateTimeOffset now)
    {
        if (_always)
        {
            return null;
        }
        var local = TimeZoneInfo.ConvertTime(now, Zone);
        for (var days = 0; days <= 7; days++)
        {
            var date = DateOnly.FromDateTime(local.DateTime).AddDays(days);
            foreach (var window in _windows.Where(w => w.Day == date.DayOfWeek).OrderBy(w => w.Opens))
            {
                var opens = date.ToDateTime(window.Opens);
                var offset = Zone.GetUtcOffset(opens);
                var at = new DateTimeOffset(opens, offset);
                if (at > now)
                {
                    return at;
                }
            }
        }
        return null;
    }

    /// <summary>"today at 8:00 AM", "tomorrow at 8:00 AM", "Monday at 8:00 AM" (Eastern time).</summary>
    public string Describe(DateTimeOffset opening, DateTimeOffset now)
    {
        var at = TimeZoneInfo.ConvertTime(opening, Zone);
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, Zone).DateTime);
        var day = DateOnly.FromDateTime(at.DateTime);
        var when = day == today ? "today" : day == today.AddDays(1) ? "tomorrow" : at.ToString("dddd", CultureInfo.InvariantCulture);
        return string.Create(CultureInfo.InvariantCulture, $"{when} at {at:h:mm tt} {Accounts.LocalTime.ZoneName(Zone, opening)}");
    }

    private static bool TryFindZone(string? id, out TimeZoneInfo zone)
    {
        zone = TimeZoneInfo.Utc;
        if (string.IsNullOrWhiteSpace(id))
        {
            return false;
        }
        try
        {
            zone = TimeZoneInfo.FindSystemTimeZoneById(id);
            return true;
        }
        catch (Exception ex) when (ex is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            return false;
        }
    }

    private static bool TryDays(string text, out List<DayOfWeek> days)
    {
        days = [];
        var ends = text.Split('-');
        if (ends.Length is < 1 or > 2 || ends.Any(e => Array.IndexOf(DayNames, e.ToLowerInvariant()) < 0))
        {
            return false;
        }
        var first = Array.IndexOf(DayNames, ends[0].ToLowerInvariant());
        var last = Array.IndexOf(DayNames, ends[^1].ToLowerInvariant());
        for (var d = first; ; d = (d + 1) % 7)
        {
            days.Add((DayOfWeek)d);
            if (d == last)
            {
                break;
            }
        }
        return true;
    }

    private static bool TryTimes(string text, out TimeOnly opens, out TimeOnly closes)
    {
        opens = closes = default;
        var ends = text.Split('-');
        return ends.Length == 2
            && TimeOnly.TryParseExact(ends[0], "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out opens)
            && TimeOnly.TryParseExact(ends[1], "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out closes)
            && opens < closes;
    }
}
