using HelpBot.Cards;
using HelpBot.Dialogs.Recognition;
using Microsoft.Bot.Schema;
using Newtonsoft.Json.Linq;
using static HelpBot.Dialogs.Tests.Routing.RoutingHarness;

namespace HelpBot.Dialogs.Tests.Routing;

public class MainDialogTests
{
    [Theory]
    [InlineData("what is my harvard id number", Intents.HuidLookup)]
    [InlineData("how do I register for eCommons?", Intents.ECommonsRegister)]
    [InlineData("I need to change my email address in the directory", Intents.UpdateProfile)]
    [InlineData("how do I log in with my HUID and PIN", Intents.HuidPinHelp)]
    [InlineData("I forgot my HarvardKey login name", Intents.HarvardKeyHelp)]
    [InlineData("what is a safecode", Intents.SafeCodeHelp)]
    [InlineData("the radiology department mailbox is locked", Intents.DepartmentalAccount)]
    [InlineData("which devices do I need to update after changing my password", Intents.DeviceLockouts)]
    [InlineData("I'm locked out of my account", Intents.UnlockAccount)]
    [InlineData("I forgot my password", Intents.ForgotPassword)]
    [InlineData("I need a guest key for our consultant", Intents.GuestKeySponsor)]
    [InlineData("I want to talk to a person", Intents.TalkToAgent)]
    public async Task EachTopicGetsItsAnswer(string said, string answerId)
    {
        await Create().Flow()
            .Send(said).AssertReply(reply => Assert.Equal(Title(answerId), CardTitle(reply)))
            .StartTestAsync();
    }

    [Fact]
    public async Task AGreetingIsAnsweredWithWhatHelpBotCanDo()
    {
        await Create().Flow()
            .Send("hello").AssertReply(reply =>
            {
                Assert.Equal(MainTexts.Greeting, ((Activity)reply).Text);
                Assert.Contains("HelpBot", CardTitle(reply), StringComparison.Ordinal);
            })
            .StartTestAsync();
    }

    [Fact]
    public async Task AWelcomeCardButtonWorksLikeTypingItsWords()
    {
        var click = new Activity(ActivityTypes.Message)
        {
            Value = JObject.FromObject(new { action = WelcomeCard.Payload.ActionName, utterance = "How do I register for eCommons?" }),
        };
        await Create().Flow()
            .Send(click).AssertReply(reply => Assert.Equal(Title(Intents.ECommonsRegister), CardTitle(reply)))
            .StartTestAsync();
    }

    [Fact]
    public async Task AnUnknownCardPayloadGetsAClearAnswerAndTheConversationGoesOn()
    {
        var forged = new Activity(ActivityTypes.Message) { Value = JObject.FromObject(new { action = "reveal_huid", user = "jsmith" }) };
        await Create().Flow()
            .Send(forged).AssertReply(reply => Assert.Equal(MainTexts.UnknownButton, ((Activity)reply).Text))
            .Send("what is my harvard id number").AssertReply(reply => Assert.Equal(Title(Intents.HuidLookup), CardTitle(reply)))
            .StartTestAsync();
    }

    [Fact]
    public async Task ThreeMisunderstoodMessagesInARowOfferAPerson()
    {
        await Create().Flow()
            .Send("qwpoeiruty zxmcnvb").AssertReply(_ => { })
            .Send("asdkjh qweoiu zzz").AssertReply(_ => { })
            .Send("lkjlkj mnbmnb poipoi").AssertReply(MainTexts.OfferPerson)
            .AssertReply(reply => Assert.Equal(Title(Intents.TalkToAgent), CardTitle(reply)))
            .StartTestAsync();
    }

    [Fact]
    public async Task AnUnderstoodMessageResetsTheMisunderstoodCount()
    {
        await Create().Flow()
            .Send("qwpoeiruty zxmcnvb").AssertReply(_ => { })
            .Send("asdkjh qweoiu zzz").AssertReply(_ => { })
            .Send("what is a safecode").AssertReply(reply => Assert.Equal(Title(Intents.SafeCodeHelp), CardTitle(reply)))
            .Send("lkjlkj mnbmnb poipoi").AssertReply(reply => Assert.NotEqual(MainTexts.OfferPerson, ((Activity)reply).Text))
            .StartTestAsync();
    }

    // A newcomer's trial: "…something else: What is SafeCode?. Shall I…".
    [Fact]
    public void TheOfferToSwitchHasNoDoublePunctuation()
    {
        Assert.Contains("something else: What is SafeCode? Shall I", MainTexts.SwitchTopic("What is SafeCode?"), StringComparison.Ordinal);
        Assert.Contains("something else: Find my Harvard ID. Shall I", MainTexts.SwitchTopic("Find my Harvard ID"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task CancelWithNothingRunningSaysSoKindly()
    {
        await Create().Flow()
            .Send("cancel").AssertReply(MainTexts.NothingToCancel)
            .StartTestAsync();
    }

    [Fact]
    public async Task AKnowledgeAnswerOffersTheNextStepsAsButtons()
    {
        await Create().Flow()
            .Send("what is a safecode").AssertReply(reply =>
            {
                var buttons = Buttons(reply);
                Assert.Contains(MainTexts.IntentTitles[Intents.UnlockAccount], buttons);
                Assert.Contains(MainTexts.IntentTitles[Intents.TalkToAgent], buttons);
            })
            .StartTestAsync();
    }
}
