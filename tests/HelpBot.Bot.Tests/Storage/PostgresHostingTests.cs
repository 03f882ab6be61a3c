using System.Net.Http.Json;
using System.Text.Json.Nodes;
using HelpBot.Bot.Tests.Hosting;
using HelpBot.Dialogs.Accounts;
using HelpBot.Dialogs.SafeCode;
using Microsoft.Extensions.DependencyInjection;

namespace HelpBot.Bot.Tests.Storage;

/// <summary>Two HelpBot instances with <c>Storage:Provider=Postgres</c> on one database: a conversation goes on whichever instance gets its next message.</summary>
public sealed class PostgresHostingTests(PostgresServerFixture fixture) : IClassFixture<PostgresServerFixture>
{
    [Fact]
    public async Task AConversationStartedOnOneInstanceGoesOnWhereItWasOnTheOther()
    {
        var settings = new Dictionary<string, string?>
        {
            ["Storage:Provider"] = "Postgres",
            ["Storage:Postgres"] = fixture.Server.ConnectionString(fixture.Server.NewDatabase()),
        };
        using var a = new HelpBotFactory(settings);
        using var b = new HelpBotFactory(settings);
        using var clientA = a.CreateClient();
        using var clientB = b.CreateClient();

        var first = await SayAsync(clientA, "I'm locked out of my account");
        var second = await SayAsync(clientB, "jsmith");

        Assert.Contains(AccountTexts.AskIdentifier, first, StringComparison.Ordinal);
        // B knew the flow was waiting for a username: it goes on to the SafeCode, as A would have.
        Assert.Contains(SafeCodeDialogTexts.ChooseChannel, second, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ASafeCodeSentByOneInstanceUnlocksTheAccountWhenTypedOnTheOther()
    {
        var settings = new Dictionary<string, string?>
        {
            ["Storage:Provider"] = "Postgres",
            ["Storage:Postgres"] = fixture.Server.ConnectionString(fixture.Server.NewDatabase()),
            // Instances that check each other's codes share the key the codes are hashed with (docs/operations.md).
            ["SafeCode:HashKey"] = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)),
        };
        using var a = new HelpBotFactory(settings);
        using var b = new HelpBotFactory(settings);
        using var clientA = a.CreateClient();
        using var clientB = b.CreateClient();

        await SayAsync(clientA, "I'm locked out of my account", "c-code-across");
        await SayAsync(clientB, "jsmith", "c-code-across");
        await SayAsync(clientA, "text me", "c-code-across");
        var code = await new HelpBot.Tests.Shared.OutboxFile(Path.Combine(a.DataDirectory, "outbox.jsonl")).WaitForSafeCodeAsync("+16175550101");
        var verified = await SayAsync(clientB, code, "c-code-across");

        Assert.Contains(SafeCodeDialogTexts.Verified, verified, StringComparison.Ordinal);
    }

    /// <summary>Every store several instances share, as the host resolves them.</summary>
    private static readonly Type[] SharedStores =
    [
        typeof(Microsoft.Bot.Builder.IStorage), typeof(ISafeCodeStore), typeof(HelpBot.Dialogs.PasswordReset.IResetTokenStore), typeof(HelpBot.Dialogs.Audit.IAuditLog),
        typeof(HelpBot.Dialogs.GuestKeys.IGuestKeyStore), typeof(HelpBot.Dialogs.Handoff.IEscalationStore), typeof(HelpBot.Dialogs.Registration.IRegistrationRequests),
        typeof(HelpBot.Dialogs.Registration.IPendingProfileChanges), typeof(HelpBot.Dialogs.Reminders.IConversationReferences), typeof(HelpBot.Bot.Reminders.ISentReminders),
        typeof(HelpBot.Bot.AgentConsole.IAgentAccounts), typeof(HelpBot.Bot.AgentConsole.IDeskActivityStore), typeof(HelpBot.Bot.Teams.IDeskCards),
        typeof(HelpBot.Bot.DirectLine.IDirectLineConversationStore), typeof(HelpBot.Dialogs.Messaging.IOutboxStore),
    ];

    [Fact]
    public void WithPostgresEveryStoreTheInstancesShareIsInPostgres_AndByDefaultNoneIs()
    {
        using var postgres = new HelpBotFactory(new Dictionary<string, string?>
        {
            ["Storage:Provider"] = "Postgres",
            ["Storage:Postgres"] = fixture.Server.ConnectionString(fixture.Server.NewDatabase()),
        });
        using var liteDb = new HelpBotFactory();

        Assert.All(SharedStores, store => Assert.Equal(typeof(HelpBot.Bot.Storage.Postgres.PostgresStorage).Namespace, postgres.Services.GetRequiredService(store).GetType().Namespace));
        Assert.All(SharedStores, store => Assert.NotEqual(typeof(HelpBot.Bot.Storage.Postgres.PostgresStorage).Namespace, liteDb.Services.GetRequiredService(store).GetType().Namespace));
    }

    private static async Task<string> SayAsync(HttpClient client, string text, string conversation = "c-two-instances")
    {
        using var response = await client.PostAsJsonAsync(new Uri("/api/messages", UriKind.Relative), Activities.Message(conversation, text));
        response.EnsureSuccessStatusCode();
        var replies = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["activities"]!.AsArray();
        return string.Join("\n", replies.Select(r => (string?)r!["text"]));
    }
}
