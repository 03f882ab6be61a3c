namespace HelpBot.Bot.AgentConsole;

/// <summary>A conversation's note for <see cref="DeskActivity"/>: when its first and its last user message came (UTC). No text.</summary>
public sealed record DeskActivityNote(string ConversationId, string Channel, DateTime FirstAt, DateTime LastAt);

/// <summary>Where <see cref="DeskActivity"/> keeps its notes: one record per conversation (LiteDB by default, or PostgreSQL).</summary>
public interface IDeskActivityStore
{
    /// <summary>
    /// Writes the notes as one transaction, all or none (throws when the store refuses one): a new conversation is added, a
    /// known one keeps its channel and first time and gets the note's last time.
    /// </summary>
    void Write(IReadOnlyList<DeskActivityNote> notes);

    /// <summary>Conversations whose last user message came at or after <paramref name="since"/> (UTC).</summary>
    IReadOnlyList<(string ConversationId, string Channel)> ActiveSince(DateTime since);

    /// <summary>Removes conversations whose last user message came before <paramref name="cutoff"/> (UTC); returns how many.</summary>
    int PurgeQuietBefore(DateTime cutoff);
}
