using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Schema;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace HelpBot.Dialogs.Engine.Prompts;

/// <summary>Decides whether a recognised answer is accepted. It may send its own message explaining why not.</summary>
public delegate Task<bool> PromptValidator<T>(PromptValidatorContext<T> prompt, CancellationToken cancellationToken);

/// <summary>What the prompt made of the user's answer.</summary>
public sealed class PromptRecognizerResult<T>
{
    public bool Succeeded { get; init; }

    public T? Value { get; init; }
}

/// <summary>Makes <see cref="PromptRecognizerResult{T}"/> values.</summary>
public static class PromptRecognizerResult
{
    public static PromptRecognizerResult<T> Failed<T>() => new();

    public static PromptRecognizerResult<T> Of<T>(T value) => new() { Succeeded = true, Value = value };
}

/// <summary>What a validator sees.</summary>
public sealed class PromptValidatorContext<T>
{
    internal PromptValidatorContext(ITurnContext context, PromptRecognizerResult<T> recognized, PromptOptions options, int attemptCount)
    {
        Context = context;
        Recognized = recognized;
        Options = options;
        AttemptCount = attemptCount;
    }

    public ITurnContext Context { get; }

    public PromptRecognizerResult<T> Recognized { get; }

    public PromptOptions Options { get; }

    /// <summary>How many answers this prompt has received, this one included.</summary>
    public int AttemptCount { get; }
}

/// <summary>
/// Asks a question and waits until an acceptable answer arrives, then returns it to the parent dialog. Accepts typed
/// text and card submits (<c>Activity.Value</c>). Card buttons are stamped with this prompt's one-time id, so a button
/// from an earlier card can't answer a later question (it is ignored with a kind word).
/// State: <c>{ "options": {...}, "attemptCount": n, "failures": n, "stamp": "..." }</c>.
/// </summary>
public abstract class Prompt<T> : Dialog
{
    /// <summary>The property added to every submit action of a prompt's cards.</summary>
    public const string StampField = "helpbotPrompt";

    internal const string OptionsKey = "options";
    private const string AttemptCountKey = "attemptCount";
    private const string FailuresKey = "failures";
    private const string StampKey = "stamp";

    private static readonly JsonSerializerSettings PersistSettings = new()
    {
        NullValueHandling = NullValueHandling.Ignore,
        TypeNameHandling = TypeNameHandling.None,
    };

    private readonly PromptValidator<T>? _validator;

    protected Prompt(string id, PromptValidator<T>? validator = null)
        : base(id)
    {
        _validator = validator;
    }

    /// <summary>The <c>Activity.Value</c> property read for card submits when <see cref="PromptOptions.SubmitField"/> is not set.</summary>
    protected abstract string DefaultSubmitField { get; }

    public override async Task<DialogTurnResult> BeginDialogAsync(DialogContext dc, object? options, CancellationToken cancellationToken)
    {
        var promptOptions = options as PromptOptions
            ?? throw new ArgumentException($"Prompt '{Id}' must be started with PromptOptions.", nameof(options));
        var state = dc.ActiveDialog!.State;
        state[OptionsKey] = JsonNode.Parse(JsonConvert.SerializeObject(promptOptions, PersistSettings));
        state[AttemptCountKey] = 0;
        state[FailuresKey] = 0;
        state[StampKey] = NewStamp();
        await SendPromptAsync(dc.Context, state, promptOptions, isRetry: false, cancellationToken).ConfigureAwait(false);
        return EndOfTurn;
    }

    public override async Task<DialogTurnResult> ContinueDialogAsync(DialogContext dc, CancellationToken cancellationToken)
    {
        var context = dc.Context;
        if (context.Activity.Type != ActivityTypes.Message)
        {
            return EndOfTurn;
        }
        var state = dc.ActiveDialog!.State;
        var options = ReadOptions(state);

        if (IsStaleSubmit(context.Activity, state))
        {
            await context.SendActivityAsync(EngineTexts.StaleButton, cancellationToken: cancellationToken).ConfigureAwait(false);
            await SendPromptAsync(context, state, options, isRetry: false, cancellationToken).ConfigureAwait(false);
            return EndOfTurn;
        }

        var attemptCount = StateJson.GetInt(state[AttemptCountKey]) + 1;
        state[AttemptCountKey] = attemptCount;
        var submitted = SubmittedValue(context.Activity, options.SubmitField ?? DefaultSubmitField);
        var recognized = await OnRecognizeAsync(context, options, submitted, cancellationToken).ConfigureAwait(false);
        var accepted = recognized.Succeeded;
        if (_validator is not null)
        {
            accepted = await _validator(new PromptValidatorContext<T>(context, recognized, options, attemptCount), cancellationToken).ConfigureAwait(false);
        }
        if (accepted)
        {
            return await dc.EndDialogAsync(recognized.Value, cancellationToken).ConfigureAwait(false);
        }

        var failures = StateJson.GetInt(state[FailuresKey]) + 1;
        state[FailuresKey] = failures;
        if (options.MaxAttempts > 0 && failures >= options.MaxAttempts)
        {
            return await dc.EndDialogAsync(new PromptAttemptsExhausted(Id), cancellationToken).ConfigureAwait(false);
        }
        if (!context.Responded)
        {
            await SendPromptAsync(context, state, options, isRetry: true, cancellationToken, failures).ConfigureAwait(false);
        }
        return EndOfTurn;
    }

