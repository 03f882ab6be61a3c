using System.Text.Json.Nodes;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Schema;
using Newtonsoft.Json;

namespace HelpBot.Dialogs.Engine.Prompts;

/// <summary>Decides whether a recognised answer is accepted. It may send its own message explaining why not.</summary>
public delegate Task<bool> PromptValidator<T>(PromptValidatorContext<T> promptContext, CancellationToken cancellationToken);

/// <summary>What the prompt made of the user's answer.</summary>
public sealed class PromptRecognizerResult<T>
{
    public bool Succeeded { get; set; }

    public T? Value { get; set; }
}

/// <summary>Makes <see cref="PromptRecognizerResult{T}"/> values.</summary>
public static class PromptRecognizerResult
{
    public static PromptRecognizerResult<T> Failed<T>() => new();

    public static PromptRecognizerResult<T> Of<T>(T value) => new() { Succeeded = true, Value = value };
}

/// <summary>What a validator sees (the SDK's shape; <see cref="State"/> is the prompt's stored JSON).</summary>
public sealed class PromptValidatorContext<T>
{
    internal PromptValidatorContext(ITurnContext context, PromptRecognizerResult<T> recognized, JsonObject state, PromptOptions options, int attemptCount)
    {
        Context = context;
        Recognized = recognized;
        State = state;
        Options = options;
        AttemptCount = attemptCount;
    }

    public ITurnContext Context { get; }

    public PromptRecognizerResult<T> Recognized { get; }

    /// <summary>The prompt's state for this conversation (persisted with it).</summary>
    public JsonObject State { get; }

    public PromptOptions Options { get; }

    /// <summary>How many answers this prompt has received, this one included.</summary>
    public int AttemptCount { get; }
}

/// <summary>
/// Asks a question and waits until an acceptable answer arrives, then returns it to the parent dialog: the Bot
/// Framework's <c>Prompt&lt;T&gt;</c> loop (recognise, validate, end with the value or ask again). HelpBot's own prompt
/// features are in <see cref="HelpBotPrompt{T}"/>.
/// State: <c>{ "options": {...}, "attemptCount": n, ... }</c>.
/// </summary>
public abstract class Prompt<T> : Dialog
{
    internal const string OptionsKey = "options";
    private const string AttemptCountKey = "attemptCount";

    /// <summary>Options are stored as plain JSON (no type names, no nulls).</summary>
    protected static readonly JsonSerializerSettings PersistSettings = new()
    {
        NullValueHandling = NullValueHandling.Ignore,
        TypeNameHandling = TypeNameHandling.None,
    };

    private readonly PromptValidator<T>? _validator;

    protected Prompt(string dialogId, PromptValidator<T>? validator = null)
        : base(dialogId)
    {
        _validator = validator;
    }

    public override async Task<DialogTurnResult> BeginDialogAsync(DialogContext dc, object? options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(dc);
        var promptOptions = options as PromptOptions
            ?? throw new ArgumentException($"Prompt '{Id}' must be started with PromptOptions.", nameof(options));
        var state = dc.ActiveDialog!.State;
        state[OptionsKey] = JsonNode.Parse(JsonConvert.SerializeObject(promptOptions, PersistSettings));
        state[AttemptCountKey] = 0;
        await OnPromptAsync(dc.Context, state, promptOptions, isRetry: false, cancellationToken).ConfigureAwait(false);
        return EndOfTurn;
    }

    public override async Task<DialogTurnResult> ContinueDialogAsync(DialogContext dc, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(dc);
        var context = dc.Context;
        if (context.Activity.Type != ActivityTypes.Message)
        {
            return EndOfTurn;
        }
        var state = dc.ActiveDialog!.State;
        var options = ReadOptions(state);
        var recognized = await OnRecognizeAsync(context, state, options, cancellationToken).ConfigureAwait(false);
        var attemptCount = StateJson.GetInt(state[AttemptCountKey]) + 1;
        state[AttemptCountKey] = attemptCount;
        var isValid = _validator is null
            ? recognized.Succeeded
            : await _validator(new PromptValidatorContext<T>(context, recognized, state, options, attemptCount), cancellationToken).ConfigureAwait(false);
        if (isValid)
        {
            return await dc.EndDialogAsync(recognized.Value, cancellationToken).ConfigureAwait(false);
        }
        if (!context.Responded)
        {
            await OnPromptAsync(context, state, options, isRetry: true, cancellationToken).ConfigureAwait(false);
        }
        return EndOfTurn;
    }

