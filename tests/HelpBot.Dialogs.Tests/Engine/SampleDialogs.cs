using HelpBot.Cards;
using HelpBot.Dialogs.Engine;
using HelpBot.Dialogs.Engine.Prompts;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Schema;

namespace HelpBot.Dialogs.Tests.Engine;

/// <summary>A small flow exercising every prompt: name, age, colour, confirmation, then a summary.</summary>
public sealed class ProfileFlow : FlowDialog
{
    public const string AskName = "What's your name?";
    public const string NameTooShort = "A name needs at least two letters.";
    public const string AskAge = "How old are you?";
    public const string AgeRetry = "Please give your age as a number from 1 to 120.";
    public const string AskColour = "Pick a colour.";
    public const string AskConfirm = "Shall I save that?";
    public const string NameHelp = "Your first name is enough.";

    public ProfileFlow()
        : base(nameof(ProfileFlow))
    {
        AddDialog(new WaterfallDialog(nameof(WaterfallDialog), [NameStepAsync, AgeStepAsync, ColourStepAsync, ConfirmStepAsync, SummaryStepAsync]));
        AddDialog(new TextPrompt(nameof(TextPrompt), NameValidatorAsync));
        AddDialog(new NumberPrompt(nameof(NumberPrompt), AgeValidatorAsync));
        AddDialog(new ChoicePrompt(nameof(ChoicePrompt)));
        AddDialog(new ConfirmPrompt(nameof(ConfirmPrompt)));
        InitialDialogId = nameof(WaterfallDialog);
    }

    protected override string Purpose => "save your profile";

    private static Task<DialogTurnResult> NameStepAsync(WaterfallStepContext step, CancellationToken ct) =>
        step.PromptAsync(nameof(TextPrompt), new HelpBotPromptOptions { Prompt = MessageFactory.Text(AskName), Help = NameHelp, MaxAttempts = 3 }, ct);

    private static Task<DialogTurnResult> AgeStepAsync(WaterfallStepContext step, CancellationToken ct)
    {
        if (step.Result is PromptAttemptsExhausted)
        {
            return step.EndDialogAsync("gave up", ct);
        }
        step.Values.Set("name", step.Result);
        return step.PromptAsync(nameof(NumberPrompt), new HelpBotPromptOptions { Prompt = MessageFactory.Text(AskAge), RetryPrompt = MessageFactory.Text(AgeRetry) }, ct);
    }

    private static Task<DialogTurnResult> ColourStepAsync(WaterfallStepContext step, CancellationToken ct)
    {
        step.Values.Set("age", step.Result);
        return step.PromptAsync(nameof(ChoicePrompt), new HelpBotPromptOptions
        {
            Prompt = MessageFactory.Text(AskColour),
            Choices = [Choice.Labelled("red", "Red"), Choice.Labelled("green", "Green", ["lime"]), Choice.Labelled("blue", "Blue")],
        }, ct);
    }

    private static Task<DialogTurnResult> ConfirmStepAsync(WaterfallStepContext step, CancellationToken ct)
    {
        step.Values.Set("colour", ((FoundChoice)step.Result!).Value);
        return step.PromptAsync(nameof(ConfirmPrompt), new HelpBotPromptOptions { Prompt = MessageFactory.Text(AskConfirm) }, ct);
    }

    private static async Task<DialogTurnResult> SummaryStepAsync(WaterfallStepContext step, CancellationToken ct)
    {
        var saved = (bool)step.Result!;
        var summary = $"{step.Values.Get<string>("name")}, {StateJson.GetInt(step.Values["age"])}, {step.Values.Get<string>("colour")}, saved={saved}";
        await step.Context.SendActivityAsync(summary, cancellationToken: ct);
        return await step.EndDialogAsync(summary, ct);
    }

    public static string NameTooShortOnAttempt(int attempt) => $"{NameTooShort} (attempt {attempt})";

    private static async Task<bool> NameValidatorAsync(PromptValidatorContext<string> prompt, CancellationToken ct)
    {
        if (prompt.Recognized.Succeeded && prompt.Recognized.Value!.Length >= 2)
        {
            return true;
        }
        await prompt.Context.SendActivityAsync(NameTooShortOnAttempt(prompt.AttemptCount), cancellationToken: ct);
        return false;
    }

