using HelpBot.Dialogs.Messaging;
using HelpBot.Dialogs.SafeCode;
using static HelpBot.Dialogs.Tests.BotHarness;

namespace HelpBot.Dialogs.Tests.SafeCode;

/// <summary>The SafeCode step as the user meets it inside the unlock flow: resends, switching channel, typing the code loosely.</summary>
public sealed class SafeCodeDialogTests : IDisposable
{
    private readonly BotHarness _bot = new();

    [Fact]
    public async Task ResendSendsANewCodeAndOnlyTheNewestOneWorks()
    {
        var (user, first) = await JaneWaitingForATextedCodeAsync();
        var sentSoFar = _bot.Outbox().Count;

        await _bot.Flow(user)
            .Send("I didn't get it").AssertReply(SafeCodeDialogTexts.NotArrived).AssertReply(SafeCodeDialogTexts.SentIfOnFile(MessageChannel.Text))
            .StartTestAsync();
        var second = await _bot.SafeCodeSentToAsync("+16175550101", sentSoFar);
        Assert.NotEqual(first, second); // (one chance in a million of a false failure)

        await _bot.Flow(user)
            .Send(second).AssertReply(SafeCodeDialogTexts.Verified).AssertReply(r => Assert.Equal("Your account is unlocked", CardTitle(r)))
            .StartTestAsync();
    }

    // A newcomer's trial: "the code is 447218" was read as "what is a SafeCode?" and offered to switch topics.
    [Fact]
    public async Task ACodeTypedWithWordsAroundItIsTheCode()
    {
        var (user, code) = await JaneWaitingForATextedCodeAsync();

        await _bot.Flow(user)
            .Send($"ok the code is {code[..3]} {code[3..]}, got it by text").AssertReply(SafeCodeDialogTexts.Verified)
            .StartTestAsync();
    }

    /// <summary>Jane, locked out, has asked for her code by text: the chat and the code on her phone.</summary>
    private async Task<(Microsoft.Bot.Builder.Adapters.TestAdapter User, string Code)> JaneWaitingForATextedCodeAsync()
    {
        var user = _bot.NewUser();
        await _bot.Flow(user)
            .Send("I'm locked out of my account").AssertReply(_ => { })
            .Send("jsmith").AssertReply(_ => { })
            .Send("text").AssertReply(_ => { })
            .StartTestAsync();
        return (user, await _bot.SafeCodeSentToAsync("+16175550101"));
    }

    [Theory]
    [InlineData("447218", "447218")]
    [InlineData("the code is 447218", "447218")]
    [InlineData("ok its 447 218", "447218")]
    [InlineData("447-218 thanks", "447218")]
    [InlineData("my huid is 70000001", "")]
    [InlineData("is it 123456 or 654321", "")]
    [InlineData("it expired on 2026-03-04", "")]
    [InlineData("I tried 5 times and the code 123456 was wrong every single time, what is going on with this", "")]
    public void TheCodeInAShortSentenceIsRead(string said, string code) =>
        Assert.Equal(code, HelpBot.Dialogs.Messaging.TypedDigits.CodeIn(said));

    [Fact]
    public async Task UseEmailSwitchesTheCodeToTheAlternateEmail()
    {
        var user = _bot.NewUser();
        await _bot.Flow(user)
            .Send("I'm locked out of my account").AssertReply(_ => { })
            .Send("jsmith").AssertReply(_ => { })
            .Send("text").AssertReply(_ => { })
            .Send("use email").AssertReply(SafeCodeDialogTexts.SentIfOnFile(MessageChannel.Email))
            .StartTestAsync();
        var code = await _bot.SafeCodeSentToAsync("jane.smith@example.org");

        // Spaces or a dash in the middle are fine: people copy codes as they see them.
        await _bot.Flow(user)
            .Send($"{code[..3]} {code[3..]}").AssertReply(SafeCodeDialogTexts.Verified)
            .StartTestAsync();
    }

    // Issue 13, class 3: a code that did not come, said as people say it, keeps the user in the flow.
    [Theory]
    [InlineData("nothing came", "")]
    [InlineData("I never received the code", "")]
    [InlineData("still waiting for it...", "")]
    [InlineData("it hasn't arrived yet", "")]
    [InlineData("haven't gotten anything", "")]
    [InlineData("please resend", "")]
    [InlineData("send me a new one", "")]
    [InlineData("can you send it to my e-mail instead?", "email")]
    [InlineData("I didn't get a text, try my other address", "email")]
    [InlineData("text my cell instead please", "text")]
    [InlineData("email please", "email")]
    [InlineData("ugh, this is hopeless. just text it", "text")]
    [InlineData("how about my phone", "text")]
    [InlineData("can you email it", "email")]
    [InlineData("ok email then", "email")]
    [InlineData("fine, let's do text", "text")]
    [InlineData("email works", "email")]
    [InlineData("ok", null)]
    [InlineData("123456", null)]
    [InlineData("what is a safecode", null)]
    [InlineData("I'm not sure", null)]
    [InlineData("jsmith", null)]
    public void ACodeThatDidNotComeIsUnderstoodAsPeopleSayIt(string said, string? channel) =>
        Assert.Equal(channel, SafeCodeDialog.AsResend(said));

    [Fact]
    public async Task NothingCameGetsAHintAndANewCodeThenAnotherChannelOnRequest()
    {
        var user = _bot.NewUser();
        await _bot.Flow(user)
            .Send("I'm locked out of my account").AssertReply(_ => { })
            .Send("jsmith").AssertReply(_ => { })
            .Send("text").AssertReply(_ => { })
            .Send("hmm nothing came through").AssertReply(reply =>
            {
                var text = reply.AsMessageActivity().Text;
                Assert.Contains("617-432-2000", text, StringComparison.Ordinal);
                Assert.Contains("username", text, StringComparison.Ordinal);
                Assert.Contains("use email", text, StringComparison.Ordinal);
            })
            .AssertReply(SafeCodeDialogTexts.SentIfOnFile(MessageChannel.Text))
            .Send("could you email it to me instead").AssertReply(SafeCodeDialogTexts.SentIfOnFile(MessageChannel.Email))
            .StartTestAsync();
        var code = await _bot.SafeCodeSentToAsync("jane.smith@example.org");
        await _bot.Flow(user)
            .Send(code).AssertReply(SafeCodeDialogTexts.Verified)
            .StartTestAsync();
    }

    [Theory]
    [InlineData("123456", "123456")]
    [InlineData(" 123 456 ", "123456")]
    [InlineData("123-456", "123456")]
    [InlineData("12345", "")]
    [InlineData("1234567", "")]
    [InlineData("12a456", "")]
    public void CodesAreReadWithSpacesAndDashesIgnored(string typed, string expected) =>
        Assert.Equal(expected, SafeCodeDialog.Digits(typed.Trim()));

    public void Dispose() => _bot.Dispose();
}
