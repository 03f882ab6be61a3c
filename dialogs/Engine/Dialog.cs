using System.Text.Json.Nodes;
using Microsoft.Bot.Builder;

namespace HelpBot.Dialogs.Engine;

/// <summary>Where a dialog turn left the stack.</summary>
public enum DialogTurnStatus
{
    /// <summary>No dialog was active.</summary>
    Empty,
    /// <summary>The active dialog waits for the user's next message.</summary>
    Waiting,
    /// <summary>The dialog finished and returned <see cref="DialogTurnResult.Result"/>.</summary>
    Complete,
    /// <summary>The dialog was cancelled.</summary>
    Cancelled,
}

/// <summary>Why a dialog is ending or resuming.</summary>
public enum DialogReason
{
    BeginCalled,
    ContinueCalled,
    EndCalled,
    ReplaceCalled,
    CancelCalled,
    NextCalled,
}

/// <summary>The outcome of a turn of the dialog system. <see cref="Result"/> lives only for this turn (it is not persisted).</summary>
public sealed record DialogTurnResult(DialogTurnStatus Status, object? Result = null);

/// <summary>
/// One entry of the persisted dialog stack: <c>{ "id": "...", "state": { ... } }</c>. A thin view over the JSON so
/// that every change a dialog makes to its state is what gets saved; nothing else is stored.
/// </summary>
public sealed class DialogInstance
{
    internal DialogInstance(JsonObject node) => Node = node;

    internal JsonObject Node { get; }

    public string Id => StateJson.GetString(Node["id"]) ?? string.Empty;

    /// <summary>The dialog's own state. Only plain JSON: dialogs are stateless singletons and keep data here.</summary>
    public JsonObject State => Node["state"] as JsonObject ?? (JsonObject)(Node["state"] = new JsonObject());

    internal static DialogInstance Create(string id) => new(new JsonObject { ["id"] = id, ["state"] = new JsonObject() });
}

/// <summary>
/// A dialog: a stateless singleton identified by <see cref="Id"/>. Its per-conversation data lives in the
/// <see cref="DialogInstance.State"/> of its stack entry, so any number of conversations can run it at once.
/// </summary>
public abstract class Dialog
{
    /// <summary>The result a dialog returns when it waits for the user.</summary>
    public static readonly DialogTurnResult EndOfTurn = new(DialogTurnStatus.Waiting);

    protected Dialog(string id)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(id);
        Id = id;
    }

    public string Id { get; }

    /// <summary>Starts the dialog. <paramref name="options"/> is anything JSON-serialisable; store what later turns need.</summary>
    public abstract Task<DialogTurnResult> BeginDialogAsync(DialogContext dc, object? options, CancellationToken cancellationToken);

    /// <summary>A new activity arrived while this dialog is on top of the stack.</summary>
    public virtual Task<DialogTurnResult> ContinueDialogAsync(DialogContext dc, CancellationToken cancellationToken) =>
        dc.EndDialogAsync(null, cancellationToken);

    /// <summary>A child dialog this dialog started has ended with <paramref name="result"/>.</summary>
    public virtual Task<DialogTurnResult> ResumeDialogAsync(DialogContext dc, DialogReason reason, object? result, CancellationToken cancellationToken) =>
        dc.EndDialogAsync(result, cancellationToken);

    /// <summary>Ask again (after an interruption such as "help").</summary>
    public virtual Task RepromptDialogAsync(ITurnContext turnContext, DialogInstance instance, CancellationToken cancellationToken = default) => Task.CompletedTask;

    /// <summary>The dialog is being removed from the stack (ended, replaced or cancelled).</summary>
    public virtual Task EndDialogAsync(ITurnContext turnContext, DialogInstance instance, DialogReason reason, CancellationToken cancellationToken = default) => Task.CompletedTask;
}
