using HelpBot.Dialogs.Turn;
using Microsoft.Bot.Builder;

namespace HelpBot.Dialogs.Teams;

/// <summary>The service desk's Teams channel takes its own turns (agents' replies in threads); every other turn goes on.</summary>
public sealed class DeskChannelStage(IDeskChannelTurns desk) : ITurnStage
{
    public int Order => TurnStageOrder.DeskChannel;

    public async Task OnTurnAsync(ITurnContext turnContext, NextDelegate next, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(next);
        if (!await desk.OnTurnAsync(turnContext, cancellationToken).ConfigureAwait(false))
        {
            await next(cancellationToken).ConfigureAwait(false);
        }
    }
}
