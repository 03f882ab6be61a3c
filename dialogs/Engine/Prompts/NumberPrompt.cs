using System.Globalization;
using Microsoft.Bot.Builder;
using Newtonsoft.Json.Linq;

namespace HelpBot.Dialogs.Engine.Prompts;

/// <summary>Asks for a whole number ("3", " 12 ", "1,000"). Card submits: <c>value.number</c> (a number or a numeric string).</summary>
public sealed class NumberPrompt(string id, PromptValidator<int>? validator = null) : Prompt<int>(id, validator)
{
    protected override string DefaultSubmitField => "number";

    protected override Task<PromptRecognizerResult<int>> OnRecognizeAsync(ITurnContext context, PromptOptions options, JToken? submitted, CancellationToken cancellationToken)
    {
        var text = submitted is null ? context.Activity.Text : submitted.ToString();
        var ok = int.TryParse(text?.Trim(), NumberStyles.Integer | NumberStyles.AllowThousands, CultureInfo.InvariantCulture, out var value);
        return Task.FromResult(ok ? PromptRecognizerResult.Of(value) : PromptRecognizerResult.Failed<int>());
    }
}
