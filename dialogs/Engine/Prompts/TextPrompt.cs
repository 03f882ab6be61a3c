using Microsoft.Bot.Builder;
using Newtonsoft.Json.Linq;

namespace HelpBot.Dialogs.Engine.Prompts;

/// <summary>Asks for free text. Returns the trimmed text; empty input is not an answer. Card submits: <c>value.text</c>.</summary>
public sealed class TextPrompt(string id, PromptValidator<string>? validator = null) : HelpBotPrompt<string>(id, validator)
{
    protected override string DefaultSubmitField => "text";

    protected override Task<PromptRecognizerResult<string>> RecognizeAnswerAsync(ITurnContext context, HelpBotPromptOptions options, JToken? submitted, CancellationToken cancellationToken)
    {
        var text = submitted?.Type == JTokenType.String ? (string?)submitted : context.Activity.Text;
        text = text?.Trim();
        return Task.FromResult(string.IsNullOrEmpty(text) ? PromptRecognizerResult.Failed<string>() : PromptRecognizerResult.Of(text));
    }
}
