using Microsoft.Bot.Schema;

namespace HelpBot.Dialogs.Reminders;

/// <summary>
/// Where HelpBot can reach each Teams user outside a turn (proactive password-expiry reminders): the personal
/// conversation the user last wrote in, by Entra object id. Only Teams personal chats are kept, never a channel or a
/// group chat (a reminder about one person's password must not be posted where others read it).
/// </summary>
public interface IConversationReferences
{
    /// <summary>
    /// Adds or refreshes the user's conversation. <paramref name="userPrincipalName"/>, when known, is kept with it (a
    /// null one keeps what was stored): a directory that cannot match the object id finds the person by it.
    /// </summary>
    Task SaveAsync(string aadObjectId, ConversationReference conversation, DateTimeOffset updatedAt, string? userPrincipalName = null, CancellationToken cancellationToken = default);

    /// <summary>The UPN stored for the user, if any (so the roster is asked for it once, not every turn).</summary>
    Task<string?> FindUserPrincipalNameAsync(string aadObjectId, CancellationToken cancellationToken = default) => Task.FromResult<string?>(null);

    /// <summary>Every stored Teams user.</summary>
    Task<IReadOnlyList<StoredConversationReference>> GetAllAsync(CancellationToken cancellationToken = default);
}

public sealed record StoredConversationReference(string AadObjectId, ConversationReference Conversation, DateTimeOffset UpdatedAt, string? UserPrincipalName = null);

/// <summary>Which conversations are kept: Teams personal (one-to-one) chats of a user whose Entra object id Teams gave.</summary>
public static class TeamsPersonalConversation
{
    /// <summary>A Teams one-to-one chat (not a channel or a group chat).</summary>
    public static bool IsPersonal(IActivity activity)
    {
        ArgumentNullException.ThrowIfNull(activity);
        var conversation = activity.Conversation;
        return activity.ChannelId == Microsoft.Bot.Connector.Channels.Msteams
            && conversation is not null
            && conversation.IsGroup != true
            // Teams sets "personal", "groupChat" or "channel".
            && string.Equals(conversation.ConversationType, "personal", StringComparison.OrdinalIgnoreCase);
    }
}
