using HelpBot.Dialogs.Handoff;

namespace HelpBot.Bot.AgentConsole;

/// <summary>The desk's numbers for a period ending now (issue 6 item 5), the same on the page and at <c>/agent/api/metrics</c>.</summary>
/// <param name="Conversations">Distinct conversations with at least one user message in the period (Teams and Web Chat alike).</param>
/// <param name="EscalatedConversations">Of those, the ones that asked for a person in the period (any escalation, taken or not).</param>
/// <param name="Containment">Conversations finished without an agent, as a share of <paramref name="Conversations"/>; null with none.</param>
public sealed record DeskMetricsView(
    DateTimeOffset From,
    DateTimeOffset To,
    int Days,
    int Conversations,
    int EscalatedConversations,
    int ContainedConversations,
    double? Containment,
    int Escalations,
    IReadOnlyDictionary<string, int> ByReason,
    IReadOnlyDictionary<string, int> ByStatus,
    int Taken,
    double? MedianSecondsToTake,
    double? AverageSecondsToTake,
    double? SatisfactionAverage,
    int SatisfactionCount);

/// <summary>
/// Containment counts conversations, not escalations: a conversation is contained when a user wrote in it during the
/// period and it was never escalated in the period (a request the user later cancelled still counts as escalated:
/// they asked for a person). Times to take are from the request to the take, over the escalations taken.
/// </summary>
public sealed class DeskMetrics(IEscalationStore store, DeskActivity activity, TimeProvider time)
{
    public const int MaxDays = 366;

    public async Task<DeskMetricsView> ComputeAsync(int days, CancellationToken ct)
    {
        days = Math.Clamp(days, 1, MaxDays);
        var to = time.GetUtcNow();
        var from = to.AddDays(-days);
        var escalations = await store.ListSinceAsync(from, ct).ConfigureAwait(false);

        var escalated = escalations.Select(e => e.ConversationId).ToHashSet(StringComparer.Ordinal);
        var conversations = activity.ActiveSince(from).Select(a => a.ConversationId).ToHashSet(StringComparer.Ordinal);
        conversations.UnionWith(escalated);
        var contained = conversations.Count - escalated.Count;

        var toTake = escalations.Where(e => e.TakenAt is not null).Select(e => Math.Max(0, (e.TakenAt!.Value - e.CreatedAt).TotalSeconds)).Order().ToList();
        var scores = escalations.Where(e => e.Satisfaction is not null).Select(e => e.Satisfaction!.Value).ToList();

        return new DeskMetricsView(
            from, to, days,
            conversations.Count,
            escalated.Count,
            contained,
            conversations.Count == 0 ? null : (double)contained / conversations.Count,
            escalations.Count,
            escalations.GroupBy(e => e.Reason.ToString(), StringComparer.Ordinal).OrderByDescending(g => g.Count()).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal),
            escalations.GroupBy(e => e.Status.ToString(), StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal),
            toTake.Count,
            Median(toTake),
            toTake.Count == 0 ? null : toTake.Average(),
            scores.Count == 0 ? null : scores.Average(),
            scores.Count);
    }

    private static double? Median(List<double> sorted) => sorted.Count switch
    {
        0 => null,
        var n when n % 2 == 1 => sorted[n / 2],
        var n => (sorted[(n / 2) - 1] + sorted[n / 2]) / 2,
    };
}
