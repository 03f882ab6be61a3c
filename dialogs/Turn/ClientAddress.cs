using Microsoft.Bot.Builder;

namespace HelpBot.Dialogs.Turn;

/// <summary>
/// The network address a turn came from, where the channel knows it (the built-in Direct Line: the browser's address,
/// or the client's behind a trusted proxy). Kept in the turn's state only, never in the activity, so it is not stored.
/// Teams and Azure turns come from Microsoft's servers and carry none.
/// </summary>
public static class ClientAddress
{
    public const string TurnStateKey = "HelpBot.ClientAddress";

    public static string? Of(ITurnContext context) =>
        context?.TurnState.Get<object>(TurnStateKey) as string;

    public static void Set(ITurnContext context, string? address)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!string.IsNullOrEmpty(address))
        {
            context.TurnState[TurnStateKey] = address;
        }
    }
}
