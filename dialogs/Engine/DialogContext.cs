using System.Text.Json.Nodes;
using HelpBot.Dialogs.Engine.Prompts;
using Microsoft.Bot.Builder;

namespace HelpBot.Dialogs.Engine;

/// <summary>
/// The dialog stack of one conversation for one turn. The top of the stack is index 0. A component dialog gets a
/// child context over its own inner stack, whose <see cref="Parent"/> is the outer context. A waterfall step's context
/// (<see cref="WaterfallStepContext"/>) is one too, over the same stack.
/// </summary>
public class DialogContext
{
    private readonly JsonArray _stack;

    public DialogContext(DialogSet dialogs, ITurnContext context, JsonArray stack, DialogContext? parent = null)
    {
        Dialogs = dialogs;
        Context = context;
        _stack = stack;
        Parent = parent;
    }

    /// <summary>A context over the same stack as <paramref name="dc"/> (for <see cref="WaterfallStepContext"/>).</summary>
    protected DialogContext(DialogContext dc)
        : this(dc?.Dialogs ?? throw new ArgumentNullException(nameof(dc)), dc.Context, dc._stack, dc.Parent)
    {
    }

    public DialogSet Dialogs { get; }

    public ITurnContext Context { get; }

    public DialogContext? Parent { get; }

    public IReadOnlyList<DialogInstance> Stack => _stack.OfType<JsonObject>().Select(n => new DialogInstance(n)).ToList();

    public DialogInstance? ActiveDialog => _stack.Count > 0 && _stack[0] is JsonObject top ? new DialogInstance(top) : null;

    /// <summary>The innermost active dialog's context, following component dialogs down (used for "help" on the current step).</summary>
    public DialogContext? Child
    {
        get
        {
            var active = ActiveDialog;
            if (active is null || FindDialog(active.Id) is not ComponentDialog component)
            {
                return null;
            }
            return component.CreateInnerContext(this, active);
        }
    }

    /// <summary>Finds a dialog here or in any enclosing set.</summary>
    public Dialog? FindDialog(string id) => Dialogs.Find(id) ?? Parent?.FindDialog(id);

    public async Task<DialogTurnResult> BeginDialogAsync(string dialogId, object? options = null, CancellationToken cancellationToken = default)
    {
        var dialog = FindDialog(dialogId)
            ?? throw new InvalidOperationException($"BeginDialogAsync: no dialog with id '{dialogId}' is in this set or its parents.");
        var instance = DialogInstance.Create(dialogId);
        _stack.Insert(0, instance.Node);
        return await dialog.BeginDialogAsync(this, options, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Starts a prompt with its options (a typed shortcut for <see cref="BeginDialogAsync"/>).</summary>
    public Task<DialogTurnResult> PromptAsync(string dialogId, PromptOptions options, CancellationToken cancellationToken = default) =>
        BeginDialogAsync(dialogId, options, cancellationToken);

    /// <summary>Hands the current activity to the active dialog. <see cref="DialogTurnStatus.Empty"/> when the stack is empty.</summary>
    public async Task<DialogTurnResult> ContinueDialogAsync(CancellationToken cancellationToken = default)
    {
        var active = ActiveDialog;
        if (active is null)
        {
            return new DialogTurnResult(DialogTurnStatus.Empty);
        }
        var dialog = FindDialog(active.Id) ?? throw new DialogStateOutdatedException(active.Id);
        return await dialog.ContinueDialogAsync(this, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Ends the active dialog and resumes its parent with <paramref name="result"/>.</summary>
    public async Task<DialogTurnResult> EndDialogAsync(object? result = null, CancellationToken cancellationToken = default)
    {
        await EndActiveDialogAsync(DialogReason.EndCalled, cancellationToken).ConfigureAwait(false);
        var parent = ActiveDialog;
        if (parent is not null && FindDialog(parent.Id) is { } parentDialog)
        {
            return await parentDialog.ResumeDialogAsync(this, DialogReason.EndCalled, result, cancellationToken).ConfigureAwait(false);
        }
        return new DialogTurnResult(DialogTurnStatus.Complete, result);
    }

    /// <summary>Ends the active dialog and starts another in its place (loops, "start over").</summary>
    public async Task<DialogTurnResult> ReplaceDialogAsync(string dialogId, object? options = null, CancellationToken cancellationToken = default)
    {
        await EndActiveDialogAsync(DialogReason.ReplaceCalled, cancellationToken).ConfigureAwait(false);
        return await BeginDialogAsync(dialogId, options, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Removes every dialog from this stack.</summary>
    public async Task<DialogTurnResult> CancelAllDialogsAsync(CancellationToken cancellationToken = default)
    {
        if (_stack.Count == 0)
        {
            return new DialogTurnResult(DialogTurnStatus.Empty);
        }
        while (_stack.Count > 0)
        {
            await EndActiveDialogAsync(DialogReason.CancelCalled, cancellationToken).ConfigureAwait(false);
        }
        return new DialogTurnResult(DialogTurnStatus.Cancelled);
    }

    /// <summary>Asks the active dialog to repeat its question.</summary>
    public async Task RepromptDialogAsync(CancellationToken cancellationToken = default)
    {
        var active = ActiveDialog;
        if (active is not null && FindDialog(active.Id) is { } dialog)
        {
            await dialog.RepromptDialogAsync(Context, active, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task EndActiveDialogAsync(DialogReason reason, CancellationToken cancellationToken)
    {
        var active = ActiveDialog;
        if (active is null)
        {
            return;
        }
        if (FindDialog(active.Id) is { } dialog)
        {
            await dialog.EndDialogAsync(Context, active, reason, cancellationToken).ConfigureAwait(false);
        }
        _stack.RemoveAt(0);
    }
}

/// <summary>Stored state names a dialog this version of the bot does not have (e.g. after an upgrade).</summary>
public sealed class DialogStateOutdatedException(string dialogId)
    : InvalidOperationException($"The stored dialog stack names '{dialogId}', which this version does not have.")
{
    public string DialogId { get; } = dialogId;
}
