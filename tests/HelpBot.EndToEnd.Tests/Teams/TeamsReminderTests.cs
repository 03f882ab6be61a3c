using System.Text.Json.Nodes;
using HelpBot.Bot.Reminders;
using HelpBot.Bot.Storage;
using HelpBot.Cards;
using HelpBot.EndToEnd.Tests.AccountFlows;
using HelpBot.Tests.Shared;
using Microsoft.Extensions.DependencyInjection;

namespace HelpBot.EndToEnd.Tests.Teams;

/// <summary>The Playground signed in as mlee, whose password expires in 3 days.</summary>
public sealed class MleePlaygroundFixture() : TeamsPlaygroundFixture(Mlee, null);

/// <summary>
/// Proactive password-expiry reminders arriving in a Teams-like client: the real host, its real scheduler pass and
/// CloudAdapter, and the Agents Playground receiving the card over the Bot Framework Connector API. Each test starts
/// with no remembered chat and no reminder sent, so each one proves how the chat came to be known.
/// </summary>
public sealed class TeamsReminderTests(MleePlaygroundFixture teams) : IClassFixture<MleePlaygroundFixture>
{
    [Fact]
    public async Task AReminderArrivesInTeamsAndChangeItNowStartsTheChangeWithTheCardUpdatedInPlace()
    {
        Forget();
        var after = teams.FrameCount;
        await teams.SendAsync("hello");
        await teams.WaitForBotMessageAsync(after, _ => true, "an answer to hello");

        after = teams.FrameCount;
        Assert.Equal(1, await Reminders.RunOnceAsync(CancellationToken.None));
        var reminder = await teams.WaitForBotMessageAsync(after, IsReminder, "the password-expiry reminder");
        var card = CardOf(reminder);
        Assert.Contains("(3 days). Change it now to avoid being locked out.", card.ToJsonString(), StringComparison.Ordinal);
        await CardValidator.AssertValidAsync(card);

        // "Change it now": an Action.Execute, answered with the card in its used form, which Teams shows in place.
        var button = card["actions"]!.AsArray().Single()!.AsObject();
        Assert.Equal("Action.Execute", (string?)button["type"]);
        after = teams.FrameCount;
        var response = await teams.InvokeAsync((string)reminder["messageId"]!, button.DeepClone().AsObject());
        Assert.Equal(AdaptiveCard.ContentType, (string?)response["type"]);
        var used = response["value"]!.AsObject();
        Assert.Null(used["actions"]);
        Assert.Contains("You chose to change your password now", used.ToJsonString(), StringComparison.Ordinal);
        await CardValidator.AssertValidAsync(used);

        // The change starts without asking who mlee is: Teams proved it (R1), so his masked phone is offered.
        var choose = await teams.WaitForBotMessageAsync(after, m => AccountFlowSays.ChooseChannel.IsMatch(TextOf(m)), "the choice of where to send the SafeCode");
        Assert.Contains(Choices(choose), c => c.Contains("•••• 0102", StringComparison.Ordinal));
        Assert.DoesNotContain(teams.BotMessages(after), m => AccountFlowSays.AskIdentifier.IsMatch(TextOf(m)));
        await EndTheFlowAsync();
    }

    [Fact]
    public async Task InstallingTheAppIsEnoughForTheReminderToArrive()
    {
        Forget();
        var after = teams.FrameCount;
        await teams.InstallAsync();
        await teams.WaitForBotMessageAsync(after, TeamsPlaygroundTests.IsWelcomeCard, "the welcome card");

        // mlee never wrote: the chat was remembered from the installation (installationUpdate / conversationUpdate).
        after = teams.FrameCount;
        Assert.Equal(1, await Reminders.RunOnceAsync(CancellationToken.None));
        await teams.WaitForBotMessageAsync(after, IsReminder, "the password-expiry reminder");
    }

    private PasswordExpiryReminders Reminders => teams.Services.GetRequiredService<PasswordExpiryReminders>();

    /// <summary>No remembered Teams chat and no reminder sent yet.</summary>
    private void Forget()
    {
        var database = teams.Services.GetRequiredService<HelpBotDatabase>();
        database.GetCollection(LiteDbConversationReferences.CollectionName).DeleteAll();
        database.GetCollection(LiteDbSentReminders.CollectionName).DeleteAll();
    }

    private async Task EndTheFlowAsync()
    {
        var after = teams.FrameCount;
        await teams.SendAsync("cancel");
        await teams.WaitForBotMessageAsync(after, _ => true, "an answer to cancel");
    }

    internal static bool IsReminder(JsonObject message) =>
        message["attachments"] is JsonArray { Count: > 0 } attachments
        && (string?)attachments[0]!["contentType"] == AdaptiveCard.ContentType
        && attachments[0]!["content"]!.ToJsonString().Contains("Password expiring soon", StringComparison.Ordinal);

    internal static JsonObject CardOf(JsonObject message) => message["attachments"]!.AsArray().Single()!["content"]!.AsObject();

    internal static string TextOf(JsonObject message) =>
        ((string?)message["text"] ?? "") + "\n" + (message["attachments"]?.ToJsonString() ?? "");

    /// <summary>The titles of the message's suggested actions (the prompt's buttons).</summary>
    internal static IReadOnlyList<string> Choices(JsonObject message) =>
        message["suggestedActions"]?["actions"]?.AsArray().Select(a => (string)a!["title"]!).ToList() ?? [];
}
