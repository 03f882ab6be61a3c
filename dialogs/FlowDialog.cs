using HelpBot.Dialogs.Engine;
using HelpBot.Dialogs.Engine.Prompts;
using HelpBot.Dialogs.Handoff;
using HelpBot.Dialogs.Telemetry;
using Microsoft.Bot.Schema;

namespace HelpBot.Dialogs;

/// <summary>
/// The base of every flow (unlock, reset, guest key …). Interruptions are handled here, once, before any step sees
/// the message: "help" explains the current step and asks again; "cancel" ends the flow cleanly; "start over"
/// begins the flow again with the options it was started with. Only whole-message phrases count, so an answer that
/// merely contains "help" is still an answer.
/// </summary>
public abstract class FlowDialog : ComponentDialog
{
    private const string OptionsKey = "flowOptions";

    protected FlowDialog(string id)
        : base(id)
    {
    }

    /// <summary>Says what this flow does, for "help" when the current step has no help of its own.</summary>
    protected abstract string Purpose { get; }

    protected override Task<DialogTurnResult> OnBeginDialogAsync(DialogContext innerDc, object? options, CancellationToken cancellationToken)
    {
        innerDc.Parent!.ActiveDialog!.State[OptionsKey] = StateJson.ToNode(options);
        HelpBotMetrics.FlowStarted(Id);
        return base.OnBeginDialogAsync(innerDc, options, cancellationToken);
    }

    /// <summary>The flow ended by itself: counted by how (docs/operations.md, metrics).</summary>
    protected override Task<DialogTurnResult> EndComponentAsync(DialogContext outer, object? result, CancellationToken cancellationToken)
    {
        HelpBotMetrics.FlowEnded(Id, result switch
        {
            DialogCancelled => "cancelled",
            NeedsPerson => "person",
            PromptAttemptsExhausted => "gave-up",
            _ => "completed",
        });
        return base.EndComponentAsync(outer, result, cancellationToken);
    }

    /// <summary>The flow was taken off the stack from outside (another topic): counted as switched.</summary>
    public override Task EndDialogAsync(Microsoft.Bot.Builder.ITurnContext turnContext, DialogInstance instance, DialogReason reason, CancellationToken cancellationToken = default)
    {
        if (reason is DialogReason.CancelCalled or DialogReason.ReplaceCalled)
        {
            HelpBotMetrics.FlowEnded(Id, "switched");
        }
        return base.EndDialogAsync(turnContext, instance, reason, cancellationToken);
    }

