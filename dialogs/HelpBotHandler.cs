using HelpBot.Cards;
using HelpBot.Dialogs.Engine;
using HelpBot.Dialogs.Handoff;
using HelpBot.Dialogs.Messaging;
using HelpBot.Dialogs.Reminders;
using HelpBot.Dialogs.Teams;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Builder.Teams;
using Microsoft.Bot.Connector;
using Microsoft.Bot.Schema;
using Microsoft.Extensions.Logging;
using Newtonsoft.Json.Linq;

namespace HelpBot.Dialogs;

/// <summary>
/// The bot: receives every activity from every channel (Teams, Web Chat, Azure Bot Service), greets new users, and
/// hands each message to <see cref="MainDialog"/>. State is saved at the end of every turn.
/// </summary>
public class HelpBotHandler : TeamsActivityHandler
{
    private readonly ConversationState _conversationState;
    private readonly UserState _userState;
    private readonly MainDialog _mainDialog;
    private readonly IStatePropertyAccessor<object> _dialogState;
    private readonly IConversationReferences? _conversationReferences;
    private readonly TimeProvider _time;
    private readonly ITurnContinuations? _continuations;
    private readonly ILogger? _logger;
    private readonly HandoffGate? _handoff;
    private readonly IDeskChannelTurns? _desk;

    /// <param name="conversationReferences">Where Teams personal chats are remembered for proactive reminders; none keeps nothing.</param>
    /// <param name="handoff">Relays the conversation while it is with the service desk; none: the bot always answers.</param>
    /// <param name="continuations">Where the work behind a card invoke continues once the invoke is answered; none runs it within the invoke.</param>
    /// <param name="desk">The service desk's Teams channel (cards, takes, replies in threads); none when not configured.</param>
    public HelpBotHandler(ConversationState conversationState, UserState userState, MainDialog mainDialog,
        IConversationReferences? conversationReferences = null, TimeProvider? time = null, HandoffGate? handoff = null,
        ITurnContinuations? continuations = null, ILogger<HelpBotHandler>? logger = null, IDeskChannelTurns? desk = null)
    {
        _desk = desk;
        _handoff = handoff;
        _conversationState = conversationState;
        _userState = userState;
        _mainDialog = mainDialog;
        _conversationReferences = conversationReferences;
        _time = time ?? TimeProvider.System;
        _continuations = continuations;
        _logger = logger;
        _dialogState = conversationState.CreateProperty<object>(ConversationStateKeys.DialogStack);
    }

    public override async Task OnTurnAsync(ITurnContext turnContext, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(turnContext);
        if (turnContext.Activity is { } incoming && IsInstall(incoming))
        {
            // Installing the app is enough for a reminder to reach the user later, before they ever write.
            await RememberTeamsConversationAsync(turnContext, cancellationToken).ConfigureAwait(false);
        }
        // The desk's own channel: agents' replies in escalation threads are relayed, never answered by the bot.
        if (_desk is not null && await _desk.OnTurnAsync(turnContext, cancellationToken).ConfigureAwait(false))
        {
            return;
        }
        // While a person from the desk has the conversation, the bot relays instead of answering.
        if (_handoff is null || !await _handoff.OnTurnAsync(turnContext, cancellationToken).ConfigureAwait(false))
        {
            await base.OnTurnAsync(turnContext, cancellationToken).ConfigureAwait(false);
            if (_handoff is not null)
            {
                await _handoff.AfterTurnAsync(turnContext, cancellationToken).ConfigureAwait(false);
            }
        }
        if (_handoff is not null)
        {
            await _handoff.BeforeSaveAsync(turnContext, cancellationToken).ConfigureAwait(false);
        }
        await _conversationState.SaveChangesAsync(turnContext, false, cancellationToken).ConfigureAwait(false);
        await _userState.SaveChangesAsync(turnContext, false, cancellationToken).ConfigureAwait(false);
    }

    protected override async Task OnMembersAddedAsync(IList<ChannelAccount> membersAdded, ITurnContext<IConversationUpdateActivity> turnContext, CancellationToken cancellationToken)
    {
        if (membersAdded.Any(m => m.Id != turnContext.Activity.Recipient.Id))
        {
            await turnContext.SendActivityAsync(WelcomeCard.Build(MainTexts.WelcomeOffers).ToMessage(), cancellationToken).ConfigureAwait(false);
        }
    }

    protected override async Task OnMessageActivityAsync(ITurnContext<IMessageActivity> turnContext, CancellationToken cancellationToken)
    {
        // In Teams channels the bot is @mentioned; the mention is not part of what the user asked.
        turnContext.Activity.RemoveRecipientMention();
        await RememberTeamsConversationAsync(turnContext, cancellationToken).ConfigureAwait(false);
        await RetireUsedCardAsync(turnContext, cancellationToken).ConfigureAwait(false);
        await _mainDialog.RunAsync(turnContext, _dialogState, cancellationToken).ConfigureAwait(false);
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
        if (_desk is not null && await _desk.OnCardActionAsync(turnContext, invokeValue, OnTurnAsync, cancellationToken).ConfigureAwait(false) is { } deskAnswer)
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
        var continuation = ButtonAsMessage(turnContext.Activity, data!);
        if (_continuations is not null)
        {
            _continuations.ContinueAfter(turnContext, continuation, OnTurnAsync);
        }
        else
        {
            // No background runner (a test adapter): the same turn, within the invoke.
            using var inline = new TurnContext(turnContext.Adapter, continuation);
            foreach (var (key, value) in turnContext.TurnState)
            {
                inline.TurnState[key] = value;
            }
            await OnTurnAsync(inline, cancellationToken).ConfigureAwait(false);
        }
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

    private static bool IsInstall(Activity activity) =>
        (activity.Type == ActivityTypes.ConversationUpdate && activity.AsConversationUpdateActivity().MembersAdded is { Count: > 0 })
        || (activity.Type == ActivityTypes.InstallationUpdate
            && (activity.AsInstallationUpdateActivity().Action ?? "").StartsWith("add", StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// A Teams user in a personal chat (writing, or installing the app): keep (or refresh) where to reach them, for
    /// password-expiry reminders. Channels, group chats and other channels are never kept.
    /// </summary>
    private async Task RememberTeamsConversationAsync(ITurnContext turnContext, CancellationToken cancellationToken)
    {
        var activity = turnContext.Activity;
        if (_conversationReferences is not null && TeamsPersonalConversation.IsPersonal(activity)
            && await TeamsIdentity.ResolveAsync(turnContext, cancellationToken, _logger).ConfigureAwait(false) is { AadObjectId: { } aadObjectId })
        {
            await _conversationReferences.SaveAsync(aadObjectId, activity.GetConversationReference(), _time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        }
    }

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
