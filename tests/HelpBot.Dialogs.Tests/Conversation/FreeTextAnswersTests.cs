using HelpBot.Dialogs.Accounts;
using HelpBot.Dialogs.Engine.Prompts;
using HelpBot.Dialogs.Messaging;
using HelpBot.Dialogs.SafeCode;

namespace HelpBot.Dialogs.Tests.Conversation;

/// <summary>
/// Issue 13, class 2: what a person types instead of tapping a button is understood at the prompts — a username inside
/// a sentence, the channel in their own words, yes and no said loosely. Written from how people answer, not from the
/// recognizer's data.
/// </summary>
public sealed class FreeTextAnswersTests : IDisposable
{
    private readonly BotHarness _bot = new();

    public void Dispose() => _bot.Dispose();

    [Theory]
    [InlineData("jsmith", "jsmith")]
    [InlineData("it's jsmith", "jsmith")]
    [InlineData("It’s jsmith.", "jsmith")]
    [InlineData("my username is jsmith", "jsmith")]
    [InlineData("username: jsmith", "jsmith")]
    [InlineData("username jsmith@hms.harvard.edu", "jsmith@hms.harvard.edu")]
    [InlineData("I think it's jane.smith@example.org", "jane.smith@example.org")]
    [InlineData("jsmith is my login", "jsmith")]
    [InlineData("I'm jsmith", "jsmith")]
    [InlineData("I don't remember it", null)]
    [InlineData("idk", null)]
    [InlineData("i dont know it, thats the problem", null)]
    [InlineData("forgot my username too", null)]
    [InlineData("forgot password, username jsmith", "jsmith")]
    [InlineData("it's locked", null)]
    [InlineData("no", null)]
    public void AUsernameIsFoundInsideASentence(string said, string? username) =>
        Assert.Equal(username, IdentifierText.Find(said));

    [Fact]
    public async Task AForgottenUsernameIsAnsweredAndAForgottenPasswordWithItStartsTheReset()
    {
        await _bot.Flow(_bot.NewUser())
            .Send("hi, I can't remember my username").AssertReply(r => Assert.Equal(AccountTexts.ForgotUsername, ((Microsoft.Bot.Schema.Activity)r).Text))
            .StartTestAsync();
        await _bot.Flow(_bot.NewUser())
            .Send("i forgot my username and my password").AssertReply(r => Assert.Equal(AccountTexts.ForgotUsername, ((Microsoft.Bot.Schema.Activity)r).Text))
            .AssertReply(AccountTexts.AskIdentifier)
            .StartTestAsync();
    }

    // A newcomer's trial: "i dont know it, thats the problem" at the username question got the same question again.
    [Fact]
    public async Task NotKnowingTheUsernameGetsWhatWorksInsteadAndWhoCanFindIt()
    {
        await _bot.Flow(_bot.NewUser())
            .Send("I'm locked out of my account").AssertReply(AccountTexts.AskIdentifier)
            .Send("i dont know it, thats the problem").AssertReply(r => Assert.Equal(AccountTexts.ForgotUsername, ((Microsoft.Bot.Schema.Activity)r).Text))
            .Send("jane.smith@example.org").AssertReply(reply => Assert.Contains("SafeCode", ((Microsoft.Bot.Schema.Activity)reply).Text, StringComparison.Ordinal))
            .StartTestAsync();
    }

    [Theory]
    [InlineData("sure, do it here", true)]
    [InlineData("please go ahead", true)]
    [InlineData("yeah why not", true)]
    [InlineData("yes please, that would be great", true)]
    [InlineData("nah I'll use the website", false)]
    [InlineData("no, don't bother", false)]
    [InlineData("not right now thanks", false)]
    [InlineData("maybe", null)]
    [InlineData("yes... actually no, don't", null)]
    public void YesAndNoAreUnderstoodAsPeopleSayThem(string said, bool? yes) =>
        Assert.Equal(yes, ConfirmPrompt.Recognize(said));

    [Theory]
    [InlineData("my cell please", MessageChannel.Text)]
    [InlineData("mobile", MessageChannel.Text)]
    [InlineData("send it to my other address", MessageChannel.Email)]
    [InlineData("personal email", MessageChannel.Email)]
    public async Task TheUsernameInASentenceAndTheChannelInOwnWordsStartTheSafeCode(string channel, MessageChannel expected)
    {
        await _bot.Flow(_bot.NewUser())
            .Send("I'm locked out of my account").AssertReply(AccountTexts.AskIdentifier)
            .Send("hi, it's jsmith").AssertReply(_ => { })
            .Send(channel).AssertReply(SafeCodeDialogTexts.SentIfOnFile(expected))
            .StartTestAsync();
        var to = expected == MessageChannel.Text ? "+16175550101" : "jane.smith@example.org";
        Assert.Matches(@"^\d{6}$", await _bot.SafeCodeSentToAsync(to));
    }

    [Fact]
    public async Task AnAnswerThatIsNotUnderstoodIsNeverAskedAgainInTheSameWords()
    {
        var replies = new List<string>();
        await _bot.Flow(_bot.NewUser())
            .Send("I'm locked out of my account").AssertReply(AccountTexts.AskIdentifier)
            .Send("hmm, I'm not sure what you mean by that").AssertReply(r => replies.Add(r.AsMessageActivity().Text))
            .Send("what do you want from me").AssertReply(r => replies.Add(r.AsMessageActivity().Text))
            .StartTestAsync();
        Assert.NotEqual(AccountTexts.AskIdentifier, replies[0]);
        Assert.NotEqual(replies[0], replies[1]);
    }
}
