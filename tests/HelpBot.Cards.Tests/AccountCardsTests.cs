using HelpBot.Tests.Shared;

namespace HelpBot.Cards.Tests;

public class AccountCardsTests
{
    [Fact]
    public async Task TheUnlockAndResetCardsAreValidAdaptiveCards15() =>
        await CardValidator.AssertValidAsync(
            UnlockedCard.Build("jsmith", ["HMS VPN", "HMS email (OWA, Outlook)"], "Update your password everywhere.", [MobileComputing]),
            ResetLinkCard.Build("mlee", new Uri("http://localhost:3978/reset/abc"), 15),
            KnowledgeCard.Build(new KnowledgeCard.Content("Title", "Text", [new("Phone", "617-432-2000")], ["step"], [new("Open", "https://key.harvard.edu")], "note")),
            KnowledgeCard.Build(new KnowledgeCard.Content("Title", "Text", [new("Valid for", "10 minutes")], [], [MobileComputing], "note", ["MARS", "PeopleView"])));

    private static readonly KnowledgeCard.Link MobileComputing = new("Open the Mobile Computing page", "https://hms.harvard.edu/mobile-computing");

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

    [Fact]
    public void TheDeviceListHasOneStyleInTheUnlockCardAndInTheChecklistCard()
    {
        string[] devices = ["MARS", "PeopleView", "HMS VPN"];
        var unlocked = UnlockedCard.Build("jsmith", devices, "why", [MobileComputing]);
        var checklist = KnowledgeCard.Build(new KnowledgeCard.Content("Update everywhere", "Text", [], [], [MobileComputing], Items: devices));

        // The same single block, "- " items, in both; no "•" blocks of their own.
        var expected = AdaptiveCard.BulletList(devices).ToJsonString();
        Assert.Equal("- MARS\n- PeopleView\n- HMS VPN", (string?)AdaptiveCard.BulletList(devices)["text"]);
        Assert.Single(unlocked["body"]!.AsArray(), b => b!.ToJsonString() == expected);
        Assert.Single(checklist["body"]!.AsArray(), b => b!.ToJsonString() == expected);
        Assert.DoesNotContain("•", unlocked.ToJsonString(), StringComparison.Ordinal);
        Assert.Equal("Update everywhere\nText\n- MARS\n- PeopleView\n- HMS VPN", KnowledgeCard.ToText(new KnowledgeCard.Content("Update everywhere", "Text", [], [], [], Items: devices)));

        // The Mobile Computing page is a link (a button) after "Open eCommons".
        var actions = unlocked["actions"]!.AsArray();
        Assert.Equal(["Open eCommons", MobileComputing.Title], actions.Select(a => (string?)a!["title"]));
        Assert.Equal(MobileComputing.Url, (string?)actions[1]!["url"]);
        Assert.Equal(MobileComputing.Url, (string?)checklist["actions"]![0]!["url"]);
    }

    [Fact]
    public void FactTitlesNeverBreakAcrossLines()
    {
        var rows = AdaptiveCard.Facts(("Valid for", "10 minutes, one use"), ("Sent to", "your phone"))["items"]!.AsArray();

        Assert.Equal(2, rows.Count);
        foreach (var row in rows)
        {
            var columns = row!["columns"]!.AsArray();
            // The title: as wide as its text, on one line; the value: the rest, wrapping.
            Assert.Equal("auto", (string?)columns[0]!["width"]);
            Assert.False((bool)columns[0]!["items"]![0]!["wrap"]!);
            Assert.Equal("stretch", (string?)columns[1]!["width"]);
            Assert.True((bool)columns[1]!["items"]![0]!["wrap"]!);
        }
        Assert.Equal("Valid for", (string?)rows[0]!["columns"]![0]!["items"]![0]!["text"]);
        Assert.Equal("10 minutes, one use", (string?)rows[0]!["columns"]![1]!["items"]![0]!["text"]);
    }
}
