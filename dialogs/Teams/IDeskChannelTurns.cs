using Microsoft.Bot.Builder;
using Microsoft.Bot.Schema;

namespace HelpBot.Dialogs.Teams;

/// <summary>
/// The service desk's Teams channel, as the bot sees it: agents pressing "Take it" on an escalation card and writing
/// in its thread. These turns are the desk's, not a user's, so they never reach MainDialog.
/// </summary>
public interface IDeskChannelTurns
{
    /// <summary>Handles a message in the desk channel (an agent's reply in a card's thread); false for any other turn.</summary>
    Task<bool> OnTurnAsync(ITurnContext turnContext, CancellationToken cancellationToken);

    /// <summary>
    /// Answers a desk card's button at once (C6); the work behind it continues as a turn of its own through
    /// <paramref name="continueWith"/>. Null when the invoke is not the desk's.
    /// </summary>
    Task<AdaptiveCardInvokeResponse?> OnCardActionAsync(ITurnContext<IInvokeActivity> turnContext, AdaptiveCardInvokeValue invokeValue, BotCallbackHandler continueWith, CancellationToken cancellationToken);
}
