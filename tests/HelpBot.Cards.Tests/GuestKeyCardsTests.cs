using HelpBot.Tests.Shared;

namespace HelpBot.Cards.Tests;

public class GuestKeyCardsTests
{
    private static readonly DateOnly Today = new(2026, 11, 28);

    private static readonly Dictionary<string, string> Typed = new()
    {
        ["FirstName"] = "",
        ["LastName"] = "Lopez",
        ["Email"] = "ana at example",
        ["LastDay"] = "2028-01-01",
    };

    private static readonly Dictionary<string, string> Errors = new()
    {
        ["FirstName"] = "Please enter the guest's first name.",
        ["Email"] = "That doesn't look like an e-mail address.",
        ["LastDay"] = "Guest access can last at most one year.",
    };

    [Fact]
    public async Task TheGuestKeyCardsAreValidAdaptiveCards15() =>
        await CardValidator.AssertValidAsync(
            InvitedUserRequestCard.Build(new Dictionary<string, string>(), new Dictionary<string, string>(), Today, Today.AddYears(1)),
            InvitedUserRequestCard.Build(Typed, Errors, Today, Today.AddYears(1)),
            GuestKeyIssuedCard.Build("Ana Lopez", "K7QM-4TXP-9HRW-C2NB", "December 28, 2026", "June 30, 2027", "Giving this key to your guest is your job."),
            GuestListCard.Build([new("1", "Ana Lopez", "Acme", "issued, unused", "not registered yet", null), new("2", "Bo Byrne", "MIT", "used on May 1, 2026", "active until June 30, 2027", "bbyrne")]));

    [Fact]
    public void TheKeyCardsDatesKeepTheirTitlesOnOneLine()
    {
        var card = GuestKeyIssuedCard.Build("Ana Lopez", "K7QM-4TXP-9HRW-C2NB", "December 28, 2026", "June 30, 2027", "Your job.");
        var rows = card["body"]!.AsArray().Single(b => (string?)b!["type"] == "Container")!["items"]!.AsArray();
        var titles = rows.Select(r => r!["columns"]![0]!["items"]![0]!).ToList();

        Assert.Equal(["Works once, until", "Access ends"], titles.Select(t => (string?)t["text"]));
        Assert.All(titles, t => Assert.False((bool)t["wrap"]!));
    }

    [Fact]
    public void TheFormHasEveryFieldOfTheInvitedUserRequestFormAndNeverASponsor()
    {
        var json = InvitedUserRequestCard.Build(new Dictionary<string, string>(), new Dictionary<string, string>(), Today, Today.AddYears(1)).ToJsonString();

        foreach (var id in new[] { "firstName", "lastName", "email", "organisation", "role", "reason", "lastDay" })
        {
            Assert.Contains($"\"id\":\"{id}\"", json, StringComparison.Ordinal);
        }
        Assert.Contains("Temporary employee", json, StringComparison.Ordinal);
        Assert.Contains("Research collaborator", json, StringComparison.Ordinal);
        Assert.Contains("\"max\":\"2027-11-28\"", json, StringComparison.Ordinal);
        Assert.DoesNotContain("sponsor", json, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void ALastDayOutsideTheYearIsExplainedWhereTheDateIs()
    {
        var date = InvitedUserRequestCard.Build(new Dictionary<string, string>(), new Dictionary<string, string>(), Today, Today.AddYears(1))["body"]!.AsArray()
            .Single(e => (string?)e!["type"] == "Input.Date")!;

        Assert.Contains("November 28, 2027", (string)date["errorMessage"]!, StringComparison.Ordinal);
        Assert.Contains("at most one year", (string)date["errorMessage"]!, StringComparison.Ordinal);
    }

    [Fact]
    public void ARejectedFormKeepsWhatWasTypedAndPutsEachErrorRightAfterItsField()
    {
        var body = InvitedUserRequestCard.Build(Typed, Errors, Today, Today.AddYears(1))["body"]!.AsArray();
        var ids = body.Select(n => (string?)n!["id"]).ToList();

        Assert.Equal(ids.IndexOf("firstName") + 1, ids.IndexOf("firstNameError"));
        Assert.Equal(ids.IndexOf("email") + 1, ids.IndexOf("emailError"));
        Assert.Equal(ids.IndexOf("lastDay") + 1, ids.IndexOf("lastDayError"));
        Assert.DoesNotContain("lastNameError", ids);
        Assert.Equal("Lopez", (string?)body.Single(n => (string?)n!["id"] == "lastName")!["value"]);
        Assert.Equal("2028-01-01", (string?)body.Single(n => (string?)n!["id"] == "lastDay")!["value"]);
        Assert.Equal("Attention", (string?)body.Single(n => (string?)n!["id"] == "emailError")!["color"]);
    }
}