    protected override async Task<DialogTurnResult> OnContinueDialogAsync(DialogContext innerDc, CancellationToken cancellationToken)
    {
        var activity = innerDc.Context.Activity;
        var said = activity.Type == ActivityTypes.Message && activity.Value is null ? Interruptions.Classify(activity.Text) : Interruption.None;
        switch (said)
        {
            case Interruption.Cancel:
                await innerDc.CancelAllDialogsAsync(cancellationToken).ConfigureAwait(false);
                await innerDc.Context.SendActivityAsync(FlowTexts.Cancelled, cancellationToken: cancellationToken).ConfigureAwait(false);
                return new DialogTurnResult(DialogTurnStatus.Cancelled);

            case Interruption.Help:
                await innerDc.Context.SendActivityAsync(HelpForCurrentStep(innerDc) ?? FlowTexts.GenericHelp(Purpose), cancellationToken: cancellationToken).ConfigureAwait(false);
                await innerDc.RepromptDialogAsync(cancellationToken).ConfigureAwait(false);
                return Dialog.EndOfTurn;

            case Interruption.StartOver when Interruptions.NamesTheWrongTask(activity.Text):
                // "Actually start over, wrong thing": not this task again, but the beginning: what do they need?
                await innerDc.CancelAllDialogsAsync(cancellationToken).ConfigureAwait(false);
                await innerDc.Context.SendActivityAsync(FlowTexts.StartingOverFresh, cancellationToken: cancellationToken).ConfigureAwait(false);
                HelpBotMetrics.FlowEnded(Id, "restarted");
                return new DialogTurnResult(DialogTurnStatus.Cancelled);

            case Interruption.StartOver:
                var options = innerDc.Parent!.ActiveDialog!.State[OptionsKey]?.DeepClone();
                // Starting over forgets what the first message said too ("locked out, it's jsmith" asks for the username
                // again): people start over because something they gave was wrong.
                (options as System.Text.Json.Nodes.JsonObject)?.Remove("utterance");
                await innerDc.CancelAllDialogsAsync(cancellationToken).ConfigureAwait(false);
                await innerDc.Context.SendActivityAsync(FlowTexts.StartingOver, cancellationToken: cancellationToken).ConfigureAwait(false);
                HelpBotMetrics.FlowEnded(Id, "restarted"); // its new start is counted by OnBeginDialogAsync
                return await OnBeginDialogAsync(innerDc, options, cancellationToken).ConfigureAwait(false);

            default:
                return await base.OnContinueDialogAsync(innerDc, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The help of the innermost waiting prompt, following nested flows down.</summary>
    private static string? HelpForCurrentStep(DialogContext dc)
    {
        string? help = null;
        for (var current = dc; current?.ActiveDialog is { } active; current = current.Child)
        {
            help = PromptState.HelpFor(active) ?? help;
        }
        return help;
    }
}

/// <summary>The interruptions every flow understands.</summary>
public enum Interruption
{
    None,
    Help,
    Cancel,
    StartOver,
}

/// <summary>Recognises interruptions by whole-message phrases (predictable, and never confused with an answer).</summary>
public static class Interruptions
{
    private static readonly Dictionary<string, Interruption> Phrases = new(StringComparer.OrdinalIgnoreCase)
    {
        ["help"] = Interruption.Help,
        ["?"] = Interruption.Help,
        ["help me"] = Interruption.Help,
        ["what do i do"] = Interruption.Help,
        ["what should i do"] = Interruption.Help,
        ["i don't understand"] = Interruption.Help,
        ["i dont understand"] = Interruption.Help,
        ["cancel"] = Interruption.Cancel,
        ["stop"] = Interruption.Cancel,
        ["quit"] = Interruption.Cancel,
        ["exit"] = Interruption.Cancel,
        ["never mind"] = Interruption.Cancel,
        ["nevermind"] = Interruption.Cancel,
        ["forget it"] = Interruption.Cancel,
        ["cancel that"] = Interruption.Cancel,
        ["start over"] = Interruption.StartOver,
        ["restart"] = Interruption.StartOver,
        ["start again"] = Interruption.StartOver,
        ["begin again"] = Interruption.StartOver,
    };

    public static Interruption Classify(string? text)
    {
        var said = (text ?? string.Empty).Trim().TrimEnd('.', '!').Trim();
        if (said == "?")
        {
            return Interruption.Help;
        }
        said = said.TrimEnd('?').Trim();
        if (Phrases.GetValueOrDefault(said, Interruption.None) is not Interruption.None and var exact)
        {
            return exact;
        }
        // "No wait. Start over", "ugh, let me start again please": a short message that asks to start over.
        var words = said.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return words.Length <= 7 && StartOverWords.Any(w => $" {said.ToLowerInvariant().Replace(",", " ", StringComparison.Ordinal).Replace(".", " ", StringComparison.Ordinal)} ".Contains($" {w} ", StringComparison.Ordinal))
            ? Interruption.StartOver
            : Interruption.None;
    }

    /// <summary>"Start over, wrong thing", "restart, I picked the wrong option": the task itself was the mistake.</summary>
    public static bool NamesTheWrongTask(string? text) =>
        text is not null && System.Text.RegularExpressions.Regex.IsMatch(text,
            @"\b(wrong|different|another|other) (thing|task|one|option|button|request|topic|choice)\b|\bnot (what|the thing) i (meant|wanted|need(ed)?)\b|\bmeant something else\b",
            System.Text.RegularExpressions.RegexOptions.IgnoreCase, TimeSpan.FromMilliseconds(100));

    private static readonly string[] StartOverWords = ["start over", "start again", "restart", "begin again", "from the beginning", "from scratch"];
}