    /// <summary>A dialog this prompt started ended: ask again.</summary>
    public override async Task<DialogTurnResult> ResumeDialogAsync(DialogContext dc, DialogReason reason, object? result, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(dc);
        await RepromptDialogAsync(dc.Context, dc.ActiveDialog!, cancellationToken).ConfigureAwait(false);
        return EndOfTurn;
    }

    public override Task RepromptDialogAsync(ITurnContext turnContext, DialogInstance instance, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(instance);
        return OnPromptAsync(turnContext, instance.State, ReadOptions(instance.State), isRetry: false, cancellationToken);
    }

    /// <summary>Sends the question (<paramref name="isRetry"/>: after an answer that was not accepted).</summary>
    protected abstract Task OnPromptAsync(ITurnContext turnContext, JsonObject state, PromptOptions options, bool isRetry, CancellationToken cancellationToken = default);

    /// <summary>Turns the user's message into a <typeparamref name="T"/>.</summary>
    protected abstract Task<PromptRecognizerResult<T>> OnRecognizeAsync(ITurnContext turnContext, JsonObject state, PromptOptions options, CancellationToken cancellationToken = default);

    /// <summary>The options the prompt was started with, read back from its state.</summary>
    protected virtual PromptOptions ReadOptions(JsonObject state) =>
        ReadOptions<PromptOptions>(state);

    /// <summary>The stored options as <typeparamref name="TOptions"/> (a subclass may store more than the SDK's fields).</summary>
    protected static TOptions ReadOptions<TOptions>(JsonObject state)
        where TOptions : PromptOptions, new() =>
        state?[OptionsKey] is JsonNode node
            ? JsonConvert.DeserializeObject<TOptions>(node.ToJsonString(), PersistSettings) ?? new TOptions()
            : new TOptions();
}

/// <summary>Reads what a waiting prompt was told, without knowing its type.</summary>
public static class PromptState
{
    /// <summary>The help text of the prompt in <paramref name="instance"/>, for a "help" interruption; null if it has none.</summary>
    public static string? HelpFor(DialogInstance instance) =>
        instance.State[Prompt<object>.OptionsKey] is JsonObject options ? StateJson.GetString(options[nameof(HelpBotPromptOptions.Help)]) : null;

    /// <summary>The choices the prompt in <paramref name="instance"/> offers as buttons, if any.</summary>
    public static IList<Choice> ChoicesFor(DialogInstance instance) =>
        instance.State[Prompt<object>.OptionsKey] is JsonObject options && options[nameof(PromptOptions.Choices)] is JsonArray choices
            ? JsonConvert.DeserializeObject<List<Choice>>(choices.ToJsonString()) ?? []
            : [];

    /// <summary>The innermost active dialog itself (not its instance), following component dialogs down.</summary>
    public static Dialog? InnermostDialog(DialogContext dc)
    {
        ArgumentNullException.ThrowIfNull(dc);
        var current = dc;
        while (current.Child is { ActiveDialog: not null } child)
        {
            current = child;
        }
        return current.ActiveDialog is { } active ? current.FindDialog(active.Id) : null;
    }

    /// <summary>The innermost waiting dialog instance, following component dialogs down.</summary>
    public static DialogInstance? Innermost(DialogContext dc)
    {
        DialogInstance? innermost = null;
        for (var current = dc; current?.ActiveDialog is { } active; current = current.Child)
        {
            innermost = active;
        }
        return innermost;
    }
}
