using HelpBot.Tests.Shared;

namespace HelpBot.Cards.Tests;

public class SatisfactionSurveyCardTests
{
    [Fact]
    public async Task IsValidAdaptiveCard15() => await CardValidator.AssertValidAsync(SatisfactionSurveyCard.Build("HD-000042"));

    [Fact]
    public void FiveButtonsEachSubmitTheTicketAndTheirScore()
    {
        var actions = SatisfactionSurveyCard.Build("HD-000042")["actions"]!.AsArray();

        Assert.Equal(SatisfactionSurveyCard.Titles, actions.Select(a => (string?)a!["title"]));
        Assert.Equal([1, 2, 3, 4, 5], actions.Select(a => (int)a!["data"]!["score"]!));
        Assert.All(actions, a =>
        {
            Assert.Equal(SatisfactionSurveyCard.Payload.ActionName, (string?)a!["data"]!["action"]);
            Assert.Equal("HD-000042", (string?)a["data"]!["ticket"]);
        });
    }
}
