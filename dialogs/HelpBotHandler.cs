using HelpBot.Cards;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Builder.Teams;
using Microsoft.Bot.Schema;

namespace HelpBot.Dialogs;

/// <summary>
/// The bot: receives every activity from every channel (Teams, Web Chat, Azure Bot Service), greets new users, and
/// hands each message to the dialog system. State is saved at the end of every turn.
/// </summary>
public class HelpBotHandler(ConversationState conversationState, UserState userState) : TeamsActivityHandler
{
    public static readonly IReadOnlyList<WelcomeCard.Offer> WelcomeOffers =
    [
        new("Unlock my account", "My account is locked"),
        new("Reset a forgotten password", "I forgot my password"),
    ];

    public override async Task OnTurnAsync(ITurnContext turnContext, CancellationToken cancellationToken = default)
    {
        await base.OnTurnAsync(turnContext, cancellationToken).ConfigureAwait(false);
        await conversationState.SaveChangesAsync(turnContext, false, cancellationToken).ConfigureAwait(false);
        await userState.SaveChangesAsync(turnContext, false, cancellationToken).ConfigureAwait(false);
    }

    protected override async Task OnMembersAddedAsync(IList<ChannelAccount> membersAdded, ITurnContext<IConversationUpdateActivity> turnContext, CancellationToken cancellationToken)
    {
        foreach (var member in membersAdded)
        {
            if (member.Id != turnContext.Activity.Recipient.Id)
            {
                await turnContext.SendActivityAsync(WelcomeCard.Build(WelcomeOffers).ToMessage(), cancellationToken).ConfigureAwait(false);
            }
        }
    }

    protected override async Task OnMessageActivityAsync(ITurnContext<IMessageActivity> turnContext, CancellationToken cancellationToken)
    {
        await turnContext.SendActivityAsync($"You said: {turnContext.Activity.Text}", cancellationToken: cancellationToken).ConfigureAwait(false);
    }
}
