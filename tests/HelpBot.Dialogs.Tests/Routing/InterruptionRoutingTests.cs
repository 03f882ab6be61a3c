using HelpBot.Dialogs.Knowledge;
using HelpBot.Dialogs.Recognition;
using Microsoft.Bot.Schema;
using static HelpBot.Dialogs.Tests.Routing.RoutingHarness;

namespace HelpBot.Dialogs.Tests.Routing;

/// <summary>Interruptions while a flow runs (the contact-office flow stands in for every flow).</summary>
public class InterruptionRoutingTests
{
    private static Microsoft.Bot.Builder.Adapters.TestFlow InAFlow() =>
        Create().Flow().Send("who do I contact about my harvard id").AssertReply(ContactOfficeTexts.AskSchool);

    [Fact]
    public async Task TalkToAPersonIsHonouredInTheMiddleOfAFlow()
    {
        await InAFlow()
            .Send("I want to talk to a person").AssertReply(reply => Assert.Equal(Title(Intents.TalkToAgent), CardTitle(reply)))
            .Send("what is a safecode").AssertReply(reply => Assert.Equal(Title(Intents.SafeCodeHelp), CardTitle(reply)))
            .StartTestAsync();
    }

    [Fact]
    public async Task HelpExplainsTheCurrentQuestion()
    {
        await InAFlow()
            .Send("help").AssertReply(ContactOfficeTexts.SchoolHelp).AssertReply(ContactOfficeTexts.AskSchool)
            .StartTestAsync();
    }

    [Fact]
    public async Task CancelEndsTheFlowAndTheNextMessageStartsAfresh()
    {
        await InAFlow()
            .Send("cancel").AssertReply(FlowTexts.Cancelled)
            .Send("what is a safecode").AssertReply(reply => Assert.Equal(Title(Intents.SafeCodeHelp), CardTitle(reply)))
            .StartTestAsync();
    }

    [Fact]
    public async Task ChangingTopicAsksBeforeDroppingTheFlowAndYesSwitches()
    {
        await InAFlow()
            .Send("actually I forgot my password").AssertReply(reply =>
            {
                Assert.Equal(MainTexts.SwitchTopic(MainTexts.IntentTitles[Intents.ForgotPassword]), ((Activity)reply).Text);
                Assert.Equal(["Yes", "No"], Buttons(reply));
            })
            .Send("yes").AssertReply(reply => Assert.Equal(Title(Intents.ForgotPassword), CardTitle(reply)))
            .StartTestAsync();
    }

    [Fact]
    public async Task ChangingTopicAndThenSayingNoCarriesOnWithTheFlow()
    {
        await InAFlow()
            .Send("actually I forgot my password").AssertReply(_ => { })
            .Send("no").AssertReply(MainTexts.KeepGoing).AssertReply(ContactOfficeTexts.AskSchool)
            .Send("HMS").AssertReply(ContactOfficeTexts.AskRole)
            .StartTestAsync();
    }
}
