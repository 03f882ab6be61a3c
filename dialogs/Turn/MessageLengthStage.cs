using Microsoft.Bot.Builder;
using Microsoft.Bot.Schema;

namespace HelpBot.Dialogs.Turn;

/// <summary>
/// Issue 15, finding 7: a message longer than anyone types to a service desk is answered kindly and goes no further:
/// not interpreted, not relayed to an agent, not remembered, and the conversation stays where it was.
/// </summary>
public sealed class MessageLengthStage : ITurnStage
{
    /// <summary>The most characters one message may have.</summary>
    public const int MaxCharacters = 2_000;

    public const string TooLong =
        "That message is too long for me — could you shorten it? If it's easier to explain by phone, the HMS IT Service Desk is at 617-432-2000.";

    public int Order => TurnStageOrder.MessageLength;

    public async Task OnTurnAsync(ITurnContext turnContext, NextDelegate next, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(turnContext);
        ArgumentNullException.ThrowIfNull(next);
        if (turnContext.Activity.Type == ActivityTypes.Message && turnContext.Activity.Text is { Length: > MaxCharacters })
        {
            await turnContext.SendActivityAsync(MessageFactory.Text(TooLong), cancellationToken).ConfigureAwait(false);
            return;
        }
        await next(cancellationToken).ConfigureAwait(false);
    }
}
