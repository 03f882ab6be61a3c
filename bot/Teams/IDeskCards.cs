namespace HelpBot.Bot.Teams;

/// <summary>Where an escalation's card is in the Teams desk channel: its activity id and its thread.</summary>
public sealed record DeskCard(string Ticket, string ActivityId, string ThreadConversationId);

/// <summary>
/// The desk channel's cards, one per ticket (a newer one replaces it), found by ticket or by the thread a reply is in.
/// LiteDB by default, or PostgreSQL. A card goes with its escalation when retention removes that.
/// </summary>
public interface IDeskCards
{
    DeskCard? Get(string ticket);

    /// <summary>The card whose thread a reply is in (Teams thread ids end with <c>;messageid={root activity id}</c>).</summary>
    DeskCard? FindByThread(string conversationId);

    void Save(DeskCard card);

    /// <summary>The root activity id in a Teams thread's conversation id, or null when it is not a thread.</summary>
    static string? ThreadRoot(string conversationId)
    {
        ArgumentNullException.ThrowIfNull(conversationId);
        var marker = conversationId.IndexOf(";messageid=", StringComparison.OrdinalIgnoreCase);
        return marker < 0 ? null : conversationId[(marker + ";messageid=".Length)..];
    }
}
