using System.Text.Json.Nodes;
using HelpBot.EndToEnd.Tests.AccountFlows;

namespace HelpBot.EndToEnd.Tests.Teams;

/// <summary>
/// The Teams user's identity when an activity lacks <c>from.aadObjectId</c>: HelpBot asks Teams' roster
/// (<c>TeamsInfo.GetMemberAsync</c>, which the Agents Playground serves at /v3/conversations/{id}/members/{id}) for the
/// Entra object id and UPN. When the roster cannot answer, the turn still works: the user is asked, as in Web Chat.
/// Activities are sent through the Playground's custom activities, exactly as written here.
/// </summary>
public sealed class TeamsIdentityTests(TeamsPlaygroundFixture teams) : IClassFixture<TeamsPlaygroundFixture>
{
    [Fact]
    public async Task WithoutTheObjectIdOnTheActivityJaneIsKnownFromTheRoster_R1()
    {
        var after = teams.FrameCount;
        await teams.SendCustomActivityAsync(MessageFrom(teams.UserId, "my account is locked"));

        // The roster named her: no "which account?", and her masked phone is offered.
        var choose = await teams.WaitForBotMessageAsync(after, m => AccountFlowSays.ChooseChannel.IsMatch(TeamsReminderTests.TextOf(m)), "the choice of where to send the SafeCode");
        Assert.Contains(TeamsReminderTests.Choices(choose), c => c.Contains("•••• 0101", StringComparison.Ordinal));
        Assert.DoesNotContain(teams.BotMessages(after), m => AccountFlowSays.AskIdentifier.IsMatch(TeamsReminderTests.TextOf(m)));
        await CancelAsync();
    }

    [Fact]
    public async Task WhenTheRosterDoesNotKnowTheUserTheTurnStillWorksAndAsksWhoTheyAre()
    {
        var after = teams.FrameCount;
        // Not a member the roster knows: GetMember answers 404 (MemberNotFoundInConversation).
        await teams.SendCustomActivityAsync(MessageFrom("user-id-not-in-the-roster", "my account is locked"));

        await teams.WaitForBotMessageAsync(after, m => AccountFlowSays.AskIdentifier.IsMatch(TeamsReminderTests.TextOf(m)), "\"which account?\"");
        Assert.DoesNotContain(teams.BotMessages(after), m => TeamsReminderTests.TextOf(m).Contains("went wrong", StringComparison.OrdinalIgnoreCase));
        Assert.Contains(teams.Logs.Lines, m => m.Contains("the roster call failed", StringComparison.Ordinal));
        await CancelAsync();
    }

    /// <summary>A Teams message in the personal chat, as Teams would send it, but with no <c>from.aadObjectId</c>.</summary>
    private JsonObject MessageFrom(string userId, string text) => new()
    {
        ["type"] = "message",
        ["id"] = Guid.NewGuid().ToString(),
        ["timestamp"] = DateTimeOffset.UtcNow.ToString("O"),
        ["channelId"] = "msteams",
        ["serviceUrl"] = teams.ServiceUrl,
        ["from"] = new JsonObject { ["id"] = userId, ["name"] = "Jane Smith" },
        ["recipient"] = new JsonObject { ["id"] = teams.BotId, ["name"] = "HelpBot" },
        ["conversation"] = new JsonObject { ["id"] = teams.ConversationId, ["conversationType"] = "personal", ["tenantId"] = TeamsPlaygroundFixture.TenantId },
        ["channelData"] = new JsonObject { ["tenant"] = new JsonObject { ["id"] = TeamsPlaygroundFixture.TenantId } },
        ["text"] = text,
        ["textFormat"] = "plain",
        ["locale"] = "en-US",
    };

    private async Task CancelAsync()
    {
        var after = teams.FrameCount;
        await teams.SendAsync("cancel");
        await teams.WaitForBotMessageAsync(after, _ => true, "an answer to cancel");
    }
}
