using HelpBot.Dialogs.Engine;

namespace HelpBot.Dialogs.Conversation;

/// <summary>
/// A dialog that can tell, from where it is waiting, that a message answers its question even though it reads like
/// something else ("still waiting, no code has arrived" at the SafeCode question reads like "what is SafeCode?").
/// MainDialog asks every active dialog before it treats a message in a flow as a side question or a new topic.
/// </summary>
public interface IClaimsAnswers
{
    /// <summary>Whether <paramref name="said"/> answers the question this dialog (<paramref name="instance"/>) waits on.</summary>
    bool ClaimsAnswer(DialogInstance instance, string said);
}
