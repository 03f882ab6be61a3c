using System.Text.Json.Nodes;
using Microsoft.Bot.Builder;
using Newtonsoft.Json.Linq;

namespace HelpBot.Dialogs.Engine;

/// <summary>
/// The one entry point: runs a root dialog for the current turn. The stack is loaded from ConversationState
/// (property <see cref="ConversationStateKeys.DialogStack"/>, plain JSON <c>{ "stack": [ { "id", "state" } ] }</c>),
/// continued, begun if empty, and written back.
/// </summary>
public static class DialogRunner
{
    private const string StackKey = "stack";

    public static async Task<DialogTurnResult> RunAsync(this Dialog dialog, ITurnContext turnContext, IStatePropertyAccessor<JObject> stateProperty, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(dialog);
        ArgumentNullException.ThrowIfNull(turnContext);
        ArgumentNullException.ThrowIfNull(stateProperty);

        var stored = await stateProperty.GetAsync(turnContext, () => [], cancellationToken).ConfigureAwait(false);
        var root = ParseRoot(stored);
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

        await stateProperty.SetAsync(turnContext, JsonBridge.ToJObject(root), cancellationToken).ConfigureAwait(false);
        return result;
    }

    private static JsonObject ParseRoot(JObject? stored)
    {
        if (stored is null || stored.Count == 0)
        {
            return [];
        }
        try
        {
            return JsonNode.Parse(stored.ToString(Newtonsoft.Json.Formatting.None)) as JsonObject ?? [];
        }
        catch (System.Text.Json.JsonException)
        {
            // Unreadable state must not wedge the conversation: start fresh.
            return [];
        }
    }
}
