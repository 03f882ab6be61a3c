using System.Text.Json.Nodes;
using HelpBot.Dialogs.State;
using Microsoft.Bot.Builder;

namespace HelpBot.Dialogs.Engine;

/// <summary>
/// The one entry point: runs a root dialog for the current turn. The stack is loaded from ConversationState
/// (property <see cref="ConversationStateKeys.DialogStack"/>, plain JSON <c>{ "stack": [ { "id", "state" } ] }</c>),
/// continued, begun if empty, and written back as text (<see cref="StoredJson"/>).
/// </summary>
public static class DialogRunner
{
    private const string StackKey = "stack";

    public static async Task<DialogTurnResult> RunAsync(this Dialog dialog, ITurnContext turnContext, IStatePropertyAccessor<object> stateProperty, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(dialog);
        ArgumentNullException.ThrowIfNull(turnContext);
        ArgumentNullException.ThrowIfNull(stateProperty);

        var stored = await stateProperty.GetAsync(turnContext, () => null!, cancellationToken).ConfigureAwait(false);
        var root = ParseRoot(StoredJson.TextOf(stored));
        var stack = root[StackKey] as JsonArray ?? [];
        root[StackKey] = stack;

        var dc = new DialogContext(new DialogSet().Add(dialog), turnContext, stack);
        DialogTurnResult result;
        try
        {
            result = await dc.ContinueDialogAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (DialogStateOutdatedException)
        {
            // State from another version of the bot can't be continued safely: start this conversation afresh.
            stack.Clear();
            result = new DialogTurnResult(DialogTurnStatus.Empty);
        }
        if (result.Status == DialogTurnStatus.Empty)
        {
            result = await dc.BeginDialogAsync(dialog.Id, null, cancellationToken).ConfigureAwait(false);
        }

        await stateProperty.SetAsync(turnContext, StoredJson.ToStored(root.ToJsonString()), cancellationToken).ConfigureAwait(false);
        return result;
    }

    private static JsonObject ParseRoot(string? stored)
    {
        if (string.IsNullOrWhiteSpace(stored))
        {
            return [];
        }
        try
        {
            return JsonNode.Parse(stored) as JsonObject ?? [];
        }
        catch (System.Text.Json.JsonException)
        {
            // Unreadable state must not wedge the conversation: start fresh.
            return [];
        }
    }
}
