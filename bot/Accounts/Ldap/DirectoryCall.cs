using System.Diagnostics;
using HelpBot.Dialogs.Telemetry;

namespace HelpBot.Bot.Accounts.Ldap;

/// <summary>
/// One directory operation as telemetry: a span <c>helpbot.directory</c> and the <c>helpbot.directory.duration</c>
/// histogram, by operation and outcome (ok, or error when it threw).
/// </summary>
internal readonly struct DirectoryCall
{
    private readonly string _operation;
    private readonly long _started;
    private readonly Activity? _span;

    private DirectoryCall(string operation, Activity? span)
    {
        _operation = operation;
        _span = span;
        _started = Stopwatch.GetTimestamp();
    }

    public static DirectoryCall Start(string operation)
    {
        var span = HelpBotMetrics.Source.StartActivity("helpbot.directory", ActivityKind.Client);
        span?.SetTag("helpbot.directory.operation", operation);
        return new DirectoryCall(operation, span);
    }

    /// <summary>Records the call: <paramref name="outcome"/> is ok or error.</summary>
    public void End(string outcome)
    {
        HelpBotMetrics.DirectoryCall(_operation, outcome, Stopwatch.GetElapsedTime(_started));
        _span?.Dispose();
    }
}
