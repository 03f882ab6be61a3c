using HelpBot.Dialogs.Engine.Prompts;
using Microsoft.Bot.Builder;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace HelpBot.Dialogs.GuestKeys;

/// <summary>
/// Waits for an Adaptive Card form to be submitted and returns everything it submitted, as JSON text (the flow checks
/// each field itself, so it can show the card again with an error per field). Typed text is not an answer. The submit
/// must carry the card's action name (<see cref="ActionKey"/> in <see cref="PromptOptions.Validations"/>).
/// </summary>
public sealed class CardFormPrompt(string id) : HelpBotPrompt<string>(id)
{
    public const string ActionKey = "action";

    protected override string DefaultSubmitField => ActionKey;

    protected override Task<PromptRecognizerResult<string>> RecognizeAnswerAsync(ITurnContext context, HelpBotPromptOptions options, JToken? submitted, CancellationToken cancellationToken)
    {
        var expected = options.Validation(ActionKey);
        if (context.Activity.Value is JObject value && expected is not null && value[ActionKey] is JValue { Type: JTokenType.String } given && (string?)given == expected)
        {
            return Task.FromResult(PromptRecognizerResult.Of(value.ToString(Formatting.None)));
        }
        return Task.FromResult(PromptRecognizerResult.Failed<string>());
    }
}
