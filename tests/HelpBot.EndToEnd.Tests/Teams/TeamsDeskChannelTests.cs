using System.Text.Json.Nodes;
using HelpBot.Dialogs.Handoff;
using HelpBot.Tests.Shared;
using Microsoft.Extensions.DependencyInjection;

namespace HelpBot.EndToEnd.Tests.Teams;

/// <summary>
/// The Playground as both sides: Jane's personal chat with HelpBot (the user asking for a person) and the HMS IT team's
/// "Service Desk" channel, configured as the desk channel (Handoff:Teams:*), where Jane also works as the agent.
/// </summary>
public sealed class DeskPlaygroundFixture() : TeamsPlaygroundFixture(Jsmith, null, playground =>
[
    "--Handoff:Teams:ServiceUrl", new Uri(playground, "/_connector").ToString(),
    "--Handoff:Teams:TeamId", TeamId,
    "--Handoff:Teams:ChannelId", DeskChannelId,
    "--Handoff:ServiceHours", "24/7",
]);

/// <summary>
/// Issue 6 item 4 through a Teams-like client: an escalation is posted as a card in the desk channel and updated in
/// place (waiting → taken by … → resolved); the agent takes it from the card and answers in its thread; replies reach
/// the user's own chat, and the user's words reach the thread.
/// </summary>
public sealed class TeamsDeskChannelTests(DeskPlaygroundFixture teams) : IClassFixture<DeskPlaygroundFixture>
{
    [Fact]
    public async Task AnEscalationIsTakenFromItsCardAndAnsweredInItsThread()
    {
        await teams.InstallAsync(TeamsPlaygroundFixture.DeskChannelId);
        var after = teams.FrameCount;
        await teams.SendAsync("talk to a person");

        var posted = await teams.WaitForBotMessageAsync(after, IsEscalationCard, "the escalation card in the desk channel");
        var card = TeamsReminderTests.CardOf(posted);
        await CardValidator.AssertValidAsync(card);
        Assert.EndsWith("· Waiting", Heading(card), StringComparison.Ordinal);
        // The reason in agents' words, not the enum's name.
        Assert.Contains("Asked for a person", card.ToJsonString(), StringComparison.Ordinal);
        Assert.DoesNotContain("UserAsked", card.ToJsonString(), StringComparison.Ordinal);
        var cardId = (string)posted["messageId"]!;
        var thread = $"{TeamsPlaygroundFixture.DeskChannelId};messageid={cardId}";
        var escalation = (await teams.Services.GetRequiredService<IEscalationStore>().ListOpenAsync()).Single();
        Assert.StartsWith(escalation.Ticket, Heading(card), StringComparison.Ordinal);

        // The agent presses "Take it": answered at once, then the card changes for everyone and the user is told.
        after = teams.FrameCount;
        var take = card["actions"]!.AsArray().Single()!.DeepClone().AsObject();
        var answer = await teams.InvokeAsync(cardId, take.DeepClone().AsObject(), thread);
        Assert.Null(answer["value"]!["actions"]);
        var taken = await WaitForCardUpdateAsync(after, cardId, "· Taken by Jane Smith");
        Assert.Null(taken["actions"]);
        await CardValidator.AssertValidAsync(taken);
        await WaitForTextAsync(after, teams.ConversationId, "Jane Smith from the HMS IT Service Desk has joined the chat");
        Assert.Equal(EscalationStatus.Taken, (await Store.GetAsync(escalation.Ticket))!.Status);

        // A second press (a stale card, or another agent racing) loses, and is told who has it.
        after = teams.FrameCount;
        await teams.InvokeAsync(cardId, take.DeepClone().AsObject(), thread);
        await WaitForTextAsync(after, thread, $"is already taken by Jane Smith");

        // The agent answers in the card's thread; the user reads it in their own chat.
        after = teams.FrameCount;
        await teams.SendInChannelAsync(thread, "Hi, I'm looking at your account now.");
        // Teams shows the bot's own name on its messages: the agent's name heads the message, in bold.
        await WaitForTextAsync(after, teams.ConversationId, "**Jane Smith** · HMS IT Service Desk\n\nHi, I'm looking at your account now.");

        // The user's words go to the thread.
        after = teams.FrameCount;
        await teams.SendAsync("thank you, it is the printer login");
        await WaitForTextAsync(after, thread, "thank you, it is the printer login");

        // Resolved (here from the console's side): the card says so, without a button.
        after = teams.FrameCount;
        var agentId = $"teams:{TeamsPlaygroundFixture.JsmithAadObjectId}";
        Assert.True(await teams.Services.GetRequiredService<AgentDesk>().ResolveAsync(escalation.Ticket, agentId, "printer login reset"));
        var resolved = await WaitForCardUpdateAsync(after, cardId, "· Resolved by Jane Smith");
        Assert.Null(resolved["actions"]);
        await CardValidator.AssertValidAsync(resolved);
    }

    private IEscalationStore Store => teams.Services.GetRequiredService<IEscalationStore>();

    /// <summary>The card of message <paramref name="messageId"/> as updated in place, once its heading ends with <paramref name="state"/>.</summary>
    private async Task<JsonObject> WaitForCardUpdateAsync(int after, string messageId, string state)
    {
        var update = await teams.WaitForFrameAsync(after, f => (string?)f["action"] == "updateMessage"
            && (string?)f["message"]?["messageId"] == messageId
            && f["message"]?["attachments"]?[0]?["content"] is { } c && Heading(c).EndsWith(state, StringComparison.Ordinal), $"the card updated to \"{state}\"");
        return update["message"]!["attachments"]![0]!["content"]!.AsObject();
    }

    /// <summary>Waits for a bot message in <paramref name="conversationId"/> whose text contains <paramref name="text"/>.</summary>
    private Task<JsonObject> WaitForTextAsync(int after, string conversationId, string text) =>
        teams.WaitForFrameAsync(after, f => (string?)f["action"] == "createMessage"
            && (string?)f["actionConversationId"] == conversationId
            && (string?)f["message"]?["from"]?["id"] == teams.BotId
            && ((string?)f["message"]?["text"] ?? "").Contains(text, StringComparison.Ordinal), $"\"{text}\" in {conversationId}");

    private static string Heading(JsonNode card) => (string)card["body"]![0]!["text"]!;

    private static bool IsEscalationCard(JsonObject message) =>
        message["attachments"] is JsonArray { Count: > 0 } attachments
        && attachments[0]!["content"]!.ToJsonString().Contains("HD-", StringComparison.Ordinal);
}
