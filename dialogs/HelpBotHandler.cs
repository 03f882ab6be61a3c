using HelpBot.Cards;
using HelpBot.Dialogs.Engine;
using HelpBot.Dialogs.Messaging;
using HelpBot.Dialogs.Teams;
using HelpBot.Dialogs.Turn;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Builder.Teams;
using Microsoft.Bot.Connector;
using Microsoft.Bot.Schema;
using Newtonsoft.Json.Linq;

namespace HelpBot.Dialogs;

/// <summary>
/// The bot: receives every activity from every channel (Teams, Web Chat, Azure Bot Service) and runs it through the
/// turn stages (<see cref="TurnStageOrder"/>: remember Teams chats, the desk channel, saving state, the handoff gate),
/// then as an activity handler: greets new users and hands each message to <see cref="MainDialog"/>.
/// </summary>
public class HelpBotHandler : TeamsActivityHandler
{
    private readonly TurnPipeline _stages;
    private readonly MainDialog _mainDialog;
    private readonly IStatePropertyAccessor<object> _dialogState;
    private readonly IStatePropertyAccessor<object> _welcomed;
    private readonly ITurnContinuations _continuations;
    private readonly IDeskChannelTurns _desk;

    /// <param name="continuations">Where the work behind a card invoke continues once the invoke is answered.</param>
    /// <param name="desk">The service desk's Teams channel (its cards' buttons are answered there).</param>
    public HelpBotHandler(TurnPipeline stages, ConversationState conversationState, MainDialog mainDialog, ITurnContinuations continuations, IDeskChannelTurns desk)
    {
        ArgumentNullException.ThrowIfNull(conversationState);
        _stages = stages;
        _mainDialog = mainDialog;
        _continuations = continuations;
        _desk = desk;
        _dialogState = conversationState.CreateProperty<object>(ConversationStateKeys.DialogStack);
        // As object, not bool: a value the state doesn't hold yet (every new conversation) reads as null, where a bool
        // property's accessor throws and catches a KeyNotFoundException each time.
        _welcomed = conversationState.CreateProperty<object>(ConversationStateKeys.Welcomed);
    }

    public override Task OnTurnAsync(ITurnContext turnContext, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(turnContext);
        return _stages.RunAsync(turnContext, base.OnTurnAsync, cancellationToken);
    }

    protected override async Task OnMembersAddedAsync(IList<ChannelAccount> membersAdded, ITurnContext<IConversationUpdateActivity> turnContext, CancellationToken cancellationToken)
    {
        if (membersAdded.Any(m => m.Id != turnContext.Activity.Recipient.Id))
        {
            await turnContext.SendActivityAsync(WelcomeCard.Build(MainTexts.WelcomeOffers).ToMessage(), cancellationToken).ConfigureAwait(false);
            await _welcomed.SetAsync(turnContext, true, cancellationToken).ConfigureAwait(false);
        }
    }

    protected override async Task OnMessageActivityAsync(ITurnContext<IMessageActivity> turnContext, CancellationToken cancellationToken)
    {
        // In Teams channels the bot is @mentioned; the mention is not part of what the user asked.
        turnContext.Activity.RemoveRecipientMention();
        await RetireUsedCardAsync(turnContext, cancellationToken).ConfigureAwait(false);
        // MainDialog greets with the welcome card only when it isn't already on screen.
        turnContext.TurnState[ConversationStateKeys.WelcomedThisConversation] = await _welcomed.GetAsync(turnContext, cancellationToken: cancellationToken).ConfigureAwait(false) switch
        {
            bool welcomed => welcomed,
            Newtonsoft.Json.Linq.JValue { Value: bool welcomed } => welcomed,
            _ => false,
        };
        await _mainDialog.RunAsync(turnContext, _dialogState, cancellationToken).ConfigureAwait(false);
        if (turnContext.TurnState.Get<object>(ConversationStateKeys.WelcomedThisConversation) is true)
        {
            await _welcomed.SetAsync(turnContext, true, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// A card's Action.Execute button in Teams (an <c>adaptiveCard/action</c> invoke). Teams waits at most 5 seconds for
    /// the answer (docs/security.md, C6), and what the button starts may call the directory or an SMS gateway, so the invoke is
    /// answered at once with the card in its used form (Teams shows it in place of the old one: no stale button), and the
    /// button's words run afterwards as a message turn of their own, replying proactively.
    /// </summary>
    protected override async Task<AdaptiveCardInvokeResponse> OnAdaptiveCardInvokeAsync(ITurnContext<IInvokeActivity> turnContext, AdaptiveCardInvokeValue invokeValue, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(turnContext);
        if (await _desk.OnCardActionAsync(turnContext, invokeValue, OnTurnAsync, cancellationToken).ConfigureAwait(false) is { } deskAnswer)
        {
            return deskAnswer;
        }
        var data = invokeValue?.Action?.Data switch
        {
            JObject o => o,
            null => null,
            var other => JToken.FromObject(other) as JObject,
        };
        if (UsedCards.For(data) is not { } used)
        {
            return new AdaptiveCardInvokeResponse { StatusCode = 200, Type = "application/vnd.microsoft.activity.message", Value = MainTexts.UnknownButton };
        }
        _continuations.ContinueAfter(turnContext, ButtonAsMessage(turnContext.Activity, data!), OnTurnAsync);
        return new AdaptiveCardInvokeResponse { StatusCode = 200, Type = Cards.AdaptiveCard.ContentType, Value = JObject.Parse(used.ToJsonString()) };
    }

    /// <summary>The button's data as the message a submit would have sent (no replyToId: the card is already replaced).</summary>
    private static Activity ButtonAsMessage(IInvokeActivity invoke, JObject data) => new(ActivityTypes.Message)
    {
        Id = invoke.Id,
        Timestamp = invoke.Timestamp,
        ChannelId = invoke.ChannelId,
        ServiceUrl = invoke.ServiceUrl,
        From = invoke.From,
        Recipient = invoke.Recipient,
        Conversation = invoke.Conversation,
        ChannelData = invoke.ChannelData,
        Value = data,
    };

    /// <summary>
    /// In Teams, a card whose Action.Submit button was just used (the welcome card) is updated in place: its buttons go,
    /// and it says what was picked, so the same card cannot start a flow again later. Other channels keep their cards
    /// (Web Chat cannot update a sent activity). A failed update never stops the turn: the user's choice is still answered.
    /// </summary>
    private static async Task RetireUsedCardAsync(ITurnContext<IMessageActivity> turnContext, CancellationToken cancellationToken)
    {
        var activity = turnContext.Activity;
        if (activity.ChannelId != Channels.Msteams || string.IsNullOrEmpty(activity.ReplyToId) || UsedCards.For(activity.Value as JObject) is not { } used)
        {
            return;
        }
        var update = used.ToMessage();
        update.Id = activity.ReplyToId;
        try
        {
            await turnContext.UpdateActivityAsync(update, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is ErrorResponseException or HttpRequestException or NotSupportedException or NotImplementedException)
        {
            // The card stays as it was; the choice itself is handled below.
        }
    }
}
