using HelpBot.Tests.Shared;

namespace HelpBot.Cards.Tests;

public class AccountCardsTests
{
    [Fact]
    public async Task TheUnlockAndResetCardsAreValidAdaptiveCards15() =>
        await CardValidator.AssertValidAsync(
            UnlockedCard.Build("jsmith", ["HMS VPN", "HMS email (OWA, Outlook, Entourage)"], "Update your password everywhere."),
            ResetLinkCard.Build("mlee", new Uri("http://localhost:3978/reset/abc"), 15),
            KnowledgeCard.Build(new KnowledgeCard.Content("Title", "Text", [new("Phone", "617-432-2000")], ["step"], [new("Open", "https://key.harvard.edu")], "note")));

    [Fact]
    public void TheResetCardOpensTheLinkAndSaysHowLongItLasts()
    {
        var card = ResetLinkCard.Build("mlee", new Uri("http://localhost:3978/reset/abc"), 15);

        Assert.Equal("Action.OpenUrl", (string?)card["actions"]![0]!["type"]);
        Assert.Equal("http://localhost:3978/reset/abc", (string?)card["actions"]![0]!["url"]);
        Assert.Contains("15 minutes", card.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public void TheUnlockCardListsEveryPlaceToUpdate()
    {
        var json = UnlockedCard.Build("jsmith", ["MARS", "PeopleView"], "why").ToJsonString();

        Assert.Contains("MARS", json, StringComparison.Ordinal);
        Assert.Contains("PeopleView", json, StringComparison.Ordinal);
    }
}
