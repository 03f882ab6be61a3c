using HelpBot.Cards;
using HelpBot.Dialogs.Knowledge;
using HelpBot.Tests.Shared;

namespace HelpBot.Dialogs.Tests.Knowledge;

public class KnowledgeBaseTests
{
    private static readonly KnowledgeBase Knowledge = KnowledgeBase.LoadEmbedded();

    [Fact]
    public async Task EveryAnswerIsAValidAdaptiveCard() =>
        await CardValidator.AssertValidAsync(Knowledge.Ids.Select(id => (System.Text.Json.Nodes.JsonNode)KnowledgeCard.Build(Knowledge.Get(id))).ToArray());

    [Theory]
    [InlineData("huid_lookup", "first eight digits")]
    [InlineData("contact_office/hms-staff", "human_resources@hms.harvard.edu")]
    [InlineData("contact_office/hms-student", "617-432-1515")]
    [InlineData("contact_office/hsdm-student", "617-432-8243")]
    [InlineData("contact_office/hsph-staff", "617-432-1045")]
    [InlineData("contact_office/hsph-student", "617-432-1032")]
    [InlineData("huid_pin_help", "617-496-9001")]
    [InlineData("harvardkey_help", "key.harvard.edu")]
    [InlineData("departmental_account", "617-432-2000")]
    [InlineData("update_profile", "PeopleSoft")]
    [InlineData("ecommons_register", "STEP 2")]
    [InlineData("ecommons_register/affiliate", "STEP 3")]
    [InlineData("device_lockouts", "HMS VPN")]
    [InlineData("safecode_help", "alternate email")]
    [InlineData("guest_key_sponsor", "Invited User Request Form")]
    public void AnswersCarryTheSeedPagesFacts(string id, string fact) =>
        Assert.Contains(fact, KnowledgeCard.ToText(Knowledge.Get(id)), StringComparison.Ordinal);

    [Fact]
    public void TheDeviceChecklistNamesEverySystemOnTheSeedPage()
    {
        var text = KnowledgeCard.ToText(Knowledge.Get("device_lockouts"));
        foreach (var system in new[] { "eCommons and MyCourses", "MARS", "PeopleView", "File Sharing", "Wireless", "VPN", "OWA", "Outlook", "laptop", "home desktop", "iPhone" })
        {
            Assert.Contains(system, text, StringComparison.Ordinal);
        }
        // Entourage (Microsoft's old Mac mail client) was discontinued long ago: nobody has it to update.
        Assert.DoesNotContain("Entourage", text, StringComparison.Ordinal);
    }

    [Fact]
    public void TheDeviceChecklistIsABulletedListWithTheMobileComputingPageAsALink()
    {
        var checklist = Knowledge.Get("device_lockouts");
        Assert.Empty(checklist.Steps);
        Assert.NotNull(checklist.Items);
        Assert.Contains("HMS VPN", checklist.Items);

        var body = KnowledgeCard.Build(checklist)["body"]!.AsArray();
        var list = Assert.Single(body, b => ((string?)b!["text"])?.StartsWith("- ", StringComparison.Ordinal) == true)!;
        Assert.Equal(checklist.Items.Count, ((string)list["text"]!).Split('\n').Length);
        Assert.All(((string)list["text"]!).Split('\n'), line => Assert.StartsWith("- ", line, StringComparison.Ordinal));

        var link = Assert.Single(checklist.Links);
        Assert.Equal("Open the Mobile Computing page", link.Title);
        Assert.StartsWith("https://hms.harvard.edu/", link.Url, StringComparison.Ordinal);
        Assert.Contains("mobile-computing", link.Url, StringComparison.Ordinal);
    }
}
