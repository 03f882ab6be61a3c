using System.Text.Json.Nodes;
using HelpBot.Tests.Shared;

namespace HelpBot.Cards.Tests;

/// <summary>The validator itself must be able to fail, or every card test passing means nothing.</summary>
public class CardValidatorTests
{
    [Fact]
    public async Task TheOfficialLibraryReportsUnknownElementsAndWrongVersions()
    {
        var broken = JsonNode.Parse("""{"type":"AdaptiveCard","version":"1.6","body":[{"type":"Bogus"}]}""")!;
        var valid = AdaptiveCard.Create(AdaptiveCard.Text("fine"));

        var problems = await CardValidator.ProblemsAsync([broken, valid]);

        Assert.Contains(problems[0], p => p.Contains("Bogus", StringComparison.Ordinal));
        Assert.Contains(problems[0], p => p.Contains("1.6", StringComparison.Ordinal));
        Assert.Empty(problems[1]);
    }
}
