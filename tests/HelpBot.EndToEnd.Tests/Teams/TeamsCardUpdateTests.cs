using HelpBot.Tests.Shared;

namespace HelpBot.EndToEnd.Tests.Teams;

/// <summary>
/// Cards in Teams are updated in place once their button is used (the Playground shows the bot's UpdateActivity as an
/// "updateMessage"). Its own host and Playground: this leaves a flow running in the one personal chat.
/// </summary>
public sealed class TeamsCardUpdateTests(TeamsPlaygroundFixture teams) : IClassFixture<TeamsPlaygroundFixture>
{
    [Fact]
    public async Task AWelcomeButtonUsedInTeamsLeavesACardWithoutButtons()
    {
        var after = teams.FrameCount;
        await teams.InstallAsync();
        var welcome = await teams.WaitForBotMessageAsync(after, TeamsPlaygroundTests.IsWelcomeCard, "the welcome card");
        var messageId = (string)welcome["messageId"]!;
        var button = welcome["attachments"]![0]!["content"]!["actions"]!.AsArray().First(a => (string?)a!["title"] == "Find my Harvard ID")!;

        after = teams.FrameCount;
        await teams.SubmitAsync(messageId, button["data"]!.DeepClone().AsObject());

        var update = await teams.WaitForFrameAsync(after, f => (string?)f["action"] == "updateMessage", "update of the welcome card");
        var updated = update["message"]!.AsObject();
        Assert.Equal(messageId, (string?)updated["messageId"]);
        var card = updated["attachments"]!.AsArray().Single()!["content"]!;
        Assert.Null(card["actions"]);
        Assert.Contains("You picked: Find my Harvard ID", card.ToJsonString(), StringComparison.Ordinal);
        await CardValidator.AssertValidAsync(card);

        // The choice itself is still answered.
        await teams.WaitForBotMessageAsync(after, _ => true, "an answer to the button");
    }
}
