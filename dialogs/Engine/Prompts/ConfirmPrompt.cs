using Microsoft.Bot.Builder;
using Microsoft.Bot.Schema;
using Newtonsoft.Json.Linq;

namespace HelpBot.Dialogs.Engine.Prompts;

/// <summary>Asks a yes/no question with Yes and No buttons. Card submits: <c>value.confirm</c> (true/false or "yes"/"no").</summary>
public sealed class ConfirmPrompt(string id, PromptValidator<bool>? validator = null) : HelpBotPrompt<bool>(id, validator)
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

    protected override Task<PromptRecognizerResult<bool>> RecognizeAnswerAsync(ITurnContext context, HelpBotPromptOptions options, JToken? submitted, CancellationToken cancellationToken)
    {
        if (submitted?.Type == JTokenType.Boolean)
        {
            return Task.FromResult(PromptRecognizerResult.Of((bool)submitted));
        }
        var answer = Recognize(submitted?.ToString() ?? context.Activity.Text);
        return Task.FromResult(answer is { } yes ? PromptRecognizerResult.Of(yes) : PromptRecognizerResult.Failed<bool>());
    }

    // How a yes or a no starts, and phrases that carry one, in a longer answer ("sure, do it here", "nah I'll use the
    // website"). An answer with both is not taken as either.
    private static readonly HashSet<string> YesLeads = new(StringComparer.Ordinal)
    {
        "yes", "y", "yeah", "yea", "yep", "yup", "sure", "ok", "okay", "absolutely", "definitely", "certainly", "correct", "alright",
    };

    private static readonly HashSet<string> NoLeads = new(StringComparer.Ordinal) { "no", "n", "nope", "nah", "never", "negative" };

    private static readonly string[] YesPhrases =
    [
        "go ahead", "do it", "lets do it", "let's do it", "yes please", "sounds good", "please do", "that's right", "thats right",
        "that's me", "thats me", "why not", "go for it", "i do", "i would", "i'd like that", "id like that", "do it here",
        "do it for me", "change it now", "reset it now", "i want to", "i'd like to", "id like to",
    ];

    private static readonly string[] NoPhrases =
    [
        "don't", "dont", "do not", "not now", "no thanks", "no thank you", "rather not", "not really", "i'll use", "ill use",
        "use the website", "maybe later", "not right now", "i won't", "i wont", "no need", "never mind", "nevermind",
    ];

    protected override string RetryHint(PromptOptions options, int variant) => variant == 0 ? EngineTexts.YesOrNo : EngineTexts.JustYesOrNo;

    /// <summary>True for a yes, false for a no, null for anything else.</summary>
    public static bool? Recognize(string? text)
    {
        var said = Normalize(text);
        if (YesWords.Contains(said))
        {
            return true;
        }
        if (NoWords.Contains(said))
        {
            return false;
        }
        var words = said.ToLowerInvariant().Replace('\u2019', '\'').Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (words.Length is 0 or > 20)
        {
            return null;
        }
        var padded = $" {string.Join(' ', words)} ";
        var yes = YesLeads.Contains(words[0]) || YesPhrases.Any(p => padded.Contains($" {p} ", StringComparison.Ordinal));
        var no = NoLeads.Contains(words[0]) || NoPhrases.Any(p => padded.Contains($" {p} ", StringComparison.Ordinal));
        return yes == no ? null : yes;
    }

    internal static string Normalize(string? text) =>
        new string((text ?? string.Empty).Where(c => !char.IsPunctuation(c) || c == '\'').ToArray()).Trim();
}
