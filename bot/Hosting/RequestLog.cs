using System.Text;
using Serilog.Events;

namespace HelpBot.Bot.Hosting;

/// <summary>
/// What the one log line per request says: the route pattern (never the raw path: <c>/reset/{token}</c>, Direct Line
/// conversation ids), or for a request no route matched (a 404, a static file) the path with anything that may be a
/// secret taken out; and at which level.
/// </summary>
internal static class RequestLog
{
    /// <summary>A request slower than this is a warning (a chat turn, a page, an API call).</summary>
    public const double SlowMilliseconds = 2000;

    public const string Redacted = "{redacted}";

    private const int MaxSegments = 8;
    private const int MaxSegmentLength = 24;

    /// <summary>Segments after which the next one is an identifier or a token, whatever it looks like.</summary>
    private static readonly HashSet<string> SecretFollows = new(StringComparer.OrdinalIgnoreCase) { "reset", "conversations", "tokens" };

    /// <summary>
    /// Errors (an exception, a 5xx) are Error; a WebSocket (101, Direct Line's stream, the desk's hub) lasts as long as
    /// the conversation and closing it is normal, so it is Information however long it lived; any other request over
    /// 2 s is a Warning; a chat turn that went well is Debug (a line for every turn at Information was a measurable cost under
    /// load); the rest Information.
    /// </summary>
    public static LogEventLevel Level(HttpContext http, double elapsedMilliseconds, Exception? exception)
    {
        var status = http.Response.StatusCode;
        if (exception is not null || status >= 500)
        {
            return LogEventLevel.Error;
        }
        if (status == StatusCodes.Status101SwitchingProtocols)
        {
            return LogEventLevel.Information;
        }
        if (elapsedMilliseconds > SlowMilliseconds)
        {
            return LogEventLevel.Warning;
        }
        return http.Request.Path.StartsWithSegments("/api/messages", StringComparison.Ordinal) && status < 400
            ? LogEventLevel.Debug
            : LogEventLevel.Information;
    }

    /// <summary>The route pattern of the endpoint that answered, or the path without secrets when none did.</summary>
    public static string Route(HttpContext http) =>
        (http.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText ?? SafePath(http.Request.Path);

    /// <summary>
    /// The path for a log line: never the query string; a segment after <c>reset</c>, <c>conversations</c> or
    /// <c>tokens</c>, and any segment that looks like a token or a number someone owns (long,
    /// mixed letters and digits, five digits or more, characters outside letters, digits and <c>.-_~</c>), becomes
    /// <c>{redacted}</c>; at most 8 segments.
    /// </summary>
    public static string SafePath(PathString path)
    {
        var value = path.Value;
        if (string.IsNullOrEmpty(value) || value == "/")
        {
            return "/";
        }
        var segments = value.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var text = new StringBuilder();
        var redactNext = false;
        for (var i = 0; i < segments.Length; i++)
        {
            if (i == MaxSegments)
            {
                text.Append("/…");
                break;
            }
            var segment = segments[i];
            var safe = !redactNext && LooksHarmless(segment);
            text.Append('/').Append(safe ? segment : Redacted);
            redactNext = SecretFollows.Contains(segment);
        }
        return text.ToString();
    }

    private static bool LooksHarmless(string segment)
    {
        if (segment.Length > MaxSegmentLength)
        {
            return false;
        }
        int digits = 0, upper = 0, lower = 0;
        foreach (var c in segment)
        {
            if (char.IsAsciiDigit(c))
            {
                digits++;
            }
            else if (char.IsAsciiLetterUpper(c))
            {
                upper++;
            }
            else if (char.IsAsciiLetterLower(c))
            {
                lower++;
            }
            else if (c is not ('.' or '-' or '_' or '~'))
            {
                return false;
            }
        }
        // "v3", "signalr.min.js", "HD-123" pass; "aB3xY9…" (a token) and "12345678" (a Harvard ID) don't.
        return digits < 5 && !(digits > 0 && upper > 0 && lower > 0) && !(digits > 0 && segment.Length >= 16);
    }
}
