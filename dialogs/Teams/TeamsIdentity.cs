using Microsoft.Bot.Builder;
using Microsoft.Bot.Builder.Teams;
using Microsoft.Bot.Connector;
using Microsoft.Extensions.Logging;

namespace HelpBot.Dialogs.Teams;

/// <summary>Who Teams says the user is: the Entra object id and, when Teams' roster was asked, the UPN.</summary>
public sealed record TeamsUser(string? AadObjectId, string? UserPrincipalName);

/// <summary>
/// The Teams user behind a turn. Teams normally puts the Entra object id on <c>from.aadObjectId</c>; some activities
/// (and some clients) leave it out, and then the roster is asked (<see cref="TeamsInfo.GetMemberAsync"/>: object id
/// and UPN). Both come from Teams itself, never from what the user typed, so they prove who the user is (R1). A roster
/// call that fails never breaks the turn: the user is simply not known, and the flows ask as they do in Web Chat.
/// The answer is kept for the rest of the turn, so the roster is asked at most once.
/// </summary>
public static partial class TeamsIdentity
{
    private const string TurnStateKey = "HelpBot.TeamsUser";
    private static readonly object NotKnown = new();

    /// <param name="needUserPrincipalName">
    /// The directory cannot match by object id alone (<see cref="Accounts.IAccountDirectory.MatchesTeamsObjectId"/>):
    /// the roster is asked for the UPN even when the activity carries the object id.
    /// </param>
    public static async Task<TeamsUser?> ResolveAsync(ITurnContext context, CancellationToken cancellationToken, ILogger? logger = null, bool needUserPrincipalName = false)
    {
        ArgumentNullException.ThrowIfNull(context);
        var activity = context.Activity;
        if (activity.ChannelId != Channels.Msteams || activity.From is not { } from)
        {
            return null;
        }
        if (context.TurnState.TryGetValue(TurnStateKey, out var cached) && !(needUserPrincipalName && cached is TeamsUser { UserPrincipalName: null, AadObjectId: not null }))
        {
            return cached as TeamsUser;
        }
        TeamsUser? user = null;
        if (!string.IsNullOrEmpty(from.AadObjectId))
        {
            user = new TeamsUser(from.AadObjectId, null);
        }
        if ((user is null || needUserPrincipalName) && !string.IsNullOrEmpty(from.Id))
        {
            try
            {
                var member = await TeamsInfo.GetMemberAsync(context, from.Id, cancellationToken).ConfigureAwait(false);
                if (!string.IsNullOrEmpty(member?.AadObjectId) || !string.IsNullOrEmpty(member?.UserPrincipalName))
                {
                    user = new TeamsUser(NullIfEmpty(member.AadObjectId) ?? user?.AadObjectId, NullIfEmpty(member.UserPrincipalName));
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                throw;
            }
#pragma warning disable CA1031 // Any roster failure (HTTP, 404, no connector in this adapter) means "not known", never a broken turn.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                if (logger is not null)
                {
                    LogRosterFailed(logger, ex);
                }
            }
        }
        context.TurnState[TurnStateKey] = (object?)user ?? NotKnown;
        return user;
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;

    [LoggerMessage(Level = LogLevel.Warning, Message = "Teams did not say who the user is and the roster call failed; the user is treated as not known for this turn")]
    private static partial void LogRosterFailed(ILogger logger, Exception ex);
}
