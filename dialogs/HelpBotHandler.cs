using HelpBot.Cards;
using HelpBot.Dialogs.Engine;
using HelpBot.Dialogs.Handoff;
using HelpBot.Dialogs.Reminders;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Builder.Teams;
using Microsoft.Bot.Connector;
using Microsoft.Bot.Schema;
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
    private readonly IStatePropertyAccessor<JObject> _dialogState;
    private readonly IConversationReferences? _conversationReferences;
    private readonly TimeProvider _time;
    private readonly HandoffGate? _handoff;

    /// <param name="conversationReferences">Where Teams personal chats are remembered for proactive reminders; none keeps nothing.</param>
    /// <param name="handoff">Relays the conversation while it is with the service desk; none: the bot always answers.</param>
    public HelpBotHandler(ConversationState conversationState, UserState userState, MainDialog mainDialog,
        IConversationReferences? conversationReferences = null, TimeProvider? time = null, HandoffGate? handoff = null)
    {
        _handoff = handoff;
        _conversationState = conversationState;
        _userState = userState;
        _mainDialog = mainDialog;
        _conversationReferences = conversationReferences;
        _time = time ?? TimeProvider.System;
        _dialogState = conversationState.CreateProperty<JObject>(ConversationStateKeys.DialogStack);
    }

    public override async Task OnTurnAsync(ITurnContext turnContext, CancellationToken cancellationToken = default)
    {
        // While a person from the desk has the conversation, the bot relays instead of answering.
        if (_handoff is null || !await _handoff.OnTurnAsync(turnContext, cancellationToken).ConfigureAwait(false))
        {
            await base.OnTurnAsync(turnContext, cancellationToken).ConfigureAwait(false);
            if (_handoff is not null)
            {
                await _handoff.AfterTurnAsync(turnContext, cancellationToken).ConfigureAwait(false);
            }
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
        await RememberTeamsConversationAsync(turnContext.Activity, cancellationToken).ConfigureAwait(false);
        await RetireUsedWelcomeCardAsync(turnContext, cancellationToken).ConfigureAwait(false);
        await _mainDialog.RunAsync(turnContext, _dialogState, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// A Teams user writing in a personal chat: keep (or refresh) where to reach them, for password-expiry reminders.
    /// Channels, group chats and other channels are never kept.
    /// </summary>
    private async Task RememberTeamsConversationAsync(IMessageActivity activity, CancellationToken cancellationToken)
    {
        if (_conversationReferences is not null && TeamsPersonalConversation.TryGetUser(activity, out var aadObjectId))
        {
            await _conversationReferences.SaveAsync(aadObjectId, activity.GetConversationReference(), _time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// In Teams, a welcome card whose button was just used is updated in place: its buttons go, and it says what was
    /// picked, so the same card cannot start a flow again later. Other channels keep their cards (Web Chat cannot
    /// update a sent activity). A failed update never stops the turn: the user's choice is still answered.
    /// </summary>
    private static async Task RetireUsedWelcomeCardAsync(ITurnContext<IMessageActivity> turnContext, CancellationToken cancellationToken)
    {
        var activity = turnContext.Activity;
        if (activity.ChannelId != Channels.Msteams || string.IsNullOrEmpty(activity.ReplyToId) || activity.Value is not JObject value
            || (string?)value["action"] != WelcomeCard.Payload.ActionName)
        {
            return;
        }
        var picked = MainTexts.WelcomeOffers.FirstOrDefault(o => o.Utterance == (string?)value["utterance"]);
        var update = WelcomeCard.Used(picked?.Title).ToMessage();
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
