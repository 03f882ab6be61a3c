using System.Text.Json.Nodes;

namespace HelpBot.Dialogs.Engine;

/// <summary>One step of a waterfall.</summary>
public delegate Task<DialogTurnResult> WaterfallStep(WaterfallStepContext step, CancellationToken cancellationToken);

/// <summary>
/// Runs its steps in order. A step usually starts a prompt (ending the turn) and the next step receives the prompt's
/// answer as <see cref="WaterfallStepContext.Result"/>. The only way forward is through a step: an incoming message
/// can answer the active prompt but never jump to a later step.
/// State: <c>{ "stepIndex": n, "options": ..., "values": { ... } }</c>.
/// </summary>
public class WaterfallDialog : Dialog
{
    internal const string StepIndexKey = "stepIndex";
    internal const string OptionsKey = "options";
    internal const string ValuesKey = "values";

    private readonly List<WaterfallStep> _steps;

    public WaterfallDialog(string id, IEnumerable<WaterfallStep> steps)
        : base(id)
    {
        _steps = steps.ToList();
        if (_steps.Count == 0)
        {
            throw new ArgumentException("A waterfall needs at least one step.", nameof(steps));
        }
    }

    public override Task<DialogTurnResult> BeginDialogAsync(DialogContext dc, object? options, CancellationToken cancellationToken)
    {
        var state = dc.ActiveDialog!.State;
        state[OptionsKey] = StateJson.ToNode(options);
        state[ValuesKey] = new JsonObject();
        return RunStepAsync(dc, 0, DialogReason.BeginCalled, null, cancellationToken);
    }

    /// <summary>
    /// A message arrived and no prompt of ours is waiting for it: the previous step ended the turn without asking
    /// anything. Its text becomes the result of that step, as in the Bot Framework waterfall.
    /// </summary>
    public override Task<DialogTurnResult> ContinueDialogAsync(DialogContext dc, CancellationToken cancellationToken)
    {
        if (dc.Context.Activity.Type != Microsoft.Bot.Schema.ActivityTypes.Message)
        {
            return Task.FromResult(EndOfTurn);
        }
        return ResumeDialogAsync(dc, DialogReason.ContinueCalled, dc.Context.Activity.Text, cancellationToken);
    }

    public override Task<DialogTurnResult> ResumeDialogAsync(DialogContext dc, DialogReason reason, object? result, CancellationToken cancellationToken)
    {
        var index = StateJson.GetInt(dc.ActiveDialog!.State[StepIndexKey]);
        return RunStepAsync(dc, index + 1, reason, result, cancellationToken);
    }

    internal async Task<DialogTurnResult> RunStepAsync(DialogContext dc, int index, DialogReason reason, object? result, CancellationToken cancellationToken)
    {
        if (index >= _steps.Count)
        {
            return await dc.EndDialogAsync(result, cancellationToken).ConfigureAwait(false);
        }
        var instance = dc.ActiveDialog!;
        instance.State[StepIndexKey] = index;
        var step = new WaterfallStepContext(this, dc, instance, index, reason, result);
        return await _steps[index](step, cancellationToken).ConfigureAwait(false);
    }
}

/// <summary>
/// What a waterfall step sees: the dialog context (it is one, over the waterfall's stack, as in the Bot Framework), the
/// dialog's options and values, and the previous step's result.
/// </summary>
public sealed class WaterfallStepContext : DialogContext
{
    private readonly WaterfallDialog _waterfall;
    private readonly DialogContext _dc;
    private readonly DialogInstance _instance;
    private bool _nextCalled;

    internal WaterfallStepContext(WaterfallDialog waterfall, DialogContext dc, DialogInstance instance, int index, DialogReason reason, object? result)
        : base(dc)
    {
        _waterfall = waterfall;
        _dc = dc;
        _instance = instance;
        Index = index;
        Reason = reason;
        Result = result;
    }

    /// <summary>The zero-based index of this step.</summary>
    public int Index { get; }

    public DialogReason Reason { get; }

    /// <summary>The previous step's result: a prompt's recognised value, a child dialog's result, or <c>NextAsync</c>'s argument.</summary>
    public object? Result { get; }

    /// <summary>The options the waterfall was started with, as stored JSON.</summary>
    public JsonNode? Options => _instance.State[WaterfallDialog.OptionsKey];

    /// <summary>Data the steps keep between turns (persisted with the dialog).</summary>
    public JsonObject Values => _instance.State[WaterfallDialog.ValuesKey] as JsonObject
        ?? (JsonObject)(_instance.State[WaterfallDialog.ValuesKey] = new JsonObject());

    public T? GetOptions<T>() => StateJson.FromNode<T>(Options);

    /// <summary>Skips to the next step in this same turn, handing it <paramref name="result"/>.</summary>
    public Task<DialogTurnResult> NextAsync(object? result = null, CancellationToken cancellationToken = default)
    {
        if (_nextCalled)
        {
            throw new InvalidOperationException($"NextAsync was already called in step {Index} of '{_waterfall.Id}'.");
        }
        _nextCalled = true;
        return _waterfall.RunStepAsync(_dc, Index + 1, DialogReason.NextCalled, result, cancellationToken);
    }
}
