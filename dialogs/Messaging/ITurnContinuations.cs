using Microsoft.Bot.Builder;
using Microsoft.Bot.Schema;

namespace HelpBot.Dialogs.Messaging;

/// <summary>
/// Runs a turn after the current one has answered (docs/security.md, C6): Teams waits at most 5 seconds for a card invoke's
/// answer and Bot Service about 15 for any turn, while the directory or the SMS gateway may take longer. The invoke is
/// answered at once, and the continuation runs afterwards as a turn of its own on the same adapter,
/// replying proactively. Turns of one conversation still run one at a time.
/// </summary>
public interface ITurnContinuations
{
    /// <summary>Queues <paramref name="continuation"/> (an activity of <paramref name="turn"/>'s conversation) to run through <paramref name="callback"/>.</summary>
    void ContinueAfter(ITurnContext turn, Activity continuation, BotCallbackHandler callback);
}
