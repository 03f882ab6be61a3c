using System.Globalization;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Schema;
using Newtonsoft.Json.Linq;

namespace HelpBot.Dialogs.Engine.Prompts;

/// <summary>
/// Offers a few choices as buttons. Accepts a button, the choice's words typed ("reset", "Reset my password."),
/// a synonym, or its number ("2"). Card submits: <c>value.choice</c>. Returns a <see cref="FoundChoice"/>.
/// </summary>
public sealed partial class ChoicePrompt(string id, PromptValidator<FoundChoice>? validator = null) : HelpBotPrompt<FoundChoice>(id, validator)
{
    protected override string DefaultSubmitField => "choice";

    protected override void DecoratePrompt(Activity prompt, PromptOptions options, string stamp)
    {
        var choices = options.Choices ?? [];
        if (choices.Count == 0 || prompt.SuggestedActions is not null)
        {
            return;
        }
        prompt.SuggestedActions = new SuggestedActions
        {
            Actions = choices.Select(c => new CardAction(ActionTypes.ImBack, c.Label, value: c.Label)).ToList(),
        };
    }

    protected override string RetryHint(PromptOptions options, int variant)
    {
        var labels = (options.Choices ?? []).Select(c => c.Label).ToList();
        if (labels.Count == 0)
        {
            return base.RetryHint(options, variant);
        }
        return variant == 0
            ? $"{EngineTexts.TapOrTypeChoice} {string.Join(", ", labels.Select(l => $"\"{l}\""))}."
            : $"{EngineTexts.TypeNumberChoice} {string.Join(", ", labels.Select((l, i) => string.Create(CultureInfo.InvariantCulture, $"{i + 1} for \"{l}\"")))}.";
    }

    protected override Task<PromptRecognizerResult<FoundChoice>> RecognizeAnswerAsync(ITurnContext context, HelpBotPromptOptions options, JToken? submitted, CancellationToken cancellationToken)
    {
        var found = Recognize(submitted?.ToString() ?? context.Activity.Text, options.Choices ?? []);
        return Task.FromResult(found is null ? PromptRecognizerResult.Failed<FoundChoice>() : PromptRecognizerResult.Of(found));
    }

    /// <summary>The single choice the text names, or null when none or several do.</summary>
    public static FoundChoice? Recognize(string? text, IList<Choice> choices)
    {
        var said = ConfirmPrompt.Normalize(text).ToLowerInvariant();
        if (said.Length == 0)
        {
            return null;
        }
        // Exact value, title or synonym.
        for (var i = 0; i < choices.Count; i++)
        {
            if (Names(choices[i]).Any(n => n == said))
            {
                return new FoundChoice { Value = choices[i].Value, Index = i, Synonym = said };
            }
        }
        // Its number in the list.
        if (int.TryParse(said, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= 1 && n <= choices.Count)
        {
            return new FoundChoice { Value = choices[n - 1].Value, Index = n - 1 };
        }
        // The utterance mentions exactly one choice's words ("the reset one please"); what it rules out does not count
        // ("my other email, not my phone").
        var padded = $" {RuledOut().Replace(said, " ")} ";
        var mentioned = Enumerable.Range(0, choices.Count)
            .Where(i => Names(choices[i]).Any(name => padded.Contains($" {name} ", StringComparison.Ordinal)))
            .ToList();
        return mentioned.Count == 1 ? new FoundChoice { Value = choices[mentioned[0]].Value, Index = mentioned[0], Score = 0.5f } : null;
    }

    private static IEnumerable<string> Names(Choice choice) =>
        new[] { choice.Value, choice.Action?.Title }.Concat(choice.Synonyms ?? [])
            .Where(s => !string.IsNullOrWhiteSpace(s))
            .Select(s => ConfirmPrompt.Normalize(s).ToLowerInvariant());

    [System.Text.RegularExpressions.GeneratedRegex(@"\b(not|no|instead of|rather than)\s+(to\s+)?(my|the|a|an|your)?\s*(other\s+|personal\s+|alternate\s+|cell\s+|mobile\s+)?\w+")]
    private static partial System.Text.RegularExpressions.Regex RuledOut();
}
