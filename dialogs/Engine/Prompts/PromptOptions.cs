using Microsoft.Bot.Schema;
using Newtonsoft.Json.Linq;

namespace HelpBot.Dialogs.Engine.Prompts;

/// <summary>What a prompt asks and how it asks again: the Bot Framework's <c>PromptOptions</c> shape. Persisted with the prompt (plain JSON).</summary>
public class PromptOptions
{
    /// <summary>The question.</summary>
    public Activity? Prompt { get; set; }

    /// <summary>Sent instead of <see cref="Prompt"/> when an answer was not accepted. A validator may send its own message instead.</summary>
    public Activity? RetryPrompt { get; set; }

    /// <summary>For choice prompts: the options, shown as buttons.</summary>
    public IList<Choice>? Choices { get; set; }

    /// <summary>Free data for validators (e.g. a value the answer must differ from), as the SDK's <c>Validations</c>.</summary>
    public object? Validations { get; set; }

    /// <summary>
    /// One entry of <see cref="Validations"/> when it is a string dictionary, as given or as read back from the stored
    /// state (where it is JSON).
    /// </summary>
    public string? Validation(string key) => Validations switch
    {
        IDictionary<string, string> given => given.TryGetValue(key, out var value) ? value : null,
        JObject stored => stored.TryGetValue(key, out var token) && token.Type == JTokenType.String ? (string?)token : null,
        _ => null,
    };
}

/// <summary>
/// HelpBot's prompt options (see <see cref="HelpBotPrompt{T}"/>): what "help" says at the step, when to give up, and which
/// field of a card submit answers the prompt.
/// </summary>
public sealed class HelpBotPromptOptions : PromptOptions
{
    /// <summary>What "help" says at this step (the current question is asked again after it).</summary>
    public string? Help { get; set; }

    /// <summary>How many unaccepted answers in a row end the prompt with <see cref="PromptAttemptsExhausted"/>. 0: no limit.</summary>
    public int MaxAttempts { get; set; } = 3;

    /// <summary>
    /// For card submits (<c>Activity.Value</c>): the property of the submitted data that holds this prompt's answer.
    /// Each prompt type has a sensible default (text, choice, confirm).
    /// </summary>
    public string? SubmitField { get; set; }
}

/// <summary>A choice offered by a <see cref="ChoicePrompt"/>, in the SDK's shape: the value returned, the button (its title is the label), other words that mean it.</summary>
public sealed class Choice
{
    public Choice(string? value = null) => Value = value ?? string.Empty;

    public string Value { get; set; }

    /// <summary>The button shown for the choice; its <see cref="CardAction.Title"/> is the label (the value when there is none).</summary>
    public CardAction? Action { get; set; }

    public List<string>? Synonyms { get; set; }

    /// <summary>A choice with a button label and synonyms (HelpBot's shorthand for the SDK's object initialiser).</summary>
    public static Choice Labelled(string value, string label, IEnumerable<string>? synonyms = null) => new(value)
    {
        Action = new CardAction(ActionTypes.ImBack, label, value: label),
        Synonyms = synonyms?.ToList(),
    };

    /// <summary>What the button says.</summary>
    internal string Label => Action?.Title ?? Value;
}

/// <summary>The value a choice prompt returns, in the SDK's shape: which choice, its position, how sure, and the words that matched.</summary>
public sealed class FoundChoice
{
    public string Value { get; set; } = string.Empty;

    public int Index { get; set; }

    /// <summary>1 for an exact match (a button, the value, a synonym, the number), less for a mention inside a sentence.</summary>
    public float Score { get; set; } = 1;

    /// <summary>The words that matched, when a synonym or label did.</summary>
    public string? Synonym { get; set; }
}

/// <summary>The result a prompt returns when the user gave <see cref="HelpBotPromptOptions.MaxAttempts"/> unaccepted answers in a row.</summary>
public sealed class PromptAttemptsExhausted
{
    public PromptAttemptsExhausted(string promptId) => PromptId = promptId;

    public string PromptId { get; }
}
