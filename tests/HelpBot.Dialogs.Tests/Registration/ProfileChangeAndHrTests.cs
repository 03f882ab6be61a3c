namespace HelpBot.Dialogs.Tests.Registration;

/// <summary>
/// Issue 13, class 4: "how do I update my e-mail? it still shows my old one" asks how (My Address in eCommons,
/// Whitepages), not why the change isn't showing; and "does HR need to know too?" about such a change is answered with
/// HR and PeopleSoft, not with the Harvard ID office card. Own wordings.
/// </summary>
public sealed class ProfileChangeAndHrTests : IDisposable
{
    private readonly BotHarness _bot = new();

    public void Dispose() => _bot.Dispose();

    [Fact]
    public async Task HowToUpdateWithTheOldOneStillShowingGetsTheSteps()
    {
        var reply = await _bot.SayAsync(_bot.NewUser(), "how can I change my email in the directory? it still has my old hospital address");

        Assert.Contains("My Address", reply, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("do I have to tell HR as well, or is that it?")]
    [InlineData("does human resources need to hear about this too?")]
    public async Task WhetherHrNeedsToKnowIsAnsweredWithPeopleSoft(string question)
    {
        var user = _bot.NewUser();
        Assert.Contains("My Address", await _bot.SayAsync(user, "my email address changed, how do I update it?"), StringComparison.Ordinal);

        var reply = await _bot.SayAsync(user, question);

        Assert.Contains("PeopleSoft", reply, StringComparison.Ordinal);
        Assert.DoesNotContain("For Harvard ID questions", reply, StringComparison.Ordinal);
    }
}
