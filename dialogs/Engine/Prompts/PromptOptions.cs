using Microsoft.Bot.Schema;

namespace HelpBot.Dialogs.Engine.Prompts;

/// <summary>What a prompt asks, how it asks again, and which answers it accepts. Persisted with the prompt (plain JSON).</summary>
public sealed class PromptOptions
{
    /// <summary>The question.</summary>
    public Activity? Prompt { get; set; }

    /// <summary>Sent instead of <see cref="Prompt"/> when an answer was not accepted. A validator may send its own message instead.</summary>
    public Activity? RetryPrompt { get; set; }

    /// <summary>What "help" says at this step (the current question is asked again after it).</summary>
    public string? Help { get; set; }

    /// <summary>For choice prompts: the options, shown as buttons.</summary>
    public IList<Choice>? Choices { get; set; }

    /// <summary>How many unaccepted answers in a row end the prompt with <see cref="PromptAttemptsExhausted"/>. 0: no limit.</summary>
    public int MaxAttempts { get; set; } = 3;

    /// <summary>
    /// For card submits (<c>Activity.Value</c>): the property of the submitted data that holds this prompt's answer.
    /// Each prompt type has a sensible default (text, choice, confirm, number).
    /// </summary>
    public string? SubmitField { get; set; }

    /// <summary>Free data for validators (e.g. a minimum length).</summary>
    public IDictionary<string, string>? Validations { get; set; }
}

/// <summary>A choice offered by a <see cref="ChoicePrompt"/>: the value returned, the button title, and other words that mean it.</summary>
public sealed record Choice(string Value, string? Title = null, IReadOnlyList<string>? Synonyms = null)
{
    public string Label => Title ?? Value;
}

/// <summary>The value a choice prompt returns: which choice, and its position.</summary>
public sealed record FoundChoice(string Value, int Index);

/// <summary>The result a prompt returns when the user gave <see cref="PromptOptions.MaxAttempts"/> unaccepted answers in a row.</summary>
public sealed class PromptAttemptsExhausted
{
    public PromptAttemptsExhausted(string promptId) => PromptId = promptId;

    public string PromptId { get; }
}
