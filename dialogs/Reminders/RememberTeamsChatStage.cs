using HelpBot.Dialogs.Accounts;
using HelpBot.Dialogs.Teams;
using HelpBot.Dialogs.Turn;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Schema;
using Microsoft.Extensions.Logging;

namespace HelpBot.Dialogs.Reminders;

/// <summary>
/// A Teams user in a personal chat (writing, or installing the app): keep (or refresh) where to reach them, for
/// password-expiry reminders. Installing is enough for a reminder to reach them before they ever write. Channels,
/// group chats and other channels are never kept.
/// </summary>
/// <remarks>
/// Where the directory cannot match the Entra object id (<see cref="IAccountDirectory.MatchesTeamsObjectId"/>), the
/// UPN is kept too, asked of Teams' roster once, so a reminder can find the person without a turn.
/// </remarks>
public sealed class RememberTeamsChatStage(IConversationReferences conversationReferences, IAccountDirectory directory, TimeProvider time, ILogger<RememberTeamsChatStage> logger) : ITurnStage
{
    public int Order => TurnStageOrder.RememberTeamsChat;

    public async Task OnTurnAsync(ITurnContext turnContext, NextDelegate next, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(turnContext);
        ArgumentNullException.ThrowIfNull(next);
        var activity = turnContext.Activity;
        if ((activity.Type == ActivityTypes.Message || IsInstall(activity)) && TeamsPersonalConversation.IsPersonal(activity))
        {
            var needUpn = !directory.MatchesTeamsObjectId && (string.IsNullOrEmpty(activity.From?.AadObjectId)
                || await conversationReferences.FindUserPrincipalNameAsync(activity.From.AadObjectId, cancellationToken).ConfigureAwait(false) is null);
            if (await TeamsIdentity.ResolveAsync(turnContext, cancellationToken, logger, needUpn).ConfigureAwait(false) is { AadObjectId: { } aadObjectId } user)
            {
                await conversationReferences.SaveAsync(aadObjectId, activity.GetConversationReference(), time.GetUtcNow(), user.UserPrincipalName, cancellationToken).ConfigureAwait(false);
            }
        }
        await next(cancellationToken).ConfigureAwait(false);
    }

    private static bool IsInstall(Activity activity) =>
        (activity.Type == ActivityTypes.ConversationUpdate && activity.AsConversationUpdateActivity().MembersAdded is { Count: > 0 })
        || (activity.Type == ActivityTypes.InstallationUpdate
            && (activity.AsInstallationUpdateActivity().Action ?? "").StartsWith("add", StringComparison.OrdinalIgnoreCase));
}
