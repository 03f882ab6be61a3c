using HelpBot.Dialogs.Engine;
using HelpBot.Dialogs.Engine.Prompts;
using Microsoft.Bot.Schema;
using Newtonsoft.Json.Linq;

namespace HelpBot.Dialogs.Tests.Engine;

public class WaterfallTests
{
    [Fact]
    public async Task StepsRunInOrderAndEachAnswerReachesTheNextStep()
    {
        var harness = new DialogHarness(() => new RootDialog());

        await harness.Flow()
            .Send("hi").AssertReply(ProfileFlow.AskName)
            .Send("Ada").AssertReply(ProfileFlow.AskAge)
            .Send("36").AssertReply(ProfileFlow.AskColour)
            .Send("Blue").AssertReply(ProfileFlow.AskConfirm)
            .Send("yes").AssertReply("Ada, 36, blue, saved=True")
            .AssertReply("root: flow returned Ada, 36, blue, saved=True")
            .StartTestAsync();

        Assert.Equal(DialogTurnStatus.Complete, harness.LastResult!.Status);
    }

    [Fact]
    public async Task AfterTheRootCompletesTheNextMessageStartsItAgain()
    {
        var harness = new DialogHarness(() => new RootDialog());

        await harness.Flow()
            .Send("hi").AssertReply(ProfileFlow.AskName)
            .Send("cancel").AssertReply(FlowTexts.Cancelled).AssertReply("root: flow cancelled")
            .Send("hello again").AssertReply(ProfileFlow.AskName)
            .StartTestAsync();
    }

    [Fact]
    public async Task AForgedCardSubmitCannotSkipTheStepThatGuardsTheNextOne()
    {
        // docs/security.md, R7: only an accepted answer moves a waterfall forward.
        var harness = new DialogHarness(() => new GuardedFlow());

        await harness.Flow()
            .Send("start").AssertReply(a => Assert.Equal(GuardedFlow.AskCode, ((Activity)a).Text))
            .Send(new Activity(ActivityTypes.Message) { Value = JObject.FromObject(new { action = "reveal", step = 2 }) })
            .AssertReply(a => Assert.Equal($"{EngineTexts.NotCaught} {GuardedFlow.AskCode}", ((Activity)a).Text))
            .Send("reveal").AssertReply(a => Assert.Equal($"{EngineTexts.StillNotCaught} {GuardedFlow.AskCode}", ((Activity)a).Text))
            .Send("123456").AssertReply(GuardedFlow.Revealed)
            .StartTestAsync();
    }

    [Fact]
    public async Task NextAsyncSkipsToTheFollowingStepInTheSameTurn()
    {
        var harness = new DialogHarness(() => new WaterfallDialog("w",
        [
            (step, ct) => step.NextAsync("from step 1", ct),
            async (step, ct) =>
            {
                await step.Context.SendActivityAsync($"step 2 got: {step.Result}", cancellationToken: ct);
                return await step.EndDialogAsync(null, ct);
            },
        ]));

        await harness.Flow().Send("go").AssertReply("step 2 got: from step 1").StartTestAsync();
    }

    [Fact]
    public async Task OptionsGivenAtBeginAreAvailableToEveryStepOnLaterTurns()
    {
        var harness = new DialogHarness(() => new OptionsRoot());

        await harness.Flow()
            .Send("go").AssertReply("Which account, jsmith?")
            .Send("that one").AssertReply("Working on jsmith (purpose: unlock).")
            .StartTestAsync();
    }

    private sealed record FlowOptions(string Username, string Purpose);

    private sealed class OptionsRoot : ComponentDialog
    {
        public OptionsRoot()
            : base(nameof(OptionsRoot))
        {
            AddDialog(new WaterfallDialog("start", [(s, ct) => s.BeginDialogAsync("flow", new FlowOptions("jsmith", "unlock"), ct)]));
            AddDialog(new WaterfallDialog("flow",
            [
                async (step, ct) =>
                {
                    await step.Context.SendActivityAsync($"Which account, {step.GetOptions<FlowOptions>()!.Username}?", cancellationToken: ct);
                    return Dialog.EndOfTurn;
                },
                async (step, ct) =>
                {
                    var o = step.GetOptions<FlowOptions>()!;
                    await step.Context.SendActivityAsync($"Working on {o.Username} (purpose: {o.Purpose}).", cancellationToken: ct);
                    return await step.EndDialogAsync(null, ct);
                },
            ]));
        }
    }
}
