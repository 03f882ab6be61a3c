using System.Text.Json.Nodes;
using Microsoft.Bot.Builder;

namespace HelpBot.Dialogs.Engine;

/// <summary>
/// A dialog made of dialogs: it owns a <see cref="DialogSet"/> and keeps an inner stack in its own state
/// (<c>{ "dialogs": [ ... ] }</c>). Override <see cref="OnContinueDialogAsync"/> to handle interruptions
/// (help, cancel) once for every step inside.
/// </summary>
public abstract class ComponentDialog : Dialog
{
    private const string InnerStackKey = "dialogs";

    protected ComponentDialog(string id)
        : base(id)
    {
    }

    /// <summary>The dialog started when this component begins (the first one added, unless set).</summary>
    public string? InitialDialogId { get; protected set; }

    protected DialogSet Dialogs { get; } = new();

    /// <summary>The id of the dialog on top of a component's inner stack (in <paramref name="instance"/>), if any.</summary>
    public static string? ActiveInnerDialogId(DialogInstance instance)
    {
        ArgumentNullException.ThrowIfNull(instance);
        return instance.State[InnerStackKey] is JsonArray { Count: > 0 } stack ? StateJson.GetString(stack[0]?["id"]) : null;
    }

    protected ComponentDialog AddDialog(Dialog dialog)
    {
        Dialogs.Add(dialog);
        InitialDialogId ??= dialog.Id;
        return this;
    }

    public override async Task<DialogTurnResult> BeginDialogAsync(DialogContext dc, object? options, CancellationToken cancellationToken)
    {
        var inner = CreateInnerContext(dc, dc.ActiveDialog!);
        var result = await OnBeginDialogAsync(inner, options, cancellationToken).ConfigureAwait(false);
        return await AfterInnerTurnAsync(dc, result, cancellationToken).ConfigureAwait(false);
    }

    public override async Task<DialogTurnResult> ContinueDialogAsync(DialogContext dc, CancellationToken cancellationToken)
    {
        var inner = CreateInnerContext(dc, dc.ActiveDialog!);
        var result = await OnContinueDialogAsync(inner, cancellationToken).ConfigureAwait(false);
        return await AfterInnerTurnAsync(dc, result, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A dialog started on the outer stack by one of ours returned; repeat the inner question.</summary>
    public override async Task<DialogTurnResult> ResumeDialogAsync(DialogContext dc, DialogReason reason, object? result, CancellationToken cancellationToken)
    {
        await RepromptDialogAsync(dc.Context, dc.ActiveDialog!, cancellationToken).ConfigureAwait(false);
        return EndOfTurn;
    }

    public override Task RepromptDialogAsync(ITurnContext turnContext, DialogInstance instance, CancellationToken cancellationToken = default) =>
        CreateInnerContext(turnContext, instance).RepromptDialogAsync(cancellationToken);

    public override async Task EndDialogAsync(ITurnContext turnContext, DialogInstance instance, DialogReason reason, CancellationToken cancellationToken = default)
    {
        if (reason == DialogReason.CancelCalled)
        {
            await CreateInnerContext(turnContext, instance).CancelAllDialogsAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    protected virtual Task<DialogTurnResult> OnBeginDialogAsync(DialogContext innerDc, object? options, CancellationToken cancellationToken) =>
        innerDc.BeginDialogAsync(InitialDialogId ?? throw new InvalidOperationException($"Component '{Id}' has no dialogs."), options, cancellationToken);

    /// <summary>The place for interruptions: look at the activity first, then let the inner dialog continue.</summary>
    protected virtual Task<DialogTurnResult> OnContinueDialogAsync(DialogContext innerDc, CancellationToken cancellationToken) =>
        innerDc.ContinueDialogAsync(cancellationToken);

    internal DialogContext CreateInnerContext(DialogContext outer, DialogInstance instance) =>
        new(Dialogs, outer.Context, InnerStack(instance), outer);

    /// <summary>An inner context with no parent, as the SDK makes for a reprompt or an end: only this component's dialogs are found.</summary>
    private DialogContext CreateInnerContext(ITurnContext turnContext, DialogInstance instance) =>
        new(Dialogs, turnContext, InnerStack(instance));

    private static JsonArray InnerStack(DialogInstance instance)
    {
        if (instance.State[InnerStackKey] is not JsonArray stack)
        {
            stack = [];
            instance.State[InnerStackKey] = stack;
        }
        return stack;
    }

    /// <summary>
    /// The inner stack has emptied with <paramref name="result"/>. By default the component ends and returns it to its
    /// parent; a root that should stay for the whole conversation can wait instead.
    /// </summary>
    protected virtual Task<DialogTurnResult> EndComponentAsync(DialogContext outer, object? result, CancellationToken cancellationToken) =>
        outer.EndDialogAsync(result, cancellationToken);

    private Task<DialogTurnResult> AfterInnerTurnAsync(DialogContext outer, DialogTurnResult inner, CancellationToken cancellationToken) =>
        inner.Status switch
        {
            DialogTurnStatus.Waiting => Task.FromResult(inner),
            // The inner stack was cancelled (e.g. the user said "cancel"): this component ends too and tells its parent.
            DialogTurnStatus.Cancelled => EndComponentAsync(outer, DialogCancelled.Instance, cancellationToken),
            _ => EndComponentAsync(outer, inner.Result, cancellationToken),
        };
}

/// <summary>The result a component hands its parent when its inner dialogs were cancelled.</summary>
public sealed class DialogCancelled
{
    public static readonly DialogCancelled Instance = new();

    private DialogCancelled()
    {
    }
}
