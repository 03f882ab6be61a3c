using System.Text.Json.Nodes;
using HelpBot.Dialogs.Accounts;
using HelpBot.EndToEnd.Tests.AccountFlows;
using Microsoft.Extensions.DependencyInjection;

namespace HelpBot.EndToEnd.Tests.Teams;

/// <summary>
/// HelpBot in a Teams-like client: the Microsoft 365 Agents Playground sends real <c>msteams</c> activities (personal
/// chat, tenant, <c>from.aadObjectId</c>) to the real host. Jane Smith is signed in, so Teams has proved who she is.
/// </summary>
public sealed class TeamsPlaygroundTests(TeamsPlaygroundFixture teams) : IClassFixture<TeamsPlaygroundFixture>
{
    // The seed's locked account whose Entra object id the Playground's user has, and her text phone.
    private const string Username = "jsmith";
    private const string Phone = "+16175550101";

    /// <summary>The Playground itself listens on every interface; tests/tools/loopback-only.js must keep it on 127.0.0.1.</summary>
    [Fact]
    public async Task ThePlaygroundCannotBeReachedFromTheNetwork()
    {
        Assert.Empty(await teams.NonLoopbackAddressesReachingThePlaygroundAsync());
    }

    [Fact]
    public async Task InstallingTheAppInTeamsBringsTheWelcomeCard()
    {
        var after = teams.FrameCount;
        await teams.InstallAsync();

        var welcome = await teams.WaitForBotMessageAsync(after, IsWelcomeCard, "the welcome card");
        var card = welcome["attachments"]!.AsArray().Single()!["content"]!;
        Assert.Contains(card["actions"]!.AsArray(), a => (string?)a!["title"] == "Unlock my account");
    }

    [Fact]
    public async Task InTeamsJaneUnlocksHerAccountWithoutGivingAUsername()
    {
        var directory = teams.Services.GetRequiredService<IAccountDirectory>();
        Assert.True((await directory.FindAsync(Username))!.IsLocked);

        var after = teams.FrameCount;
        await teams.SendAsync("my account is locked");
        // Teams proved who she is (R1): no "which account?", and the masked phone is offered straight away.
        var choose = await teams.WaitForBotMessageAsync(after, m => AccountFlowSays.ChooseChannel.IsMatch(TextOf(m)), "the choice of where to send the SafeCode");
        Assert.DoesNotContain(teams.BotMessages(after), m => AccountFlowSays.AskIdentifier.IsMatch(TextOf(m)));
        var choices = choose["suggestedActions"]!["actions"]!.AsArray().Select(a => (string)a!["title"]!).ToList();
        var textChoice = Assert.Single(choices, c => c.Contains("•••• 0101", StringComparison.Ordinal));
        Assert.DoesNotContain(choices, c => c.Contains("5550101", StringComparison.Ordinal));

        var sent = teams.OutboxCount();
        after = teams.FrameCount;
        await teams.SendAsync(textChoice);
        // To a proven Teams user the bot names the (masked) destination it texted.
        await teams.WaitForBotMessageAsync(after, m => TextOf(m).Contains("sent a 6-digit SafeCode to •••• 0101", StringComparison.Ordinal), "\"I've sent a 6-digit SafeCode to •••• 0101\"");
        var code = await teams.WaitForSafeCodeAsync(Phone, sent);

        after = teams.FrameCount;
        await teams.SendAsync(code);
        await teams.WaitForBotMessageAsync(after, m => TextOf(m).Contains(AccountFlowSays.UnlockedTitle, StringComparison.Ordinal), "\"Your account is unlocked\"");
        Assert.False((await directory.FindAsync(Username))!.IsLocked);
    }

    internal static bool IsWelcomeCard(JsonObject message) =>
        message["attachments"] is JsonArray { Count: > 0 } attachments
        && (string?)attachments[0]!["contentType"] == "application/vnd.microsoft.card.adaptive"
        && attachments[0]!["content"]!.ToJsonString().Contains("HelpBot from HMS IT", StringComparison.Ordinal);

    /// <summary>The message's text and, for cards, everything in them.</summary>
    private static string TextOf(JsonObject message) =>
        ((string?)message["text"] ?? "") + "\n" + (message["attachments"]?.ToJsonString() ?? "");
}
