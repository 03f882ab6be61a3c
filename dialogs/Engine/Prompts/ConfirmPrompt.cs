using Microsoft.Bot.Builder;
using Microsoft.Bot.Schema;
using Newtonsoft.Json.Linq;

namespace HelpBot.Dialogs.Engine.Prompts;

/// <summary>Asks a yes/no question with Yes and No buttons. Card submits: <c>value.confirm</c> (true/false or "yes"/"no").</summary>
public sealed class ConfirmPrompt(string id, PromptValidator<bool>? validator = null) : Prompt<bool>(id, validator)
{
    private static readonly HashSet<string> YesWords = new(StringComparer.OrdinalIgnoreCase)
    {
        "yes", "y", "yeah", "yep", "yup", "sure", "ok", "okay", "correct", "right", "please", "yes please", "go ahead", "do it", "true", "affirmative", "of course", "please do",
    };

    private static readonly HashSet<string> NoWords = new(StringComparer.OrdinalIgnoreCase)
    {
        "no", "n", "nope", "nah", "not now", "no thanks", "no thank you", "false", "negative", "don't", "do not", "not really",
    };

    protected override string DefaultSubmitField => "confirm";

    protected override void DecoratePrompt(Activity prompt, PromptOptions options, string stamp)
    {
        prompt.SuggestedActions ??= new SuggestedActions
        {
            Actions =
            [
                new CardAction(ActionTypes.ImBack, EngineTexts.Yes, value: EngineTexts.Yes),
                new CardAction(ActionTypes.ImBack, EngineTexts.No, value: EngineTexts.No),
            ],
        };
    }

    protected override Task<PromptRecognizerResult<bool>> OnRecognizeAsync(ITurnContext context, PromptOptions options, JToken? submitted, CancellationToken cancellationToken)
    {
        if (submitted?.Type == JTokenType.Boolean)
        {
            return Task.FromResult(PromptRecognizerResult.Of((bool)submitted));
        }
        var answer = Recognize(submitted?.ToString() ?? context.Activity.Text);
        return Task.FromResult(answer is { } yes ? PromptRecognizerResult.Of(yes) : PromptRecognizerResult.Failed<bool>());
    }

    /// <summary>True for a yes, false for a no, null for anything else.</summary>
    public static bool? Recognize(string? text)
    {
        var said = Normalize(text);
        return YesWords.Contains(said) ? true : NoWords.Contains(said) ? false : null;
    }

    internal static string Normalize(string? text) =>
        new string((text ?? string.Empty).Where(c => !char.IsPunctuation(c) || c == '\'').ToArray()).Trim();
}