    /// <summary>
    /// What to say before the question when an answer was not understood and no retry text was given, so the same words
    /// are never sent twice in a row: <paramref name="variant"/> 0 the first time, 1 the next, and so on alternately.
    /// </summary>
    protected virtual string RetryHint(PromptOptions options, int variant) =>
        variant == 0 ? EngineTexts.NotCaught : EngineTexts.StillNotCaught;

    public override Task RepromptDialogAsync(DialogContext dc, DialogInstance instance, CancellationToken cancellationToken) =>
        SendPromptAsync(dc.Context, instance.State, ReadOptions(instance.State), isRetry: false, cancellationToken);

    /// <summary>Turns the user's message (or the submitted card value, if any) into a <typeparamref name="T"/>.</summary>
    protected abstract Task<PromptRecognizerResult<T>> OnRecognizeAsync(ITurnContext context, PromptOptions options, JToken? submitted, CancellationToken cancellationToken);

    /// <summary>Adds this prompt's buttons to the question (choices, yes/no). The default adds nothing.</summary>
    protected virtual void DecoratePrompt(Activity prompt, PromptOptions options, string stamp)
    {
    }

    private async Task SendPromptAsync(ITurnContext context, JsonObject state, PromptOptions options, bool isRetry, CancellationToken cancellationToken, int failures = 0)
    {
        // Not understood: the flow's own retry text, or the question with a hint in other words before it. The hint
        // alternates (and a retry text gets one every other time), so a person never gets the same words twice in a row.
        var source = isRetry && options.RetryPrompt is not null ? options.RetryPrompt : options.Prompt;
        var hinted = isRetry && (options.RetryPrompt is null || failures % 2 == 0);
        if (source is null)
        {
            return;
        }
        var stamp = StateJson.GetString(state[StampKey]) ?? string.Empty;
        // Work on a copy: the stored options must stay as given.
        var prompt = JsonConvert.DeserializeObject<Activity>(JsonConvert.SerializeObject(source, PersistSettings), PersistSettings)!;
        if (hinted && !string.IsNullOrEmpty(prompt.Text))
        {
            var variant = options.RetryPrompt is null ? (failures - 1) % 2 : 1;
            prompt.Text = $"{RetryHint(options, variant)} {prompt.Text}";
            prompt.Speak = null;
        }
        prompt.Type ??= ActivityTypes.Message;
        prompt.InputHint ??= InputHints.ExpectingInput;
        StampSubmitActions(prompt, stamp);
        DecoratePrompt(prompt, options, stamp);
        await context.SendActivityAsync(prompt, cancellationToken).ConfigureAwait(false);
    }

    private static PromptOptions ReadOptions(JsonObject state) =>
        state[OptionsKey] is JsonNode node
            ? JsonConvert.DeserializeObject<PromptOptions>(node.ToJsonString(), PersistSettings) ?? new PromptOptions()
            : new PromptOptions();

    private static bool IsStaleSubmit(IActivity activity, JsonObject state) =>
        activity is Activity { Value: JObject value }
        && value.TryGetValue(StampField, out var stamp)
        && !string.Equals(stamp.ToString(), StateJson.GetString(state[StampKey]), StringComparison.Ordinal);

    private static JToken? SubmittedValue(Activity activity, string field) =>
        activity.Value is JObject value && value.TryGetValue(field, StringComparison.OrdinalIgnoreCase, out var token) ? token : null;

    /// <summary>Adds the stamp to every Action.Submit in the prompt's Adaptive Cards (actions and nested containers).</summary>
    private static void StampSubmitActions(Activity prompt, string stamp)
    {
        foreach (var attachment in prompt.Attachments ?? [])
        {
            if (attachment.Content is JObject card)
            {
                foreach (var action in card.Descendants().OfType<JObject>().Where(o => (string?)o["type"] == "Action.Submit").ToList())
                {
                    if (action["data"] is not JObject data)
                    {
                        data = [];
                        action["data"] = data;
                    }
                    data[StampField] = stamp;
                }
            }
        }
    }

    private static string NewStamp() => Convert.ToHexString(RandomNumberGenerator.GetBytes(8)).ToLowerInvariant();
}

/// <summary>Reads what a waiting prompt was told, without knowing its type.</summary>
public static class PromptState
{
    /// <summary>The help text of the prompt in <paramref name="instance"/>, for a "help" interruption; null if it has none.</summary>
    public static string? HelpFor(DialogInstance instance) =>
        instance.State[Prompt<object>.OptionsKey] is JsonObject options ? StateJson.GetString(options[nameof(PromptOptions.Help)]) : null;

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
