using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace HelpBot.Dialogs.Telemetry;

/// <summary>
/// HelpBot's own traces and metrics (System.Diagnostics, so they cost nothing when no one listens). The host exports them
/// with OpenTelemetry (bot/Telemetry): the meter and the activity source are both named <see cref="Name"/>. Tags never
/// carry a username, a code or any other personal value: only flow, channel, action and outcome names.
/// </summary>
public static class HelpBotMetrics
{
    public const string Name = "HelpBot";

    /// <summary>Spans for a turn (<c>helpbot.turn</c>) and for directory calls (<c>helpbot.directory</c>).</summary>
    public static readonly ActivitySource Source = new(Name);

    private static readonly Meter Meter = new(Name);

    private static readonly Counter<long> Turns = Meter.CreateCounter<long>("helpbot.turns", "{turn}", "Turns the bot handled, by channel and activity type.");

    private static readonly Histogram<double> TurnDuration = Meter.CreateHistogram<double>("helpbot.turn.duration", "ms", "How long a turn took, from the activity to its last reply.");

    private static readonly Counter<long> FlowsStarted = Meter.CreateCounter<long>("helpbot.flows.started", "{flow}", "Flows started (unlock, reset, guest key …), by flow.");

    private static readonly Counter<long> FlowsEnded = Meter.CreateCounter<long>("helpbot.flows.ended", "{flow}", "Flows ended, by flow and outcome: completed, cancelled, person (handed to the desk), gave-up, switched (another topic), restarted ('start over').");

    private static readonly Counter<long> AuditEvents = Meter.CreateCounter<long>("helpbot.audit.events", "{event}", "Audited events by action and outcome: SafeCodes sent and verified, unlocks, resets, guest keys, hand-offs.");

    private static readonly Histogram<double> DirectoryDuration = Meter.CreateHistogram<double>("helpbot.directory.duration", "ms", "Account directory calls, by operation and outcome.");

    public static void Turn(string? channel, string? activityType, TimeSpan elapsed)
    {
        var tags = new TagList { { "channel", channel ?? "unknown" }, { "type", activityType ?? "unknown" } };
        Turns.Add(1, tags);
        TurnDuration.Record(elapsed.TotalMilliseconds, tags);
    }

    public static void FlowStarted(string flow) => FlowsStarted.Add(1, new KeyValuePair<string, object?>("flow", flow));

    public static void FlowEnded(string flow, string outcome) =>
        FlowsEnded.Add(1, new KeyValuePair<string, object?>("flow", flow), new KeyValuePair<string, object?>("outcome", outcome));

    public static void Audited(string action, string outcome) =>
        AuditEvents.Add(1, new KeyValuePair<string, object?>("action", action), new KeyValuePair<string, object?>("outcome", outcome));

    public static void DirectoryCall(string operation, string outcome, TimeSpan elapsed) =>
        DirectoryDuration.Record(elapsed.TotalMilliseconds, new KeyValuePair<string, object?>("operation", operation), new KeyValuePair<string, object?>("outcome", outcome));
}