    private static async Task<bool> AgeValidatorAsync(PromptValidatorContext<int> prompt, CancellationToken ct)
    {
        if (prompt.Recognized.Succeeded && prompt.Recognized.Value is < 1 or > 120)
        {
            await prompt.Context.SendActivityAsync("Nobody is that age!", cancellationToken: ct);
            return false;
        }
        return prompt.Recognized.Succeeded;
    }
}

/// <summary>
/// A prompt type of a flow's own, on the engine's <see cref="HelpBotPrompt{T}"/>: a whole number ("3", " 12 ", "1,000").
/// Card submits: <c>value.number</c>.
/// </summary>
public sealed class NumberPrompt(string id, PromptValidator<int>? validator = null) : HelpBotPrompt<int>(id, validator)
{
    protected override string DefaultSubmitField => "number";

    protected override Task<PromptRecognizerResult<int>> RecognizeAnswerAsync(ITurnContext context, HelpBotPromptOptions options, Newtonsoft.Json.Linq.JToken? submitted, CancellationToken cancellationToken)
    {
        var text = submitted is null ? context.Activity.Text : submitted.ToString();
        var ok = int.TryParse(text?.Trim(), System.Globalization.NumberStyles.Integer | System.Globalization.NumberStyles.AllowThousands, System.Globalization.CultureInfo.InvariantCulture, out var value);
        return Task.FromResult(ok ? PromptRecognizerResult.Of(value) : PromptRecognizerResult.Failed<int>());
    }
}

/// <summary>
/// A root that runs <see cref="ProfileFlow"/> and reports how it ended, like MainDialog does with real flows.
/// </summary>
public sealed class RootDialog : ComponentDialog
{
    public RootDialog()
        : base(nameof(RootDialog))
    {
        AddDialog(new WaterfallDialog("root", [StartAsync, EndAsync]));
        AddDialog(new ProfileFlow());
    }

    private static Task<DialogTurnResult> StartAsync(WaterfallStepContext step, CancellationToken ct) =>
        step.BeginDialogAsync(nameof(ProfileFlow), null, ct);

    private static async Task<DialogTurnResult> EndAsync(WaterfallStepContext step, CancellationToken ct)
    {
        var ending = step.Result switch
        {
            DialogCancelled => "root: flow cancelled",
            string s => $"root: flow returned {s}",
            _ => "root: flow ended",
        };
        await step.Context.SendActivityAsync(ending, cancellationToken: ct);
        return await step.EndDialogAsync(null, ct);
    }
}

/// <summary>Two steps where the second must only ever run after the first's prompt accepted an answer.</summary>
public sealed class GuardedFlow : FlowDialog
{
    public const string AskCode = "Type the code 123456.";
    public const string Revealed = "SECRET REVEALED";

    public GuardedFlow()
        : base(nameof(GuardedFlow))
    {
        AddDialog(new WaterfallDialog("guard", [AskAsync, RevealAsync]));
        AddDialog(new TextPrompt("code", (p, _) => Task.FromResult(p.Recognized.Value == "123456")));
        InitialDialogId = "guard";
    }

    protected override string Purpose => "reveal a secret";

    private static Task<DialogTurnResult> AskAsync(WaterfallStepContext step, CancellationToken ct)
    {
        var card = HelpBot.Cards.AdaptiveCard.Create(HelpBot.Cards.AdaptiveCard.Text(AskCode))
            .WithActions(HelpBot.Cards.AdaptiveCard.Submit("Send", new System.Text.Json.Nodes.JsonObject { ["text"] = "123456" }));
        var prompt = (Activity)card.ToMessage(AskCode);
        return step.PromptAsync("code", new HelpBotPromptOptions { Prompt = prompt, MaxAttempts = 0 }, ct);
    }

    private static async Task<DialogTurnResult> RevealAsync(WaterfallStepContext step, CancellationToken ct)
    {
        await step.Context.SendActivityAsync(Revealed, cancellationToken: ct);
        return await step.EndDialogAsync(null, ct);
    }
}
