using System.Diagnostics;
using HelpBot.Dialogs.Telemetry;
using Microsoft.Bot.Builder;

namespace HelpBot.Dialogs.Turn;

/// <summary>The outermost stage: each turn is a span (<c>helpbot.turn</c>) and is counted and timed, by channel.</summary>
public sealed class TurnMetricsStage : ITurnStage
{
    public int Order => TurnStageOrder.Metrics;

    public async Task OnTurnAsync(ITurnContext turnContext, NextDelegate next, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(turnContext);
        ArgumentNullException.ThrowIfNull(next);
        var channel = turnContext.Activity?.ChannelId;
        var type = turnContext.Activity?.Type;
        using var span = HelpBotMetrics.Source.StartActivity("helpbot.turn");
        span?.SetTag("helpbot.channel", channel);
        span?.SetTag("helpbot.activity_type", type);
        var started = Stopwatch.GetTimestamp();
        try
        {
            await next(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            span?.SetStatus(ActivityStatusCode.Error, ex.GetType().Name);
            throw;
        }
        finally
        {
            HelpBotMetrics.Turn(channel, type, Stopwatch.GetElapsedTime(started));
        }
    }
}
