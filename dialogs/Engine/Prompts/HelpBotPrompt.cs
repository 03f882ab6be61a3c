using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Schema;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace HelpBot.Dialogs.Engine.Prompts;

/// <summary>
/// HelpBot's layer over <see cref="Prompt{T}"/>, with what the SDK's prompts do not have:
/// <list type="bullet">
/// <item>card submits (<c>Activity.Value</c>) answer the prompt through <see cref="HelpBotPromptOptions.SubmitField"/>;</item>
/// <item>card buttons are stamped with this prompt's one-time id, so a button from an earlier card can't answer a later
/// question (it is ignored with a kind word);</item>
/// <item>a question asked again after an answer that was not understood gets a hint in other words first, so a person
/// never gets the same words twice in a row;</item>
/// <item><see cref="HelpBotPromptOptions.MaxAttempts"/> unaccepted answers in a row end the prompt with
/// <see cref="PromptAttemptsExhausted"/>, so the flow can offer a person instead of asking forever.</item>
/// </list>
/// State, beside the base prompt's: <c>{ "failures": n, "stamp": "..." }</c>.
/// </summary>
public abstract class HelpBotPrompt<T> : Prompt<T>
{
    /// <summary>The property added to every submit action of a prompt's cards.</summary>
    public const string StampField = "helpbotPrompt";

    private const string FailuresKey = "failures";
    private const string StampKey = "stamp";

    protected HelpBotPrompt(string dialogId, PromptValidator<T>? validator = null)
        : base(dialogId, CountingFailures(validator))
    {
    }

    /// <summary>The <c>Activity.Value</c> property read for card submits when <see cref="HelpBotPromptOptions.SubmitField"/> is not set.</summary>
    protected abstract string DefaultSubmitField { get; }

    public override async Task<DialogTurnResult> ContinueDialogAsync(DialogContext dc, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(dc);
        var instance = dc.ActiveDialog!;
        if (IsStaleSubmit(dc.Context.Activity, instance.State))
        {
            await dc.Context.SendActivityAsync(EngineTexts.StaleButton, cancellationToken: cancellationToken).ConfigureAwait(false);
            await RepromptDialogAsync(dc.Context, instance, cancellationToken).ConfigureAwait(false);
            return EndOfTurn;
        }
        var result = await base.ContinueDialogAsync(dc, cancellationToken).ConfigureAwait(false);
        // Still this prompt, waiting, after its last allowed answer: give up and let the flow decide.
        if (result.Status == DialogTurnStatus.Waiting && ReferenceEquals(dc.ActiveDialog?.Node, instance.Node) && Exhausted(instance.State, ReadOptions(instance.State)))
        {
            return await dc.EndDialogAsync(new PromptAttemptsExhausted(Id), cancellationToken).ConfigureAwait(false);
        }
        return result;
    }

    protected sealed override PromptOptions ReadOptions(JsonObject state) => ReadOptions<HelpBotPromptOptions>(state);

    protected sealed override Task<PromptRecognizerResult<T>> OnRecognizeAsync(ITurnContext turnContext, JsonObject state, PromptOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(turnContext);
        var helpBotOptions = (HelpBotPromptOptions)options;
        var submitted = SubmittedValue(turnContext.Activity, helpBotOptions.SubmitField ?? DefaultSubmitField);
        return RecognizeAnswerAsync(turnContext, helpBotOptions, submitted, cancellationToken);
    }

    /// <summary>Turns the user's message (or <paramref name="submitted"/>, the card's value, if any) into a <typeparamref name="T"/>.</summary>
    protected abstract Task<PromptRecognizerResult<T>> RecognizeAnswerAsync(ITurnContext context, HelpBotPromptOptions options, JToken? submitted, CancellationToken cancellationToken);

    /// <summary>Adds this prompt's buttons to the question (choices, yes/no). The default adds nothing.</summary>
    protected virtual void DecoratePrompt(Activity prompt, PromptOptions options, string stamp)
    {
    }

    /// <summary>
    /// What to say before the question when an answer was not understood and no retry text was given, so the same words
    /// are never sent twice in a row: <paramref name="variant"/> 0 the first time, 1 the next, and so on alternately.
    /// </summary>
    protected virtual string RetryHint(PromptOptions options, int variant) =>
        variant == 0 ? EngineTexts.NotCaught : EngineTexts.StillNotCaught;

    protected sealed override async Task OnPromptAsync(ITurnContext turnContext, JsonObject state, PromptOptions options, bool isRetry, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(turnContext);
        ArgumentNullException.ThrowIfNull(state);
        var failures = StateJson.GetInt(state[FailuresKey]);
        if (isRetry && Exhausted(state, options))
        {
            return; // ContinueDialogAsync ends the prompt instead.
        }
        // Not understood: the flow's own retry text, or the question with a hint in other words before it. The hint
        // alternates (and a retry text gets one every other time), so a person never gets the same words twice in a row.
        if (StateJson.GetString(state[StampKey]) is not { } stamp)
        {
            stamp = Convert.ToHexString(RandomNumberGenerator.GetBytes(8)).ToLowerInvariant();
            state[StampKey] = stamp;
        }
        var source = isRetry && options.RetryPrompt is not null ? options.RetryPrompt : options.Prompt;
        var hinted = isRetry && (options.RetryPrompt is null || failures % 2 == 0);
        if (source is null)
        {
            return;
        }
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
        await turnContext.SendActivityAsync(prompt, cancellationToken).ConfigureAwait(false);
    }

    private static bool Exhausted(JsonObject state, PromptOptions options) =>
        options is HelpBotPromptOptions { MaxAttempts: > 0 } o && StateJson.GetInt(state[FailuresKey]) >= o.MaxAttempts;

    /// <summary>The flow's validator (or "recognised", without one), counting the answers it does not accept.</summary>
    private static PromptValidator<T> CountingFailures(PromptValidator<T>? validator) => async (prompt, cancellationToken) =>
    {
        var accepted = validator is null
            ? prompt.Recognized.Succeeded
            : await validator(prompt, cancellationToken).ConfigureAwait(false);
        if (!accepted)
        {
            prompt.State[FailuresKey] = StateJson.GetInt(prompt.State[FailuresKey]) + 1;
        }
        return accepted;
    };

    private static bool IsStaleSubmit(IActivity activity, JsonObject state) =>
        activity is Activity { Type: ActivityTypes.Message, Value: JObject value }
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
}
