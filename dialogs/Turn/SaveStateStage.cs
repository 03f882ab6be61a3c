using Microsoft.Bot.Builder;

namespace HelpBot.Dialogs.Turn;

/// <summary>Saves the conversation state once the stages after it and the dialogs have run.</summary>
public sealed class SaveStateStage(ConversationState conversationState) : ITurnStage
{
    public int Order => TurnStageOrder.SaveState;

    public async Task OnTurnAsync(ITurnContext turnContext, NextDelegate next, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(next);
        await next(cancellationToken).ConfigureAwait(false);
        await conversationState.SaveChangesAsync(turnContext, false, cancellationToken).ConfigureAwait(false);
    }
}
