using System.Runtime.ExceptionServices;
using HelpBot.Dialogs;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Schema;

namespace HelpBot.Bot.Adapters;

/// <summary>
/// What happens when a turn throws: log it for operators, apologise to the user with a way out, and clear only the
/// dialog stack that broke, so the next message starts fresh while the rest of the conversation's data is kept.
/// A message HelpBot sends on its own (a reminder, an agent's reply, "your password was changed") runs no dialog: when
/// it cannot be delivered, the person's flow in that chat is left as it was and the sender is told (it retries or logs).
/// </summary>
public sealed class TurnErrorHandler(ConversationState conversationState, ILogger<TurnErrorHandler> logger)
{
    public const string Apology =
        "Sorry, something went wrong on my side and I couldn't finish that. Please try again, or call the HMS IT Service Desk at 617-432-2000.";

    public async Task HandleAsync(ITurnContext turnContext, Exception exception)
    {
        ArgumentNullException.ThrowIfNull(turnContext);
        ArgumentNullException.ThrowIfNull(exception);
        if (IsProactive(turnContext.Activity))
        {
            logger.LogWarning("A message HelpBot sent on its own could not be delivered to conversation {ConversationId} on {ChannelId}: {ExceptionType}",
                turnContext.Activity.Conversation?.Id, turnContext.Activity.ChannelId, exception.GetType().Name);
            ExceptionDispatchInfo.Throw(exception);
        }
        // The exception type and message only: activities and state can hold personal data.
        logger.LogError(exception, "Turn failed in conversation {ConversationId} on {ChannelId}: {ExceptionType}",
            turnContext.Activity?.Conversation?.Id, turnContext.Activity?.ChannelId, exception.GetType().Name);

        try
        {
            await turnContext.SendActivityAsync(Apology).ConfigureAwait(false);
        }
        catch (Exception sendFailure)
        {
            logger.LogError(sendFailure, "Could not tell the user that the turn failed");
        }

        try
        {
            // Reload rather than reuse the cached state: the failure may have been a concurrent write (ETag conflict).
            await conversationState.LoadAsync(turnContext, force: true).ConfigureAwait(false);
            await conversationState.CreateProperty<object>(ConversationStateKeys.DialogStack).DeleteAsync(turnContext).ConfigureAwait(false);
            await conversationState.SaveChangesAsync(turnContext, force: true).ConfigureAwait(false);
        }
        catch (Exception clearFailure)
        {
            logger.LogError(clearFailure, "Could not clear the dialog state after a failed turn");
        }
    }

    private static bool IsProactive(Activity? activity) =>
        activity?.Type == ActivityTypes.Event && activity.Name == ActivityEventNames.ContinueConversation;
}
