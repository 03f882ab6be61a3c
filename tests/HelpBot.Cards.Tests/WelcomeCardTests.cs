using HelpBot.Tests.Shared;

namespace HelpBot.Cards.Tests;

public class WelcomeCardTests
{
    private static readonly WelcomeCard.Offer[] Offers = [new("Unlock my account", "My account is locked"), new("Find my Harvard ID", "What is my HUID?")];

    [Fact]
    public async Task IsValidAdaptiveCard15() => await CardValidator.AssertValidAsync(WelcomeCard.Build(Offers));

    [Fact]
    public void EachOfferIsAButtonThatSendsItsWords()
    {
        var actions = WelcomeCard.Build(Offers)["actions"]!.AsArray();

        Assert.Equal(["Unlock my account", "Find my Harvard ID"], actions.Select(a => (string?)a!["title"]));
        var data = actions[1]!["data"]!;
        Assert.Equal(WelcomeCard.Payload.ActionName, (string?)data["action"]);
        Assert.Equal("What is my HUID?", (string?)data["utterance"]);
    }

    [Fact]
    public void MentionsTheServiceDeskSoNobodyIsStuck() =>
        Assert.Contains("617-432-2000", WelcomeCard.Build(Offers).ToJsonString(), StringComparison.Ordinal);
}
